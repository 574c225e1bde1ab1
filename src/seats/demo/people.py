"""Students and their guardians, made a batch at a time: grades 6-12 at the state's schools, some
home-schooled under HOME, some without an SSID yet, some with an IEP or 504 plan, some
Spanish-speaking families. Each student and guardian gets a login (one shared demo hash)."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from seats.core.models import Guardian, Student
from seats.domain.roles import Role

from .bulk import Ids, TableWriter
from .organisations import Directory
from .staff import Staff, UserWriter
from .world import StudentInfo, World

STUDENT_COLUMNS = [
    "id",
    "ssid",
    "user_id",
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "grade",
    "gender",
    "primary_lea_id",
    "primary_school_id",
    "is_home_school",
    "home_school_acknowledged",
    "proof_of_age_identity",
    "has_iep",
    "has_504",
    "is_multilingual",
    "fee_waiver",
    "utah_fits_all",
    "is_private_school",
    "in_adult_education",
    "group_care",
    "is_out_of_school_youth",
    "early_graduation_plan",
    "cohort_year",
    "language",
    "email",
    "created_at",
]
GRADE_WEIGHTS = (3, 4, 6, 13, 18, 25, 31)  # grades 6..12: online courses are mostly high school


@dataclass
class Family:
    last: str
    spanish: bool
    guardian_ids: list[int]
    guardian_user: int | None


@dataclass
class PeopleWriter:
    world: World
    d: Directory
    staff: Staff
    users: UserWriter
    created: datetime
    student_ids: Ids
    guardian_ids: Ids
    rows: list[tuple[object, ...]] = field(default_factory=list)
    guardian_rows: list[tuple[object, ...]] = field(default_factory=list)
    link_rows: list[tuple[object, ...]] = field(default_factory=list)
    family: Family | None = None

    def __post_init__(self) -> None:
        self.students = TableWriter(Student, STUDENT_COLUMNS)
        self.guardians = TableWriter(
            Guardian, ["id", "user_id", "first_name", "last_name", "email", "phone", "language"]
        )
        self.links = TableWriter(Guardian.students.through, ["guardian_id", "student_id"])
        self.cum = list(itertools.accumulate(self.d.school_weights))
        self.grade_cum = list(itertools.accumulate(GRADE_WEIGHTS))

    def make(self, *, demo: bool = False) -> StudentInfo:
        """One student (and, unless a sibling, a new family with one or two guardians)."""
        w, d, rng = self.world, self.d, self.world.rng
        sid = self.student_ids.take()
        home = not demo and rng.random() < 0.03
        if demo:
            school, grade = d.demo_school_id, 11
        else:
            school = d.schools[bisect.bisect(self.cum, rng.random() * self.cum[-1])].pk
            grade = 6 + bisect.bisect(self.grade_cum, rng.random() * self.grade_cum[-1])
        lea = d.home_id if home else d.parent[school]
        school_id = None if home else school
        fam = self.family if (self.family and not demo and rng.random() < 0.15) else None
        if fam is None:
            fam = self.family = self._family(demo, school_id or lea)
        first = w.names.given(fam.spanish)
        ssid = (
            None if (not demo and rng.random() < (0.35 if home else 0.06)) else f"{sid + 1000000}"
        )
        iep, s504 = rng.random() < 0.12, rng.random() < 0.04
        username = Role.STUDENT.value if demo else f"s{sid}"
        user = self.users.add(
            username,
            first,
            fam.last,
            language="es" if fam.spanish else "",  # the demo's Spanish families chose Spanish
            roles=((Role.STUDENT, school_id or lea),),
        )
        born = date(w.year - grade - 6, 1, 1) + timedelta(days=rng.randrange(365))
        self.rows.append(
            (
                sid,
                ssid,
                user,
                first,
                fam.last,
                "" if rng.random() < 0.9 else w.names.given(),
                born,
                grade,
                rng.choice(("F", "M")),
                lea,
                school_id,
                home,
                home,
                home,
                iep and not demo,
                s504 and not demo,
                fam.spanish and rng.random() < 0.7,
                rng.random() < 0.15,
                "",
                False,
                False,
                "",
                False,
                False,
                w.year + 13 - grade,
                "es" if fam.spanish else "en",
                f"{first}.{fam.last}.{sid}@students.example".lower(),
                self.created,
            )
        )
        for gid in fam.guardian_ids:
            self.link_rows.append((gid, sid))
        counselors = self.staff.counselors.get(school_id or 0)
        approver = self.staff.approver.get(lea)
        return StudentInfo(
            id=sid,
            user_id=user,
            guardian_user_id=fam.guardian_user,
            lea_id=lea,
            school_id=school_id,
            is_home=home,
            has_ssid=ssid is not None,
            iep=(iep or s504) and not demo,
            grade=grade,
            counselor_id=counselors[0 if demo else sid % len(counselors)] if counselors else None,
            approver_id=approver if approver else rng.choice(self.staff.specialists),
            approver_role="lea_approver" if approver else "state_specialist",
            last_name=fam.last,
            first_name=first,
        )

    def _family(self, demo: bool, org_id: int) -> Family:
        w, rng = self.world, self.world.rng
        spanish = not demo and rng.random() < 0.12
        last = w.names.person(spanish)[1]
        ids, first_user = [], None
        for n in range(1 if demo or rng.random() < 0.7 else 2):
            gid = self.guardian_ids.take()
            first = w.names.given(spanish)
            language = "es" if spanish else "en"
            username = Role.PARENT.value if demo and n == 0 else f"g{gid}"
            chosen = "es" if spanish else ""  # the account's choice; blank: the browser decides
            user = self.users.add(
                username, first, last, language=chosen, roles=((Role.PARENT, org_id),)
            )
            phone = f"801-555-{rng.randrange(10000):04d}"
            email = f"{first}.{last}.{gid}@family.example".lower()
            self.guardian_rows.append((gid, user, first, last, email, phone, language))
            ids.append(gid)
            first_user = first_user or user
        return Family(last, spanish, ids, first_user)
