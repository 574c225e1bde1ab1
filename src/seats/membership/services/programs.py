"""Programs and enrollments (SPEC 9; 004 C-D)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from seats.core.models import Organisation, OrgKind, SchoolCalendar, Student, User
from seats.core.services.actors import Actor
from seats.domain import dates
from seats.domain.errors import Conflict, InvalidInput, NotFound
from seats.domain.membership.kinds import ProgramKind

from ..models import Enrollment, Program
from .authority import check_lea

FLAGS = (
    "half_time_or_more",
    "enrolled_elsewhere",
    "has_certificate_of_completion",
    "in_yic",
    "utah_resident",
    "retained_senior",
    "pccr_consistent",
    "counselor_approved",
    "regular_instruction",
    "cte_offered_at_school",
    "cte_meets_requirement",
)


def create_program(
    *,
    actor: Actor,
    lea_id: int,
    code: str,
    name: str,
    kind: ProgramKind | str,
    calendar_id: int,
    school_id: int | None = None,
) -> Program:
    check_lea(actor, lea_id, what="create a program")
    try:
        kind = ProgramKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in ProgramKind)
        raise InvalidInput(f"kind must be one of {choices}, not {kind!r}.", field="kind") from None
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise InvalidInput(
            "A program needs a code and a name.", field="code" if not code else "name"
        )
    if not Organisation.objects.filter(pk=lea_id, kind=OrgKind.LEA).exists():
        raise NotFound(f"There is no LEA {lea_id}.", field="lea")
    if (
        school_id is not None
        and not Organisation.objects.filter(
            pk=school_id, kind=OrgKind.SCHOOL, parent_id=lea_id
        ).exists()
    ):
        raise InvalidInput("The school must be one of the LEA's schools.", field="school")
    if not SchoolCalendar.objects.filter(pk=calendar_id).exists():
        raise NotFound(f"There is no school calendar {calendar_id}.", field="calendar")
    with transaction.atomic():
        if Program.objects.filter(lea_id=lea_id, code=code).exists():
            raise Conflict(f"The LEA already has a program {code}.", field="code")
        return Program.objects.create(
            lea_id=lea_id,
            school_id=school_id,
            code=code,
            name=name,
            kind=kind.value,
            calendar_id=calendar_id,
        )


def enroll(
    *,
    actor: Actor,
    program_id: int,
    student_id: int,
    entry_on: date,
    exit_on: date | None = None,
    teacher_id: int | None = None,
    counselor_id: int | None = None,
    **flags: Any,
) -> Enrollment:
    """Enroll a student of the LEA in one of its programs (no overlapping stints)."""
    unknown = set(flags) - set(FLAGS)
    if unknown:
        raise InvalidInput(
            f"Unknown enrollment facts: {', '.join(sorted(unknown))}.", field="flags"
        )
    dates.checked(entry_on, "entry_on")
    dates.checked(exit_on, "exit_on")
    if exit_on is not None and exit_on < entry_on:
        raise InvalidInput("The exit date cannot be before the entry date.", field="exit_on")
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise NotFound(f"There is no program {program_id}.", field="program")
    check_lea(actor, program.lea_id, what="enroll a student")
    student = Student.objects.filter(pk=student_id, primary_lea_id=program.lea_id).first()
    if student is None:
        raise NotFound("The LEA has no such student.", field="student")
    for field, user_id in (("teacher", teacher_id), ("counselor", counselor_id)):
        if user_id is not None and not User.objects.filter(pk=user_id).exists():
            raise NotFound(f"There is no user {user_id}.", field=field)
    with transaction.atomic():
        open_end = date.max if exit_on is None else exit_on
        overlapping = Enrollment.objects.select_for_update().filter(
            program=program, student=student, entry_on__lte=open_end
        )
        for other in overlapping:
            if other.exit_on is None or other.exit_on >= entry_on:
                raise Conflict(
                    f"The student is already enrolled in {program.code} from "
                    f"{other.entry_on.isoformat()}.",
                    field="entry_on",
                )
        return Enrollment.objects.create(
            program=program,
            student=student,
            entry_on=entry_on,
            exit_on=exit_on,
            teacher_id=teacher_id,
            counselor_id=counselor_id,
            created_by=actor.user,
            **{k: bool(v) for k, v in flags.items()},
        )


def exit_enrollment(*, actor: Actor, enrollment_id: int, exit_on: date) -> Enrollment:
    dates.checked(exit_on, "exit_on")
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .select_related("program")
            .filter(pk=enrollment_id)
        ).first()
        if enrollment is None:
            raise NotFound(f"There is no enrollment {enrollment_id}.", field="enrollment")
        check_lea(actor, enrollment.program.lea_id, what="record an exit")
        if exit_on < enrollment.entry_on:
            raise InvalidInput("The exit date cannot be before the entry date.", field="exit_on")
        if enrollment.events.filter(on__gt=exit_on).exists():
            raise Conflict(
                "Engagement is recorded after that exit date; check the date.", field="exit_on"
            )
        enrollment.exit_on = exit_on
        enrollment.save(update_fields=["exit_on"])
    return enrollment
