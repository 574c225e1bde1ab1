"""A pupil-accounting world: the core test world, a program calendar with a two-week winter
break (tests/domain/membership/helpers.py), programs of each kind and enrolled students."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from seats.core.models import SchoolCalendar, SchoolDay
from seats.core.services.actors import Actor
from seats.domain.membership.kinds import ProgramKind
from seats.domain.roles import Role
from seats.membership.models import Enrollment, Program
from seats.membership.services.programs import create_program, enroll
from tests.domain.membership.helpers import CALENDAR, nth
from tests.factories import World, build_world, make_student

__all__ = ["CALENDAR", "nth"]
ENTRY = date(2026, 8, 17)
SYSTEM = Actor.system()


@dataclass
class Scene:
    world: World
    online: Program
    home_hospital: Program
    enrollment: Enrollment

    @property
    def clerk(self) -> Actor:
        return self.world.actor(Role.PUPIL_ACCOUNTING)

    @property
    def teacher(self) -> Actor:
        return self.world.actor(Role.TEACHER)


def program_calendar(world: World) -> SchoolCalendar:
    calendar = SchoolCalendar.objects.create(organisation=world.school, name="Canyon View Online")
    SchoolDay.objects.bulk_create([SchoolDay(calendar=calendar, date=d) for d in CALENDAR.days])
    return calendar


def build_scene() -> Scene:
    world = build_world()
    calendar = program_calendar(world)
    clerk = world.actor(Role.PUPIL_ACCOUNTING)
    online = create_program(
        actor=clerk,
        lea_id=world.lea.pk,
        code="ONL",
        name="Canyon View Online",
        kind=ProgramKind.ONLINE,
        calendar_id=calendar.pk,
        school_id=world.school.pk,
    )
    hh = create_program(
        actor=clerk,
        lea_id=world.lea.pk,
        code="HH",
        name="Home and Hospital",
        kind=ProgramKind.HOME_HOSPITAL,
        calendar_id=calendar.pk,
    )
    enrollment = enroll(
        actor=clerk,
        program_id=online.pk,
        student_id=world.student.pk,
        entry_on=ENTRY,
        teacher_id=world.actor(Role.TEACHER).user.pk,
        counselor_id=world.actor(Role.COUNSELOR).user.pk,
    )
    return Scene(world, online, hh, enrollment)


def another_student(scene: Scene, program: Program | None = None, **kw: object) -> Enrollment:
    student = make_student(scene.world)
    return enroll(
        actor=scene.clerk,
        program_id=(program or scene.online).pk,
        student_id=student.pk,
        entry_on=ENTRY,
        teacher_id=scene.teacher.user.pk,
        **kw,  # type: ignore[arg-type]
    )


def row(enrollment: Enrollment, day: date, external_id: str = "", **kw: object) -> dict:
    values = {
        "ssid": enrollment.student.ssid,
        "program": enrollment.program.code,
        "date": day.isoformat(),
        "kind": "assignment",
        "external_id": external_id,
    }
    values.update(kw)
    return values
