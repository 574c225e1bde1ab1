"""Creating and editing programs and enrollments (SPEC 9; 004 C-D; docs/membership.md): the
LEA's pupil-accounting staff for their LEA only, the state read-only, every change in the
history, an exit a date (nothing deleted), the eligibility checks returned all at once."""

from __future__ import annotations

from datetime import date

import pytest

from seats.core.models import SchoolCalendar, SchoolDay
from seats.domain.errors import Conflict, InvalidInput, NotFound, NotPermitted
from seats.domain.membership.eligibility import Reason
from seats.domain.roles import Role
from seats.membership.models import ChangeAction, Enrollment, RecordChange
from seats.membership.services.events import record_event
from seats.membership.services.programs import (
    create_program,
    eligibility,
    enroll,
    exit_enrollment,
    update_enrollment,
    update_program,
)
from tests.factories import make_student, user_with
from tests.membership.helpers import ENTRY, build_scene, nth

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(settings):
    settings.SEATS_TODAY = nth(30)
    return build_scene()


def _program(scene, **kw):
    values = dict(
        actor=scene.clerk,
        lea_id=scene.world.lea.pk,
        code="ATT",
        name="Canyon View In Person",
        kind="attendance",
        calendar_id=scene.online.calendar_id,
    )
    values.update(kw)
    return create_program(**values)


def test_a_program_is_created_with_its_history(scene) -> None:
    program = _program(scene)
    change = RecordChange.objects.get(program=program)
    assert change.action == ChangeAction.PROGRAM_CREATED
    assert change.changes["kind"] == [None, "attendance"]
    assert change.by == scene.clerk.user and change.by_role == "pupil_accounting"


def test_a_program_must_be_on_one_of_the_leas_calendars(scene) -> None:
    other = SchoolCalendar.objects.create(organisation=scene.world.housing_lea, name="LEA2")
    with pytest.raises(InvalidInput) as refused:
        _program(scene, calendar_id=other.pk)
    assert refused.value.field == "calendar"
    with pytest.raises(NotFound):
        _program(scene, calendar_id=987654)


def test_only_the_leas_own_staff_create_and_edit_programs(scene) -> None:
    world = scene.world
    elsewhere = user_with(Role.PUPIL_ACCOUNTING, world.housing_lea, "pa-elsewhere")
    for actor in (
        elsewhere,
        world.actor(Role.STATE_SPECIALIST),
        world.actor(Role.TEACHER),
        world.actor(Role.COUNSELOR),
    ):
        with pytest.raises(NotPermitted):
            _program(scene, actor=actor)
        with pytest.raises(NotPermitted):
            update_program(actor=actor, program_id=scene.online.pk, name="Taken")
    scene.online.refresh_from_db()
    assert scene.online.name == "Canyon View Online"


def test_editing_a_program_records_before_and_after(scene) -> None:
    update_program(actor=scene.clerk, program_id=scene.online.pk, name="CV Online", is_active=False)
    scene.online.refresh_from_db()
    assert scene.online.name == "CV Online" and not scene.online.is_active
    change = RecordChange.objects.get(action=ChangeAction.PROGRAM_EDITED)
    assert change.changes == {
        "name": ["Canyon View Online", "CV Online"],
        "is_active": [True, False],
    }
    update_program(actor=scene.clerk, program_id=scene.online.pk, name="CV Online")
    assert RecordChange.objects.filter(action=ChangeAction.PROGRAM_EDITED).count() == 1


def test_a_kind_does_not_change_under_recorded_evidence(scene) -> None:
    record_event(
        actor=scene.teacher, enrollment_id=scene.enrollment.pk, on=nth(3), kind="assignment"
    )
    with pytest.raises(Conflict):
        update_program(actor=scene.clerk, program_id=scene.online.pk, kind="attendance")
    update_program(actor=scene.clerk, program_id=scene.online.pk, kind="blended")  # accepts it
    scene.online.refresh_from_db()
    assert scene.online.kind == "blended"
    record_event(
        actor=scene.teacher, enrollment_id=scene.enrollment.pk, on=nth(4), kind="in_person"
    )
    with pytest.raises(Conflict):  # the in-person day, beside an accepted assignment
        update_program(actor=scene.clerk, program_id=scene.online.pk, kind="online")


def test_every_failed_eligibility_check_is_returned_at_once(scene) -> None:
    student = make_student(scene.world, date_of_birth=date(2000, 1, 1), has_secondary_diploma=True)
    enrollment = enroll(
        actor=scene.clerk,
        program_id=scene.online.pk,
        student_id=student.pk,
        entry_on=ENTRY,
        has_certificate_of_completion=True,
        in_yic=True,
        utah_resident=False,
        enrolled_elsewhere=True,
        half_time_or_more=False,
    )
    found = {p.reason for p in eligibility(enrollment)}
    assert found == {
        Reason.DIPLOMA,
        Reason.CERTIFICATE,
        Reason.YIC,
        Reason.NOT_RESIDENT,
        Reason.NOT_SCHOOL_AGE,
        Reason.UNDER_HALF_TIME,
    }
    assert all(p.rule.startswith("004 D.") for p in eligibility(enrollment))
    assert eligibility(scene.enrollment) == []
    retained = enroll(
        actor=scene.clerk,
        program_id=scene.home_hospital.pk,
        student_id=make_student(scene.world, date_of_birth=date(2007, 1, 1)).pk,
        entry_on=ENTRY,
        retained_senior=True,
    )
    assert eligibility(retained) == []


