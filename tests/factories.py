"""A small, coherent world for service tests, built with the ORM (no services needed).

``World`` holds one state office, two LEAs (one houses the provider), a school, the HOME pseudo-LEA,
a provider with a teacher of record and offerings, a student with a guardian, and one actor per
role scoped as SPEC 1 says.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from seats.core.models import (
    CCA,
    CourseOffering,
    Guardian,
    LocalRegistration,
    Organisation,
    RoleMembership,
    Student,
    TeacherOfRecord,
    User,
)
from seats.core.services.actors import Actor
from seats.core.services.requests import decide_as_lea, decide_as_provider, submit_request
from seats.core.services.students import RegistrationForm, complete_local_registration
from seats.domain.catalog import tier_for
from seats.domain.roles import Role

_seq = itertools.count(1)

# The school year 2025-26: dates used by the lifecycle tests.
SY = 2025
SUBMITTED = date(2025, 9, 2)  # a Tuesday, the day after Labor Day


def org(
    kind: str, code: str, name: str, parent: Organisation | None = None, **kw: object
) -> Organisation:
    return Organisation.objects.create(kind=kind, code=code, name=name, parent=parent, **kw)


def user_with(role: Role, organisation: Organisation, username: str | None = None) -> Actor:
    user = User.objects.create_user(username=username or f"{role.value}-{next(_seq)}", password="x")
    RoleMembership.objects.create(user=user, role=role.value, organisation=organisation)
    return Actor.for_membership(user, role, organisation)


def make_student(world: World, **kw: object) -> Student:
    n = next(_seq)
    values: dict[str, object] = dict(
        ssid=f"{1000000 + n}",
        legal_first_name=f"Student{n}",
        legal_last_name="Tester",
        date_of_birth=date(2009, 5, 1),
        grade=10,
        primary_lea=world.lea,
        primary_school=world.school,
    )
    values.update(kw)
    return Student.objects.create(**values)


def make_offering(world: World, **kw: object) -> CourseOffering:
    n = next(_seq)
    categories = kw.pop("content_categories", ["Math"])
    values: dict[str, object] = dict(
        provider=world.provider,
        core_code=f"0{n:06d}",
        usbe_title=f"Course {n}",
        provider_title=f"Course {n} Online",
        credit=Decimal("0.5"),
        term_type="semester",
        content_categories=categories,
        tier=tier_for(categories).value,  # type: ignore[arg-type]
        first_school_year=2024,
    )
    values.update(kw)
    return CourseOffering.objects.create(**values)


REGISTRATION = RegistrationForm(
    gender="F",
    home_address="1 Main St",
    school_address="2 School Rd",
    phone="801-555-0100",
    preferred_contact="email",
    iep_or_504=False,
    multilingual=False,
    home_language_survey=True,
    fee_waiver=False,
)


@dataclass
class World:
    state: Organisation
    lea: Organisation
    housing_lea: Organisation
    home: Organisation
    school: Organisation
    provider: Organisation
    teacher: TeacherOfRecord
    offering: CourseOffering
    offering_full_credit: CourseOffering
    student: Student
    guardian: Guardian
    actors: dict[Role, Actor] = field(default_factory=dict)

    def actor(self, role: Role) -> Actor:
        return self.actors[role]

    # Shortcuts that move a request through the services -------------------------------------

    def submit(
        self,
        *,
        student: Student | None = None,
        offering: CourseOffering | None = None,
        as_of: date = SUBMITTED,
        session: str = "S1",
        actor: Actor | None = None,
        **kw: object,
    ) -> CCA:
        return submit_request(
            actor=actor or self.actor(Role.COUNSELOR),
            student_id=(student or self.student).pk,
            offering_id=(offering or self.offering).pk,
            school_year=SY,
            session=session,
            as_of=as_of,
            **kw,  # type: ignore[arg-type]
        )

    def register(self, student: Student | None = None, as_of: date = SUBMITTED) -> None:
        complete_local_registration(
            actor=self.actor(Role.PARENT) if student is None else self.actor(Role.STATE_SPECIALIST),
            student_id=(student or self.student).pk,
            provider_code=self.provider.code,
            form=REGISTRATION,
            as_of=as_of,
        )

    def accept(self, cca: CCA, as_of: date = SUBMITTED) -> CCA:
        cca.refresh_from_db()
        return decide_as_provider(
            actor=self.actor(Role.PROVIDER_STAFF),
            cca_id=cca.pk,
            expected_version=cca.version,
            accept=True,
            as_of=as_of,
        )

    def approve(self, cca: CCA, as_of: date = SUBMITTED) -> CCA:
        cca.refresh_from_db()
        return decide_as_lea(
            actor=self.actor(Role.LEA_APPROVER),
            cca_id=cca.pk,
            expected_version=cca.version,
            approve=True,
            accept_financial_responsibility=True,
            as_of=as_of,
        )

    def enrolled(self, **kw: object) -> CCA:
        """A CCA with a Notice of Enrollment (both sides agreed on the submission day)."""
        self.register()
        cca = self.submit(**kw)
        self.accept(cca)
        cca = self.approve(cca)
        cca.refresh_from_db()
        return cca


def build_world() -> World:
    state = org("state", "USBE", "State Board of Education")
    lea = org("lea", "LEA1", "Canyon View School District", email="lea1@example.org")
    housing = org("lea", "LEA2", "Lake Basin School District")
    home = org("lea", "HOME", "Home School")
    school = org("school", "SCH1", "Canyon View High", parent=lea)
    provider = org(
        "provider", "PRV1", "Lake Basin Online", parent=housing, provider_category="online"
    )
    teacher = TeacherOfRecord.objects.create(
        provider=provider,
        first_name="Tess",
        last_name="Teacher",
        cactus_id="C1000",
        license_areas=["Secondary"],
        endorsements=["Math"],
        background_check_date=date(2024, 1, 5),
    )
    world = World(
        state=state,
        lea=lea,
        housing_lea=housing,
        home=home,
        school=school,
        provider=provider,
        teacher=teacher,
        offering=None,
        offering_full_credit=None,
        student=None,
        guardian=None,  # type: ignore[arg-type]
    )
    world.offering = make_offering(world)
    world.offering_full_credit = make_offering(world, credit=Decimal("1.0"))
    world.actors = {
        Role.COUNSELOR: user_with(Role.COUNSELOR, school, "counselor"),
        Role.REGISTRAR: user_with(Role.REGISTRAR, school, "registrar"),
        Role.LEA_APPROVER: user_with(Role.LEA_APPROVER, lea, "approver"),
        Role.PROVIDER_STAFF: user_with(Role.PROVIDER_STAFF, provider, "provider"),
        Role.PROVIDER_ADMIN: user_with(Role.PROVIDER_ADMIN, provider, "provider-admin"),
        Role.STATE_SPECIALIST: user_with(Role.STATE_SPECIALIST, state, "specialist"),
        Role.STATE_ADMIN: user_with(Role.STATE_ADMIN, state, "state-admin"),
        Role.AUDITOR: user_with(Role.AUDITOR, state, "auditor"),
        # Pupil accounting (SPEC 9): LEA-scoped.
        Role.TEACHER: user_with(Role.TEACHER, lea, "lea-teacher"),
        Role.PUPIL_ACCOUNTING: user_with(Role.PUPIL_ACCOUNTING, lea, "pupil-accounting"),
        # Adult education (issue 12): a program's staff and director at its LEA, the state's
        # adult-education specialist.
        Role.ADULTED_STAFF: user_with(Role.ADULTED_STAFF, lea, "ae-staff"),
        Role.ADULTED_DIRECTOR: user_with(Role.ADULTED_DIRECTOR, lea, "ae-director"),
        Role.ADULTED_SPECIALIST: user_with(Role.ADULTED_SPECIALIST, state, "ae-specialist"),
    }
    world.student = make_student(world)
    student_actor = user_with(Role.STUDENT, school, "student")
    world.student.user = student_actor.user
    world.student.save()
    world.actors[Role.STUDENT] = student_actor
    parent = user_with(Role.PARENT, school, "parent")
    world.guardian = Guardian.objects.create(user=parent.user, first_name="Pat", last_name="Tester")
    world.guardian.students.add(world.student)
    world.actors[Role.PARENT] = parent
    return world


def registration_done(world: World, student: Student) -> None:
    LocalRegistration.objects.update_or_create(
        student=student, provider=world.provider, defaults={"completed_on": SUBMITTED}
    )
