"""SEATS records as OneRoster rows. Plain values in, CSV rows out: no database access here, so the
mapping can be read (and tested) on its own.

Mapping (docs/oneroster.md): the provider is a ``school`` org (its housing LEA, if any, a
``district`` parent); the school year and the session are academic sessions; each offering is a
course and each offering in the session a class; students and teachers of record are users with a
role at the provider; each CCA is a student enrollment and each teacher of record teaches the
classes of the CCAs they are on.

sourcedIds are UUIDv5 names of SEATS keys, so an export made again (tomorrow, or by the state for
the same provider) names every record the same way and an LMS updates instead of duplicating.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from seats.domain.calendars import school_year_label
from seats.domain.catalog import Session, TermType

from . import spec
from .spec import FileSpec

#: The namespace of every SEATS sourcedId. Never change it: LMSs key their records on the ids.
NAMESPACE = uuid.UUID("1c1110c7-83d6-4b81-8a5d-a16f733b824f")

Row = tuple[str, ...]


def sourced_id(kind: str, *keys: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *(str(k) for k in keys)])))


def grade_code(grade: int) -> str:
    """A SEATS grade (0 = kindergarten) as a CEDS grade level."""
    return "KG" if grade == 0 else f"{grade:02d}"


def clean(text: str) -> str:
    """One line of text: the binding forbids line breaks inside a value."""
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Org:
    pk: int
    code: str
    name: str


@dataclass(frozen=True)
class Offering:
    pk: int
    core_code: str
    title: str
    grade_min: int
    grade_max: int


@dataclass(frozen=True)
class Person:
    """A student or a teacher of record, with only what an LMS needs (no birth date, no plans)."""

    key: str  # "student:<pk>" or "teacher:<pk>"
    username: str
    given_name: str
    family_name: str
    preferred_given_name: str
    identifier: str
    id_type: str  # "SSID" or "CACTUS"
    email: str
    grade: int | None


@dataclass(frozen=True)
class Enrollment:
    cca_pk: int
    offering_pk: int
    student_key: str
    teacher_key: str | None
    begin: date | None
    end: date | None


@dataclass(frozen=True)
class Term:
    school_year: int
    session: Session
    year_start: date
    year_end: date
    start: date
    end: date


def _row(file_spec: FileSpec, **values: str) -> Row:
    unknown = set(values) - set(file_spec.header)
    assert not unknown, f"{file_spec.name} has no columns {unknown}"
    return tuple(values.get(name, "") for name in file_spec.header)


class RosterBuilder:
    """Collects the rows of one provider's session; ``tables()`` returns them sorted."""

    def __init__(self, provider: Org, parent: Org | None, term: Term) -> None:
        self.provider, self.parent, self.term = provider, parent, term
        self.provider_id = sourced_id("org", provider.pk)
        self.year_id = sourced_id("schoolYear", provider.pk, term.school_year)
        self.term_id = sourced_id("term", provider.pk, term.school_year, term.session.value)

    def tables(
        self,
        offerings: list[Offering],
        people: list[Person],
        enrollments: list[Enrollment],
    ) -> dict[str, list[Row]]:
        tables = {
            "orgs": self.orgs(),
            "academicSessions": self.sessions(),
            "courses": [self.course(o) for o in offerings],
            "classes": [self.klass(o) for o in offerings],
            "users": [self.user(p) for p in people],
            "roles": [self.role(p) for p in people],
            "enrollments": [self.student_enrollment(e) for e in enrollments]
            + self.teacher_enrollments(enrollments),
        }
        return {name: sorted(rows) for name, rows in tables.items()}

    def orgs(self) -> list[Row]:
        parent_id = sourced_id("org", self.parent.pk) if self.parent else ""
        rows = [
            _row(
                spec.ORGS,
                sourcedId=self.provider_id,
                name=clean(self.provider.name),
                type="school",
                identifier=self.provider.code,
                parentSourcedId=parent_id,
            )
        ]
        if self.parent:
            rows.append(
                _row(
                    spec.ORGS,
                    sourcedId=parent_id,
                    name=clean(self.parent.name),
                    type="district",
                    identifier=self.parent.code,
                )
            )
        return rows

    def sessions(self) -> list[Row]:
        t = self.term
        label = school_year_label(t.school_year)
        ends_in = str(t.school_year + 1)  # OneRoster names a school year by the year it ends in
        kind = "semester" if t.session.term_type is TermType.SEMESTER else "term"
        return [
            _row(
                spec.ACADEMIC_SESSIONS,
                sourcedId=self.year_id,
                title=f"School year {label}",
                type="schoolYear",
                startDate=t.year_start.isoformat(),
                endDate=t.year_end.isoformat(),
                schoolYear=ends_in,
            ),
            _row(
                spec.ACADEMIC_SESSIONS,
                sourcedId=self.term_id,
                title=f"{t.session.value} {label}",
                type=kind,
                startDate=t.start.isoformat(),
                endDate=t.end.isoformat(),
                parentSourcedId=self.year_id,
                schoolYear=ends_in,
            ),
        ]

    def class_id(self, offering_pk: int) -> str:
        return sourced_id("class", offering_pk, self.term.school_year, self.term.session.value)

    def course(self, o: Offering) -> Row:
        return _row(
            spec.COURSES,
            sourcedId=sourced_id("course", o.pk),
            title=clean(o.title),
            courseCode=o.core_code,
            grades=_grades(o),
            orgSourcedId=self.provider_id,
        )

    def klass(self, o: Offering) -> Row:
        t = self.term
        return _row(
            spec.CLASSES,
            sourcedId=self.class_id(o.pk),
            title=clean(f"{o.title} ({t.session.value} {school_year_label(t.school_year)})"),
            grades=_grades(o),
            courseSourcedId=sourced_id("course", o.pk),
            classCode=f"{o.core_code}-{t.school_year}-{t.session.value}",
            classType="scheduled",
            schoolSourcedId=self.provider_id,
            termSourcedIds=self.term_id,
        )

    def user(self, p: Person) -> Row:
        return _row(
            spec.USERS,
            sourcedId=sourced_id("user", p.key),
            enabledUser="true",
            username=clean(p.username),
            userIds=f"{{{p.id_type}:{p.identifier}}}" if p.identifier else "",
            givenName=clean(p.given_name),
            familyName=clean(p.family_name),
            identifier=p.identifier,
            email=clean(p.email),
            grades=grade_code(p.grade) if p.grade is not None else "",
            preferredGivenName=clean(p.preferred_given_name),
            primaryOrgSourcedId=self.provider_id,
        )

    def role(self, p: Person) -> Row:
        return _row(
            spec.ROLES_FILE,
            sourcedId=sourced_id("role", p.key, self.provider.pk),
            userSourcedId=sourced_id("user", p.key),
            roleType="primary",
            role="student" if p.key.startswith("student:") else "teacher",
            orgSourcedId=self.provider_id,
        )

    def student_enrollment(self, e: Enrollment) -> Row:
        return _row(
            spec.ENROLLMENTS,
            sourcedId=sourced_id("enrollment", "cca", e.cca_pk),
            classSourcedId=self.class_id(e.offering_pk),
            schoolSourcedId=self.provider_id,
            userSourcedId=sourced_id("user", e.student_key),
            role="student",
            beginDate=e.begin.isoformat() if e.begin else "",
            endDate=e.end.isoformat() if e.end else "",
        )

    def teacher_enrollments(self, enrollments: list[Enrollment]) -> list[Row]:
        """One row per teacher of record and class; the teacher of most of the class's students
        is its primary teacher, and each teaches from their first student's course start."""
        students: dict[int, Counter[str]] = defaultdict(Counter)
        begins: dict[tuple[int, str], date] = {}
        for e in enrollments:
            if e.teacher_key is None:
                continue
            students[e.offering_pk][e.teacher_key] += 1
            if e.begin is not None:
                key = (e.offering_pk, e.teacher_key)
                begins[key] = min(begins.get(key, e.begin), e.begin)
        rows = []
        for offering_pk, counts in students.items():
            primary = min(counts, key=lambda k: (-counts[k], k))
            for teacher_key in counts:
                begin = begins.get((offering_pk, teacher_key))
                rows.append(
                    _row(
                        spec.ENROLLMENTS,
                        sourcedId=sourced_id("enrollment", teacher_key, self.class_id(offering_pk)),
                        classSourcedId=self.class_id(offering_pk),
                        schoolSourcedId=self.provider_id,
                        userSourcedId=sourced_id("user", teacher_key),
                        role="teacher",
                        primary="true" if teacher_key == primary else "false",
                        beginDate=begin.isoformat() if begin else "",
                    )
                )
        return rows


def _grades(o: Offering) -> str:
    return ",".join(grade_code(g) for g in range(o.grade_min, o.grade_max + 1))


def manifest_rows(present: set[str], *, source_code: str) -> list[Row]:
    rows: list[Row] = [
        ("manifest.version", spec.MANIFEST_VERSION),
        ("oneroster.version", spec.ONEROSTER_VERSION),
    ]
    for name in spec.ALL_FILES:
        rows.append((f"file.{name}", "bulk" if name in present else "absent"))
    rows += [("source.systemName", "SEATS"), ("source.systemCode", source_code)]
    return rows
