"""A small adult-education world: two programs in two LEAs, one actor per adult-ed role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from seats.adulted.models import Enrollment, Program
from seats.adulted.services import records
from seats.core.services.actors import Actor
from seats.domain.roles import Role
from tests.factories import World, build_world, user_with

TODAY = date(2026, 3, 2)
ENTRY = date(2025, 9, 2)


@dataclass
class Adult:
    world: World
    program: Program
    other: Program
    staff: Actor
    director: Actor
    specialist: Actor
    other_staff: Actor


def build() -> Adult:
    world = build_world()
    program = Program.objects.create(
        code="AE1", name="Canyon View Adult Ed", organisation=world.lea
    )
    other = Program.objects.create(
        code="AE2", name="Lake Basin Adult Ed", organisation=world.housing_lea
    )
    return Adult(
        world,
        program,
        other,
        world.actor(Role.ADULTED_STAFF),
        world.actor(Role.ADULTED_DIRECTOR),
        world.actor(Role.ADULTED_SPECIALIST),
        user_with(Role.ADULTED_STAFF, world.housing_lea, "ae-other"),
    )


def enrolled(
    a: Adult, *, focus: str = "ABE", code: int | None = 2, born: date = date(1990, 1, 1), **kw
) -> Enrollment:  # type: ignore[no-untyped-def]
    student = records.register_student(
        actor=a.staff,
        program=a.program,
        first_name="Ana",
        last_name="Lopez",
        date_of_birth=born,
        **kw,
    )
    return records.enroll(
        actor=a.staff,
        student=student,
        program=a.program,
        entry_date=ENTRY,
        area_of_focus=focus,
        funding_code=code,
    )


H = Decimal