def test_an_enrollment_is_of_the_leas_student_and_staff(scene) -> None:
    world = scene.world
    outsider = make_student(world, primary_lea=world.housing_lea, primary_school=None)
    with pytest.raises(NotFound):
        enroll(
            actor=scene.clerk, program_id=scene.online.pk, student_id=outsider.pk, entry_on=ENTRY
        )
    elsewhere = user_with(Role.TEACHER, world.housing_lea, "teacher-elsewhere")
    with pytest.raises(InvalidInput) as refused:
        enroll(
            actor=scene.clerk,
            program_id=scene.home_hospital.pk,
            student_id=world.student.pk,
            entry_on=ENTRY,
            teacher_id=elsewhere.user.pk,
        )
    assert refused.value.field == "teacher"
    with pytest.raises(NotPermitted):
        enroll(
            actor=user_with(Role.PUPIL_ACCOUNTING, world.housing_lea, "pa2"),
            program_id=scene.home_hospital.pk,
            student_id=world.student.pk,
            entry_on=ENTRY,
        )
    assert not Enrollment.objects.filter(program=scene.home_hospital).exists()


def test_editing_an_enrollment_keeps_the_old_values(scene) -> None:
    e = scene.enrollment
    update_enrollment(
        actor=scene.clerk, enrollment_id=e.pk, entry_on=nth(2), in_yic=True, counselor_id=None
    )
    e.refresh_from_db()
    assert e.entry_on == nth(2) and e.in_yic and e.counselor_id is None
    change = RecordChange.objects.get(enrollment=e, action=ChangeAction.ENROLLMENT_EDITED)
    assert change.changes["entry_on"] == [ENTRY.isoformat(), nth(2).isoformat()]
    assert change.changes["in_yic"] == [False, True]
    assert change.changes["counselor"][1] is None
    assert {p.reason for p in eligibility(e)} == {Reason.YIC}


def test_an_entry_date_does_not_move_past_recorded_evidence(scene) -> None:
    e = scene.enrollment
    record_event(actor=scene.teacher, enrollment_id=e.pk, on=nth(3), kind="assignment")
    with pytest.raises(Conflict):
        update_enrollment(actor=scene.clerk, enrollment_id=e.pk, entry_on=nth(4))


def test_an_exit_is_a_date_nothing_is_deleted(scene) -> None:
    e = scene.enrollment
    record_event(actor=scene.teacher, enrollment_id=e.pk, on=nth(5), kind="assignment")
    with pytest.raises(Conflict):
        exit_enrollment(actor=scene.clerk, enrollment_id=e.pk, exit_on=nth(4))
    with pytest.raises(InvalidInput):
        exit_enrollment(actor=scene.clerk, enrollment_id=e.pk, exit_on=date(2026, 8, 1))
    with pytest.raises(NotPermitted):
        exit_enrollment(actor=scene.world.actor(Role.AUDITOR), enrollment_id=e.pk, exit_on=nth(10))
    exit_enrollment(actor=scene.clerk, enrollment_id=e.pk, exit_on=nth(10), note="moved")
    exit_enrollment(actor=scene.clerk, enrollment_id=e.pk, exit_on=nth(12))  # a correction
    e.refresh_from_db()
    assert e.exit_on == nth(12) and e.events.count() == 1
    exits = RecordChange.objects.filter(enrollment=e, action=ChangeAction.EXITED).order_by("pk")
    assert [c.changes["exit_on"] for c in exits] == [
        [None, nth(10).isoformat()],
        [nth(10).isoformat(), nth(12).isoformat()],
    ]
    assert exits[0].note == "moved"
    # after the exit, the student may enter the program again
    again = enroll(
        actor=scene.clerk,
        program_id=scene.online.pk,
        student_id=e.student_id,
        entry_on=nth(20),
    )
    assert again.pk != e.pk
    with pytest.raises(Conflict):  # an exit that would overlap the new stint
        exit_enrollment(actor=scene.clerk, enrollment_id=e.pk, exit_on=nth(25))


def test_the_calendar_rule_holds_for_a_schools_calendar(scene) -> None:
    calendar = SchoolCalendar.objects.get(pk=scene.online.calendar_id)
    assert calendar.organisation == scene.world.school
    lea_calendar = SchoolCalendar.objects.create(organisation=scene.world.lea, name="District")
    SchoolDay.objects.create(calendar=lea_calendar, date=nth(1))
    program = _program(scene, code="CTE", kind="cte_tech_college", calendar_id=lea_calendar.pk)
    update_program(actor=scene.clerk, program_id=program.pk, calendar_id=calendar.pk)
    program.refresh_from_db()
    assert program.calendar_id == calendar.pk
