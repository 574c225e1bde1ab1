"""Staff of the demo state: a user with a role membership for every role at every organisation
that needs one, teachers of record for each provider, and the demo logins (one user per role,
named after the role) placed so that they see one another's work."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from seats.core.models import RoleMembership, TeacherOfRecord, User
from seats.domain.roles import Role

from .bulk import Ids, Pipeline, TableWriter
from .names import NameMaker
from .organisations import Directory

USER_COLUMNS = [
    "id",
    "password",
    "last_login",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "language",
    "phone",
]
LICENSES = ("Secondary Education", "Middle Level", "CTE", "Special Education")
ENDORSEMENTS = (
    "Mathematics",
    "English Language Arts",
    "Biology",
    "Chemistry",
    "Physics",
    "History",
    "Spanish",
    "Health",
    "Physical Education",
    "Visual Arts",
    "Computer Science",
    "Economics",
)


@dataclass
class Staff:
    counselors: dict[int, list[int]] = field(default_factory=dict)  # school -> users
    approver: dict[int, int] = field(default_factory=dict)  # LEA -> user
    specialists: list[int] = field(default_factory=list)
    logins: dict[Role, tuple[int, int]] = field(default_factory=dict)  # role -> (user, org)


class UserWriter:
    """Users and their role memberships, written in bulk with one precomputed password hash."""

    def __init__(
        self, password_hash: str, joined: datetime, names: NameMaker, ids: Ids | None = None
    ) -> None:
        self.ids = ids or Ids(User)
        self.hash = password_hash
        self.joined = joined
        self.names = names
        self.users = TableWriter(User, USER_COLUMNS)
        self.memberships = TableWriter(
            RoleMembership, ["user_id", "role", "organisation_id", "created_at"]
        )
        self.user_rows: list[tuple[object, ...]] = []
        self.membership_rows: list[tuple[object, ...]] = []

    def add(
        self,
        username: str,
        first: str,
        last: str,
        *,
        language: str = "",  # blank: the browser decides until the person chooses
        roles: tuple[tuple[Role, int], ...] = (),
        phone: str = "",
    ) -> int:
        user_id = self.ids.take()
        email = f"{username}@demo.seats.example"
        # The state administrator runs the back office (/admin/); nobody else is staff there.
        back_office = any(role is Role.STATE_ADMIN for role, _ in roles)
        self.user_rows.append(
            (
                user_id,
                self.hash,
                None,
                back_office,
                username,
                first,
                last,
                email,
                back_office,
                True,
                self.joined,
                language,
                phone,
            )
        )
        for role, org_id in roles:
            self.membership_rows.append((user_id, role.value, org_id, self.joined))
        return user_id

    def flush(self, pipe: Pipeline | None = None) -> None:
        if pipe is None:
            self.users.write(self.user_rows)
            self.memberships.write(self.membership_rows)
        else:
            pipe.write(self.users, self.user_rows)
            pipe.write(self.memberships, self.membership_rows)
        self.user_rows, self.membership_rows = [], []


def build_staff(
    d: Directory,
    users: UserWriter,
    rng: random.Random,
    names: NameMaker,
    per_school: int,
    as_of: date,
) -> Staff:
    s = Staff()

    def person(username: str, role: Role, org_id: int) -> int:
        first, last = names.person()
        # Counselors have a direct line, which the providers' contact list shows (derived from
        # the user name, so the demo's random choices stay as they were).
        line = zlib.crc32(username.encode()) % 10000
        phone = f"801-555-{line:04d}" if role is Role.COUNSELOR else ""
        return users.add(username, first, last, roles=((role, org_id),), phone=phone)

    for role, username in (
        (Role.STATE_SPECIALIST, "usbe.specialist.1"),
        (Role.STATE_SPECIALIST, "usbe.specialist.2"),
    ):
        s.specialists.append(person(username, role, d.state_id))
    s.specialists.append(person(Role.STATE_SPECIALIST.value, Role.STATE_SPECIALIST, d.state_id))
    for role in (Role.STATE_ADMIN, Role.AUDITOR):
        person(role.value, role, d.state_id)
    for lea in d.leas:
        is_demo = lea.pk == d.demo_lea_id
        name = Role.LEA_APPROVER.value if is_demo else f"approver.{lea.code.lower()}"
        s.approver[lea.pk] = person(name, Role.LEA_APPROVER, lea.pk)
        if is_demo:  # pupil accounting (SPEC 9): the demo LEA's teacher and clerk
            person(Role.TEACHER.value, Role.TEACHER, lea.pk)
            person(Role.PUPIL_ACCOUNTING.value, Role.PUPIL_ACCOUNTING, lea.pk)
    for school in d.schools:
        code = school.code.lower()
        demo = school.pk == d.demo_school_id
        s.counselors[school.pk] = [
            person(
                Role.COUNSELOR.value if demo and n == 0 else f"counselor.{code}.{n + 1}",
                Role.COUNSELOR,
                school.pk,
            )
            for n in range(per_school)
        ]
        person(Role.REGISTRAR.value if demo else f"registrar.{code}", Role.REGISTRAR, school.pk)
    for p in d.providers:
        code, demo = p.code.lower(), p.id == d.demo_provider_id
        p.staff_ids = [
            person(
                Role.PROVIDER_STAFF.value if demo and n == 0 else f"staff.{code}.{n + 1}",
                Role.PROVIDER_STAFF,
                p.id,
            )
            for n in range(2)
        ]
        p.admin_id = person(
            Role.PROVIDER_ADMIN.value if demo else f"admin.{code}", Role.PROVIDER_ADMIN, p.id
        )
    users.flush()
    _teachers(d, rng, names, as_of)
    return s


def _teachers(d: Directory, rng: random.Random, names: NameMaker, as_of: date) -> None:
    rows = []
    for p in d.providers:
        for _ in range(rng.randrange(6, 16)):
            first, last = names.person()
            checked = as_of - timedelta(days=rng.randrange(30, 5 * 365))
            rows.append(
                TeacherOfRecord(
                    provider_id=p.id,
                    first_name=first,
                    last_name=last,
                    cactus_id=f"{7000001 + len(rows)}",
                    license_areas=[rng.choice(LICENSES)],
                    endorsements=rng.sample(ENDORSEMENTS, 2),
                    background_check_date=checked,
                    email=f"{first}.{last}.{p.code}@demo.seats.example".lower(),
                )
            )
    saved = TeacherOfRecord.objects.bulk_create(rows)
    by_provider: dict[int, list[int]] = {}
    for t in saved:
        by_provider.setdefault(t.provider_id, []).append(t.pk)
    for p in d.providers:
        p.teacher_ids = by_provider[p.id]
