"""Excused absences (004 D.3, D.4.a; docs/membership.md "Excused absences"): in an
attendance-validated program the student is out of membership only after unexcused absences on
each of the prior 10 school days, so an excused absence ends a run of them; a learner-validated
program counts engagement only (004 D.2.c, E.2) and home and hospital counts weekly minutes
(004 D.4.b), so there an excused absence is refused, with the rule."""

from __future__ import annotations

import pytest

from seats.domain.errors import InvalidInput
from seats.domain.membership.kinds import EventKind, ProgramKind, event_problem
from seats.membership.models import EngagementEvent
from seats.membership.selectors.compute import compute
from seats.membership.services.events import record_event
from seats.membership.services.programs import create_program, enroll
from tests.factories import make_student
from tests.membership.helpers import ENTRY, build_scene, nth

pytestmark = pytest.mark.django_db


def test_only_attendance_validated_programs_accept_an_excused_absence() -> None:
    excused = EventKind.EXCUSED_ABSENCE
    assert event_problem(ProgramKind.ATTENDANCE, excused, None) is None
    assert event_problem(ProgramKind.CTE_TECH_COLLEGE, excused, None) is None
    for kind in (ProgramKind.ONLINE, ProgramKind.BLENDED, ProgramKind.COMPETENCY,
                 ProgramKind.HOME_HOSPITAL):  # fmt: skip
        problem = event_problem(kind, excused, None)
        assert problem is not None and "004 D.3, D.4.a" in problem, kind


@pytest.fixture
def attendance(settings):
    settings.SEATS_TODAY = nth(40)
    scene = build_scene()
    program = create_program(
        actor=scene.clerk,
        lea_id=scene.world.lea.pk,
        code="ATT",
        name="In Person",
        kind="attendance",
        calendar_id=scene.online.calendar_id,
    )
    student = make_student(scene.world)
    enrollment = enroll(
        actor=scene.clerk, program_id=program.pk, student_id=student.pk, entry_on=ENTRY
    )
    scene.attendance = enrollment  # type: ignore[attr-defined]
    return scene


def _days(enrollment, through):
    (row,) = compute([enrollment], school_year=2026, through=through)
    return row.member_days, [g.left_on for g in row.gaps]


def test_an_excused_absence_ends_a_run_of_unexcused_absences(attendance) -> None:
    e = attendance.attendance
    record_event(actor=attendance.teacher, enrollment_id=e.pk, on=nth(1), kind="in_person")
    # absent on school days 2-20: unexcused, out from day 12
    assert _days(e, nth(20)) == (11, [nth(12)])
    # day 6 was an excused absence: days 7-16 are the first 10 unexcused, out from day 17
    record_event(
        actor=attendance.teacher,
        enrollment_id=e.pk,
        on=nth(6),
        kind="excused_absence",
        note="doctor's note",
    )
    assert _days(e, nth(20)) == (16, [nth(17)])
    event = EngagementEvent.objects.get(enrollment=e, kind="excused_absence")
    assert event.source == "teacher" and event.note == "doctor's note"


def test_a_learner_validated_program_refuses_an_excused_absence(attendance) -> None:
    with pytest.raises(InvalidInput) as refused:
        record_event(
            actor=attendance.teacher,
            enrollment_id=attendance.enrollment.pk,
            on=nth(3),
            kind="excused_absence",
        )
    assert "004 D.3, D.4.a" in str(refused.value)
    assert not EngagementEvent.objects.exists()
