"""The OneRoster 1.2 bulk export of one provider's paid enrollments in one session.

Everything is read through the access layer (``ccas_visible_to``) as the viewer who asked: a
provider's staff can export only their own provider, the state any provider, and nobody else
anything. Only the columns an LMS needs are read from the database at all, so a birth date or an
IEP flag cannot leak into a file. The zip is validated before it is returned; an export that
does not pass is refused whole, never offered half right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from seats.core.models import CCA, CourseOffering, LocalRegistration, Organisation, OrgKind
from seats.core.models import TeacherOfRecord as TeacherRecord
from seats.core.models import User as UserRecord
from seats.core.replica import on_replica
from seats.core.selectors.access import (
    PROVIDER_ROLES,
    STATE_ROLES,
    Viewer,
    ccas_visible_to,
    viewers_of,
)
from seats.core.services.audit import log_export
from seats.core.services.calendars import school_calendar_for
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.catalog import Session, TermType
from seats.domain.errors import InvalidInput, NotFound, NotPermitted
from seats.domain.roles import Role
from seats.domain.statuses import PAID_THROUGH_CONFIRMED, TERMINAL

from . import spec
from .archive import csv_bytes, write_zip
from .roster import Enrollment, Offering, Org, Person, RosterBuilder, Term, manifest_rows
from .validate import Report, validate_zip

RULE = "OneRoster 1.2 CSV binding (1EdTech)"
#: The statuses exported: Confirmed and every later status on the payment path.
EXPORTED_STATUSES = frozenset(PAID_THROUGH_CONFIRMED)
_TERMINAL = frozenset(s.value for s in TERMINAL)
#: Ids per IN (...) list: well under SQLite's bound on query parameters.
CHUNK = 500
_SESSION_INDEX = {"S1": 0, "S2": 1, "Q1": 0, "Q2": 1, "Q3": 2, "Q4": 3}


@dataclass(frozen=True)
class OneRosterExport:
    data: bytes
    file_name: str
    rows: dict[str, int]  # data rows per file
    report: Report


# --- who may export what ----------------------------------------------------------------------


def parse_session(value: str) -> Session:
    try:
        return Session(str(value).strip().upper())
    except ValueError:
        known = ", ".join(s.value for s in Session)
        raise InvalidInput(
            f"Unknown session {value!r}; use one of {known}.", field="session"
        ) from None


def parse_school_year(value: object) -> int:
    """The year the school year starts in: 2025 or "2025-26" both mean 2025-26."""
    text = str(value).strip()
    head = text.split("-", 1)[0]
    if not head.isdigit() or not 2000 <= int(head) <= 2100:
        raise InvalidInput(
            f"School year {value!r} is not a year like 2025 (for 2025-26).", field="school_year"
        )
    year = int(head)
    if "-" in text and text != school_year_label(year):
        raise InvalidInput(
            f"School year {value!r} should be written {school_year_label(year)}.",
            field="school_year",
        )
    return year


def provider_for(viewer: Viewer, code: str) -> Organisation:
    """The provider ``code`` names, if this viewer may export it."""
    provider = Organisation.objects.filter(code=code.strip(), kind=OrgKind.PROVIDER).first()
    if provider is None:
        raise NotFound(f"No provider has the code {code!r}.", field="provider")
    if viewer.role in PROVIDER_ROLES and viewer.organisation.pk == provider.pk:
        return provider
    if viewer.role in STATE_ROLES:
        return provider
    raise NotPermitted(
        f"A {viewer.role.label} at {viewer.organisation.code} may not export the roster of "
        f"{provider.code}: only the provider's own staff and the state can.",
        rule="SPEC 10: a provider sees only its own students",
        field="provider",
    )


def viewer_for(provider_code: str, username: str | None = None) -> Viewer:
    """The viewer a command-line export acts as.

    With a username: that user's role at the provider (or a state role), so the export is
    exactly what they could download. Without one, an operator on the server acts as the
    provider itself: still scoped by the access layer to that one provider.
    """
    if username is None:
        provider = Organisation.objects.filter(
            code=provider_code.strip(), kind=OrgKind.PROVIDER
        ).first()
        if provider is None:
            raise NotFound(f"No provider has the code {provider_code!r}.", field="provider")
        return Viewer(UserRecord(username="seats-operator"), Role.PROVIDER_ADMIN, provider)
    user = UserRecord.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"No active user is named {username!r}.", field="as")
    viewers = viewers_of(user)
    for viewer in viewers:
        if viewer.role in PROVIDER_ROLES and viewer.organisation.code == provider_code.strip():
            return viewer
    for viewer in viewers:
        if viewer.role in STATE_ROLES:
            return viewer
    raise NotPermitted(
        f"{username} holds no provider role at {provider_code} and no state role.",
        rule="SPEC 10: a provider sees only its own students",
        field="as",
    )


# --- reading ------------------------------------------------------------------------------------


def exported_ccas(
    viewer: Viewer, provider: Organisation, school_year: int, session: Session
) -> QuerySet[CCA]:
    return ccas_visible_to(viewer).filter(
        provider=provider,
        school_year=school_year,
        session=session.value,
        status__in=sorted(s.value for s in EXPORTED_STATUSES),
    )


def term_for(provider: Organisation, school_year: int, session: Session) -> Term:
    """The session's dates: the provider's school days of the year split into equal halves
    (semesters) or quarters, the same convention the SEATS demo uses."""
    calendar = school_calendar_for(provider, around=date(school_year, 10, 1))
    days = [d for d in calendar.days if school_year_of(d) == school_year]
    if len(days) < 4:
        raise InvalidInput(
            f"The calendar '{calendar.name}' has no school days in "
            f"{school_year_label(school_year)}; load the provider's calendar first.",
            field="school_year",
        )
    parts = 2 if session.term_type is TermType.SEMESTER else 4
    i, n = _SESSION_INDEX[session.value], len(days)
    chunk = days[i * n // parts : (i + 1) * n // parts]
    return Term(school_year, session, days[0], days[-1], chunk[0], chunk[-1])


#: What is read of each CCA and its student: nothing else (no birth date, no IEP/504 flags).
_CCA_COLUMNS = (
    "pk",
    "offering_id",
    "teacher_of_record_id",
    "course_start_date",
    "completion_date",
    "status",
    "status_changed_at",
    "student_id",
    "student__ssid",
    "student__legal_first_name",
    "student__legal_last_name",
    "student__preferred_name",
    "student__grade",
    "student__email",
)


@dataclass
class _Read:
    enrollments: list[Enrollment]
    students: dict[int, tuple]  # student pk -> (ssid, first, last, preferred, grade, email)


def _read(ccas: QuerySet[CCA]) -> _Read:
    """One query for the CCAs and their students, so the files describe one moment: a CCA
    confirmed while the export runs is either wholly in or wholly out."""
    out = _Read([], {})
    for row in ccas.order_by("pk").values_list(*_CCA_COLUMNS):
        pk, offering, teacher, start, completed, status, changed, student = row[:8]
        end = completed
        if end is None and status in _TERMINAL and changed is not None:
            end = timezone.localtime(changed).date()  # the day the student left the class
        out.enrollments.append(
            Enrollment(
                cca_pk=pk,
                offering_pk=offering,
                student_key=f"student:{student}",
                teacher_key=f"teacher:{teacher}" if teacher else None,
                begin=start,
                end=end,
            )
        )
        out.students[student] = row[8:]
    return out


def _offerings(enrollments: list[Enrollment]) -> list[Offering]:
    ids = sorted({e.offering_pk for e in enrollments})
    rows = CourseOffering.objects.filter(pk__in=ids).values_list(
        "pk", "core_code", "provider_title", "grade_min", "grade_max"
    )
    return [Offering(*row) for row in rows]


def _students(read: _Read, provider: Organisation) -> list[Person]:
    """Students by the name they go by: the preferred name given to this provider at local
    registration, else the one SEATS holds, else the legal first name."""
    told_provider: dict[int, str] = {}
    ids = sorted(read.students)
    for i in range(0, len(ids), CHUNK):
        told_provider.update(
            LocalRegistration.objects.filter(provider=provider, student_id__in=ids[i : i + CHUNK])
            .exclude(preferred_name="")
            .values_list("student_id", "preferred_name")
        )
    people = []
    for pk, (ssid, first, last, preferred, grade, email) in read.students.items():
        chosen = (told_provider.get(pk) or preferred or "").strip()
        people.append(
            Person(
                key=f"student:{pk}",
                username=ssid or f"seats-student-{pk}",
                given_name=chosen or first,
                family_name=last,
                preferred_given_name=chosen,
                identifier=ssid or "",
                id_type="SSID",
                email=email,
                grade=grade,
            )
        )
    return people


def _teachers(enrollments: list[Enrollment]) -> list[Person]:
    ids = sorted({int(e.teacher_key.split(":")[1]) for e in enrollments if e.teacher_key})
    rows = TeacherRecord.objects.filter(pk__in=ids).values_list(
        "pk", "cactus_id", "first_name", "last_name", "email"
    )
    return [
        Person(
            key=f"teacher:{pk}",
            username=email or f"cactus-{cactus}",
            given_name=first,
            family_name=last,
            preferred_given_name="",
            identifier=cactus,
            id_type="CACTUS",
            email=email,
            grade=None,
        )
        for pk, cactus, first, last, email in rows
    ]


# --- the export ---------------------------------------------------------------------------------


@on_replica
def export_oneroster(
    viewer: Viewer, *, provider_code: str, school_year: object, session: str
) -> OneRosterExport:
    """A validated OneRoster 1.2 bulk zip, or a DomainError saying why there is none."""
    year, term_session = parse_school_year(school_year), parse_session(session)
    provider = provider_for(viewer, provider_code)
    read = _read(exported_ccas(viewer, provider, year, term_session))
    enrollments = read.enrollments
    what = f"{provider.code} {school_year_label(year)} {term_session.value}"
    if not enrollments:
        raise InvalidInput(
            f"{what} has no enrollments in Confirmed or a later paid status: nothing to export "
            "(the OneRoster binding does not allow empty files).",
            field="session",
        )
    parent = provider.parent
    builder = RosterBuilder(
        Org(provider.pk, provider.code, provider.name),
        Org(parent.pk, parent.code, parent.name) if parent else None,
        term_for(provider, year, term_session),
    )
    people = _students(read, provider) + _teachers(enrollments)
    tables = builder.tables(_offerings(enrollments), people, enrollments)
    data = pack_zip(tables, year)
    report = validate_zip(data)
    if not report.ok:
        raise InvalidInput(
            f"The OneRoster export of {what} failed validation and is not offered:\n"
            f"{report.summary()}",
            rule=RULE,
            field="oneroster",
        )
    name = f"oneroster-{provider.code}-{school_year_label(year)}-{term_session.value}.zip"
    log_export(viewer, what=f"OneRoster {what}", rows=len(enrollments))
    return OneRosterExport(data, name, {f: len(r) for f, r in tables.items()}, report)


def pack_zip(tables: dict[str, list[tuple[str, ...]]], school_year: int) -> bytes:
    manifest = manifest_rows(set(tables), source_code=f"SEATS-{settings.SEATS_STATE_CODE}")
    files = [(spec.MANIFEST_FILE, csv_bytes(spec.MANIFEST_HEADER, manifest))]
    for name, file_spec in spec.SPECS.items():
        files.append((file_spec.file_name, csv_bytes(file_spec.header, tables[name])))
    return write_zip(files, stamp=date(school_year, 7, 1))
