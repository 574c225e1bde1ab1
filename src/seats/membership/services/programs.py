"""Programs and enrollments (SPEC 9; 004 C-D): created and edited by the LEA's
pupil-accounting staff, each change recorded in ``RecordChange`` (nothing is deleted: a student
leaves a program by an exit date)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from seats.core.models import (
    Organisation,
    OrgKind,
    RoleMembership,
    SchoolCalendar,
    Student,
    User,
)
from seats.core.services.actors import Actor
from seats.domain import dates
from seats.domain.calendars import school_year_of
from seats.domain.errors import Conflict, InvalidInput, NotFound
from seats.domain.membership.eligibility import Problem, problems
from seats.domain.membership.kinds import ACCEPTED_EVENTS, ProgramKind
from seats.domain.roles import Role

from ..models import ChangeAction, EngagementEvent, Enrollment, Program, RecordChange
from .authority import check_lea
from .facts import eligibility_of, rules_for

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


def _kind(kind: ProgramKind | str) -> ProgramKind:
    try:
        return ProgramKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in ProgramKind)
        raise InvalidInput(f"kind must be one of {choices}, not {kind!r}.", field="kind") from None


def lea_calendars(lea_id: int) -> Q:
    """The school calendars of an LEA: its own and its schools' (004 C.7: a program is within a
    school of the LEA)."""
    return Q(organisation_id=lea_id) | Q(
        organisation__parent_id=lea_id, organisation__kind="school"
    )


def _check_place(lea_id: int, school_id: int | None, calendar_id: int) -> None:
    if (
        school_id is not None
        and not Organisation.objects.filter(
            pk=school_id, kind=OrgKind.SCHOOL, parent_id=lea_id
        ).exists()
    ):
        raise InvalidInput("The school must be one of the LEA's schools.", field="school")
    if not SchoolCalendar.objects.filter(pk=calendar_id).exists():
        raise NotFound(f"There is no school calendar {calendar_id}.", field="calendar")
    if not SchoolCalendar.objects.filter(lea_calendars(lea_id), pk=calendar_id).exists():
        raise InvalidInput(
            "The calendar must be one of the LEA's school calendars (the LEA's or a school's).",
            field="calendar",
        )


def _record(
    actor: Actor,
    action: ChangeAction,
    program: Program,
    enrollment: Enrollment | None = None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> RecordChange:
    return RecordChange.objects.create(
        program=program,
        enrollment=enrollment,
        action=action.value,
        changes=changes or {},
        note=note,
        by=actor.user,
        by_role=actor.role_name,
        at=timezone.now(),
    )


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


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
    kind = _kind(kind)
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise InvalidInput(
            "A program needs a code and a name.", field="code" if not code else "name"
        )
    if len(code) > 32 or len(name) > 200:
        raise InvalidInput("A code is at most 32 characters, a name 200.", field="code")
    if not Organisation.objects.filter(pk=lea_id, kind=OrgKind.LEA).exists():
        raise NotFound(f"There is no LEA {lea_id}.", field="lea")
    _check_place(lea_id, school_id, calendar_id)
    with transaction.atomic():
        if Program.objects.filter(lea_id=lea_id, code=code).exists():
            raise Conflict(f"The LEA already has a program {code}.", field="code")
        program = Program.objects.create(
            lea_id=lea_id,
            school_id=school_id,
            code=code,
            name=name,
            kind=kind.value,
            calendar_id=calendar_id,
        )
        _record(
            actor,
            ChangeAction.PROGRAM_CREATED,
            program,
            changes={
                "code": [None, code],
                "name": [None, name],
                "kind": [None, kind.value],
                "calendar": [None, calendar_id],
                "school": [None, school_id],
            },
        )
        return program


_UNSET: Any = object()


def update_program(
    *,
    actor: Actor,
    program_id: int,
    name: str | None = None,
    kind: ProgramKind | str | None = None,
    calendar_id: int | None = None,
    school_id: int | None = _UNSET,
    is_active: bool | None = None,
) -> Program:
    """Edit a program (the code stays: events and files name it). A kind may change only while
    no evidence is recorded (evidence of one kind is not evidence of another, 004 E.1)."""
    with transaction.atomic():
        program = Program.objects.select_for_update().filter(pk=program_id).first()
        if program is None:
            raise NotFound(f"There is no program {program_id}.", field="program")
        check_lea(actor, program.lea_id, what="edit a program")
        wanted: dict[str, Any] = {}
        if name is not None:
            name = name.strip()
            if not name or len(name) > 200:
                raise InvalidInput("A program needs a name (up to 200 characters).", field="name")
            wanted["name"] = name
        if kind is not None:
            new_kind = _kind(kind)
            if new_kind.value != program.kind:
                foreign = EngagementEvent.objects.filter(enrollment__program=program).exclude(
                    kind__in=[k.value for k in ACCEPTED_EVENTS[new_kind]]
                )
                if foreign.exists():
                    raise Conflict(
                        f"Evidence recorded in {program.code} is not accepted by a "
                        f"{new_kind.label} program; the kind cannot change.",
                        field="kind",
                    )
            wanted["kind"] = new_kind.value
        if calendar_id is not None:
            wanted["calendar_id"] = calendar_id
        if school_id is not _UNSET:
            wanted["school_id"] = school_id
        if is_active is not None:
            wanted["is_active"] = bool(is_active)
        _check_place(
            program.lea_id,
            wanted.get("school_id", program.school_id),
            wanted.get("calendar_id", program.calendar_id),
        )
        changes = {
            f.removesuffix("_id"): [getattr(program, f), v]
            for f, v in wanted.items()
            if getattr(program, f) != v
        }
        if not changes:
            return program
        for field, value in wanted.items():
            setattr(program, field, value)
        program.save(update_fields=list(wanted))
        _record(actor, ChangeAction.PROGRAM_EDITED, program, changes=changes)
        return program


def eligibility(enrollment: Enrollment) -> list[Problem]:
    """Every eligibility check the enrollment fails, at once, each with its rule (004 D.1,
    D.2, D.4), for the school year of its entry."""
    return problems(
        eligibility_of(enrollment),
        enrollment.program.program_kind,
        school_year_of(enrollment.entry_on),
        rules_for(enrollment.entry_on),
    )


def _staff(field: str, user_id: int | None, lea_id: int, role: Role) -> None:
    """A teacher or counselor of the enrollment: a user with that role in the LEA or one of its
    schools (the console operator may name anyone: the demo's loaders)."""
    if user_id is None:
        return
    found = RoleMembership.objects.filter(user_id=user_id, role=role.value).filter(
        Q(organisation_id=lea_id) | Q(organisation__parent_id=lea_id)
    )
    if not found.exists():
        raise InvalidInput(
            f"The {field} must be a {role.label} of the LEA or one of its schools.", field=field
        )


def _check_flags(flags: dict[str, Any]) -> None:
    unknown = set(flags) - set(FLAGS)
    if unknown:
        raise InvalidInput(
            f"Unknown enrollment facts: {', '.join(sorted(unknown))}.", field="flags"
        )


def _check_overlap(
    program: Program, student_id: int, entry_on: date, exit_on: date | None, other_than: int = 0
) -> None:
    open_end = date.max if exit_on is None else exit_on
    overlapping = (
        Enrollment.objects.select_for_update()
        .filter(program=program, student_id=student_id, entry_on__lte=open_end)
        .exclude(pk=other_than)
    )
    for other in overlapping:
        if other.exit_on is None or other.exit_on >= entry_on:
            raise Conflict(
                f"The student is already enrolled in {program.code} from "
                f"{other.entry_on.isoformat()}.",
                field="entry_on",
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
    """Enroll a student of the LEA in one of its programs (no overlapping stints). The
    enrollment is recorded even when an eligibility check fails (the student is then counted in
    no membership: ``eligibility`` names every failed check)."""
    _check_flags(flags)
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
    for field, user_id, role in (
        ("teacher", teacher_id, Role.TEACHER),
        ("counselor", counselor_id, Role.COUNSELOR),
    ):
        if user_id is not None and not User.objects.filter(pk=user_id).exists():
            raise NotFound(f"There is no user {user_id}.", field=field)
        if actor.role is not None:
            _staff(field, user_id, program.lea_id, role)
    with transaction.atomic():
        _check_overlap(program, student.pk, entry_on, exit_on)
        enrollment = Enrollment.objects.create(
            program=program,
            student=student,
            entry_on=entry_on,
            exit_on=exit_on,
            teacher_id=teacher_id,
            counselor_id=counselor_id,
            created_by=actor.user,
            **{k: bool(v) for k, v in flags.items()},
        )
        changes: dict[str, list[Any]] = {
            "student": [None, student.pk],
            "entry_on": [None, entry_on.isoformat()],
        }
        if exit_on is not None:
            changes["exit_on"] = [None, exit_on.isoformat()]
        changes.update({k: [None, bool(v)] for k, v in flags.items()})
        _record(actor, ChangeAction.ENROLLED, program, enrollment, changes)
        return enrollment


def update_enrollment(
    *,
    actor: Actor,
    enrollment_id: int,
    entry_on: date | None = None,
    teacher_id: int | None = _UNSET,
    counselor_id: int | None = _UNSET,
    **flags: Any,
) -> Enrollment:
    """Correct an enrollment's entry date, teacher, counselor or eligibility facts (an exit is
    recorded with ``exit_enrollment``). Every change is in the history with its old value."""
    _check_flags(flags)
    dates.checked(entry_on, "entry_on")
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .select_related("program", "student")
            .filter(pk=enrollment_id)
            .first()
        )
        if enrollment is None:
            raise NotFound(f"There is no enrollment {enrollment_id}.", field="enrollment")
        program = enrollment.program
        check_lea(actor, program.lea_id, what="edit an enrollment")
        wanted: dict[str, Any] = {k: bool(v) for k, v in flags.items()}
        if entry_on is not None and entry_on != enrollment.entry_on:
            if enrollment.exit_on is not None and entry_on > enrollment.exit_on:
                raise InvalidInput(
                    "The entry date cannot be after the exit date.", field="entry_on"
                )
            if enrollment.events.filter(on__lt=entry_on).exists():
                raise Conflict(
                    "Engagement is recorded before that entry date; check the date.",
                    field="entry_on",
                )
            _check_overlap(
                program, enrollment.student_id, entry_on, enrollment.exit_on, enrollment.pk
            )
            wanted["entry_on"] = entry_on
        for field, user_id, role in (
            ("teacher", teacher_id, Role.TEACHER),
            ("counselor", counselor_id, Role.COUNSELOR),
        ):
            if user_id is _UNSET:
                continue
            if actor.role is not None:
                _staff(field, user_id, program.lea_id, role)
            wanted[f"{field}_id"] = user_id
        changes = {
            f.removesuffix("_id"): [_json(getattr(enrollment, f)), _json(v)]
            for f, v in wanted.items()
            if getattr(enrollment, f) != v
        }
        if not changes:
            return enrollment
        for field, value in wanted.items():
            setattr(enrollment, field, value)
        enrollment.save(update_fields=list(wanted))
        _record(actor, ChangeAction.ENROLLMENT_EDITED, program, enrollment, changes)
        return enrollment


def exit_enrollment(
    *, actor: Actor, enrollment_id: int, exit_on: date, note: str = ""
) -> Enrollment:
    """Record the last day the student was enrolled (inclusive). Nothing is deleted: the
    enrollment, its evidence and its history stay; a later exit date may correct an earlier one."""
    dates.checked(exit_on, "exit_on")
    note = note.strip()
    if len(note) > 500:
        raise InvalidInput("A note is at most 500 characters.", field="note")
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
        before = enrollment.exit_on
        if before == exit_on:
            return enrollment
        _check_overlap(
            enrollment.program, enrollment.student_id, enrollment.entry_on, exit_on, enrollment.pk
        )
        enrollment.exit_on = exit_on
        enrollment.save(update_fields=["exit_on"])
        _record(
            actor,
            ChangeAction.EXITED,
            enrollment.program,
            enrollment,
            {"exit_on": [_json(before), exit_on.isoformat()]},
            note=note,
        )
    return enrollment
