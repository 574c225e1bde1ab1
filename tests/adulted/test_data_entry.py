"""Adult education's data entry (issue 12): registering and enrolling a student with every
edit check named by field, the SEOP and its signatures, funding-code changes with history, and
voids and corrections of contact hours and assessments that keep every row and recompute the
enrollee status and levels."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from seats.adulted.models import Assessment, ContactHour, Enrollment, RecordChange
from seats.adulted.services import corrections, records
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import HourEntry, record_hours
from seats.domain.adulted.registration import Problems
from seats.domain.errors import Conflict, InvalidInput, NotPermitted
from seats.domain.roles import Role

from .helpers import ENTRY, TODAY, build, enrolled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY


@pytest.fixture
def a():  # type: ignore[no-untyped-def]
    return build()


def register(a, actor=None, **overrides):  # type: ignore[no-untyped-def]
    facts = {
        "program": a.program,
        "fiscal_year": 2025,
        "first_name": "Mai",
        "last_name": "Tran",
        "date_of_birth": date(1988, 4, 5),
        "entry_date": ENTRY,
        "area_of_focus": "ESOL",
        "funding_code": 3,
        "residency_proof": "Utah driver license",
    } | overrides
    return records.register_and_enroll(actor=actor or a.staff, **facts)


def seop_goal(a, e, **kw):  # type: ignore[no-untyped-def]
    return records.save_seop(
        actor=a.staff, enrollment=e, core_goal="Diploma", core_goal_on=ENTRY, **kw
    )


def test_register_and_enrol_writes_the_student_and_the_program_year(a) -> None:  # type: ignore[no-untyped-def]
    e = register(a, ssid="1234567", k12_enrolled=True)
    assert (e.fiscal_year, e.entry_date, e.area_of_focus, e.funding_code) == (
        2025,
        ENTRY,
        "ESOL",
        3,
    )
    assert e.residency_proof == "Utah driver license" and e.student.ssid == "1234567"
    change = RecordChange.objects.get(enrollment=e)
    assert (change.what, change.before, change.after["code"]) == ("funding_code", {"code": None}, 3)
    assert change.by == a.staff.user and change.role == "adulted_staff"
    # the specialist may register in any program; staff of another organisation may not
    register(a, actor=a.specialist, first_name="Lin")
    with pytest.raises(NotPermitted):
        register(a, actor=a.other_staff)
    soep = a.world.actor(Role.STATE_SPECIALIST)
    with pytest.raises(NotPermitted):
        register(a, actor=soep)


def test_every_registration_problem_is_named_by_field_and_nothing_is_written(a) -> None:  # type: ignore[no-untyped-def]
    before = (Enrollment.objects.count(), a.program.students.count())
    with pytest.raises(Problems) as raised:
        register(
            a,
            first_name=" ",
            date_of_birth=TODAY + timedelta(days=1),
            funding_code=10,
            entry_date=date(2026, 7, 1),
            area_of_focus="GED",
            k12_enrolled=True,
        )
    fields = {p.field: p.message for p in raised.value.problems}
    assert set(fields) == {
        "first_name",
        "date_of_birth",
        "funding_code",
        "entry_date",
        "area_of_focus",
        "ssid",
    }
    assert "in the future" in fields["date_of_birth"]
    assert "from 1 to 9, not 10" in fields["funding_code"]
    assert "outside program year 2025 (2025-07-01 to 2026-06-30)" in fields["entry_date"]
    assert "needs the SSID" in fields["ssid"]
    assert (Enrollment.objects.count(), a.program.students.count()) == before
    with pytest.raises(InvalidInput, match="under 16") as one:
        register(a, date_of_birth=date(2010, 1, 1))
    assert one.value.field == "date_of_birth"
    with pytest.raises(InvalidInput, match="in the future") as future:
        register(a, entry_date=TODAY + timedelta(days=1))
    assert future.value.field == "entry_date"
    with pytest.raises(InvalidInput, match="digits only"):
        register(a, ssid="12-34")


def test_the_seop_signatures_and_its_history(a) -> None:  # type: ignore[no-untyped-def]
    e = register(a)
    seop = records.save_seop(
        actor=a.staff,
        enrollment=e,
        goals="Read to my children",
        prior_achievements="Grade 8 in Vietnam",
        work_history="Nail salon, 6 years",
        core_goal="Improve English",
        core_goal_on=ENTRY,
        counselor="Dana Counselor",
        counselor_signed_on=ENTRY,
        waiver_refused=True,
    )
    assert seop.waiver_refused and seop.counselor == "Dana Counselor"
    e.refresh_from_db()
    assert e.seop_on == ENTRY
    with pytest.raises(InvalidInput, match="in the future") as later:
        records.save_seop(
            actor=a.staff,
            enrollment=e,
            core_goal="x",
            student_signed_on=TODAY + timedelta(days=1),
        )
    assert later.value.field == "student_signed_on"
    with pytest.raises(Problems) as dates:
        records.save_seop(
            actor=a.staff,
            enrollment=e,
            core_goal_on=date(2025, 6, 30),
            counselor_signed_on=TODAY + timedelta(days=1),
        )
    assert {p.field for p in dates.value.problems} == {"core_goal_on", "counselor_signed_on"}
    with pytest.raises(InvalidInput, match="day the counselor signed") as undated:
        records.save_seop(actor=a.staff, enrollment=e, counselor="Dana")
    assert undated.value.field == "counselor_signed_on"
    records.save_seop(
        actor=a.staff,
        enrollment=e,
        goals="Read to my children",
        prior_achievements="Grade 8 in Vietnam",
        work_history="Nail salon, 6 years",
        core_goal="Improve English",
        core_goal_on=ENTRY,
        counselor="Dana Counselor",
        counselor_signed_on=ENTRY,
        student_signed_on=ENTRY + timedelta(days=1),
    )
    changes = list(RecordChange.objects.filter(enrollment=e, what="seop"))
    assert len(changes) == 2
    assert changes[1].before == {"student_signed_on": None, "waiver_refused": True}
    assert changes[1].after == {"student_signed_on": "2025-09-03", "waiver_refused": False}
    with pytest.raises(NotPermitted):
        records.save_seop(actor=a.other_staff, enrollment=e, core_goal="x")


def test_a_funding_code_change_keeps_who_when_from_and_to(a) -> None:  # type: ignore[no-untyped-def]
    e = enrolled(a, code=None)
    records.set_funding_code(actor=a.staff, enrollment=e, code=2, on=date(2025, 9, 10))
    records.set_funding_code(
        actor=a.director, enrollment=e, code=5, on=date(2025, 11, 1), reason="now a K-12 student"
    )
    e.refresh_from_db()
    assert (e.funding_code, e.funding_code_on) == (5, date(2025, 11, 1))
    first, second = RecordChange.objects.filter(enrollment=e, what="funding_code")
    assert first.before == {"code": None, "on": None} and first.after["code"] == 2
    assert second.before == {"code": 2, "on": "2025-09-10"}
    assert second.after == {"code": 5, "on": "2025-11-01"}
    assert second.by == a.director.user and second.reason == "now a K-12 student"
    with pytest.raises(InvalidInput, match="already 5"):
        records.set_funding_code(actor=a.staff, enrollment=e, code=5, on=date(2025, 11, 1))
    with pytest.raises(InvalidInput, match="program year 2025") as outside:
        records.set_funding_code(actor=a.staff, enrollment=e, code=3, on=date(2026, 7, 2))
    assert outside.value.field == "on"
    with pytest.raises(NotPermitted):
        records.set_funding_code(actor=a.other_staff, enrollment=e, code=3, on=ENTRY)
    assert RecordChange.objects.filter(enrollment=e, what="funding_code").count() == 2


def _enrollee(a):  # type: ignore[no-untyped-def]
    """An enrollee reached on the third day of 4 hours (12 hours), with an ABE 2 intake."""
    e = enrolled(a)
    seop_goal(a, e)
    record_assessment(
        actor=a.staff,
        enrollment=e,
        test="TABE_9_10",
        day=ENTRY,
        administrator="Kim",
        scores={"reading": (None, 400)},
    )
    record_hours(
        actor=a.staff,
        program=a.program,
        entries=[
            HourEntry(e.pk, ENTRY + timedelta(days=d), "instructional", hours=Decimal(4))
            for d in (1, 2, 3)
        ],
    )
    e.refresh_from_db()
    assert e.enrollee_on == ENTRY + timedelta(days=3)
    return e


def test_voiding_an_hour_keeps_the_row_and_recomputes_the_status(a) -> None:  # type: ignore[no-untyped-def]
    e = _enrollee(a)
    hour = ContactHour.objects.get(enrollment=e, day=ENTRY + timedelta(days=2))
    with pytest.raises(InvalidInput, match="Say why") as why:
        corrections.void_hour(actor=a.staff, hour=hour, reason=" ")
    assert why.value.field == "reason"
    corrections.void_hour(actor=a.staff, hour=hour, reason="entered for the wrong student")
    e.refresh_from_db()
    assert e.hours_total == 8 and e.enrollee_on is None
    kept = ContactHour.all_objects.get(pk=hour.pk)
    assert kept.is_void and kept.voided_by == a.staff.user
    assert kept.void_reason == "entered for the wrong student"
    assert not ContactHour.objects.filter(pk=hour.pk).exists()
    change = RecordChange.objects.get(enrollment=e, what="hour")
    assert (change.action, change.target_id, change.before["hours"]) == ("void", hour.pk, "4.00")
    with pytest.raises(Conflict, match="already void"):
        corrections.void_hour(actor=a.staff, hour=kept, reason="again")
    # the day may be entered again: only one entry per day and kind is in force
    record_hours(
        actor=a.staff,
        program=a.program,
        entries=[HourEntry(e.pk, hour.day, "instructional", hours=Decimal(5))],
    )
    e.refresh_from_db()
    assert e.hours_total == 13 and e.enrollee_on == hour.day + timedelta(days=1)
    with pytest.raises(NotPermitted):
        again = ContactHour.objects.get(enrollment=e, day=hour.day)
        corrections.void_hour(actor=a.other_staff, hour=again, reason="x")


def test_correcting_an_hour_voids_the_old_row_and_passes_the_edit_checks(a) -> None:  # type: ignore[no-untyped-def]
    e = _enrollee(a)
    hour = ContactHour.objects.get(enrollment=e, day=ENTRY + timedelta(days=1))
    with pytest.raises(InvalidInput, match="more than the 10 a day"):
        corrections.correct_hour(actor=a.staff, hour=hour, hours=Decimal(11), reason="typo")
    with pytest.raises(InvalidInput, match="already says"):
        corrections.correct_hour(actor=a.staff, hour=hour, hours=Decimal(4), reason="typo")
    with pytest.raises(InvalidInput, match="before the entry date"):
        corrections.correct_hour(
            actor=a.staff, hour=hour, hours=Decimal(4), day=ENTRY - timedelta(1), reason="x"
        )
    assert not ContactHour.all_objects.filter(pk=hour.pk, voided_at__isnull=False).exists()
    new = corrections.correct_hour(actor=a.staff, hour=hour, hours=Decimal(2), reason="left early")
    e.refresh_from_db()
    assert e.hours_total == 10 and e.enrollee_on is None
    assert new.corrects_id == hour.pk and new.hours == 2
    old = ContactHour.all_objects.get(pk=hour.pk)
    assert old.is_void and old.void_reason == "corrected: left early"
    change = RecordChange.objects.get(enrollment=e, what="hour")
    assert change.action == "correct" and change.new_id == new.pk
    assert (change.before["hours"], change.after["hours"]) == ("4.00", "2")
    # re-entering a recorded day with other hours is a replacement, kept in the history too
    record_hours(
        actor=a.staff,
        program=a.program,
        entries=[HourEntry(e.pk, new.day, "instructional", hours=Decimal(6))],
    )
    assert ContactHour.all_objects.filter(enrollment=e, day=new.day).count() == 3
    assert RecordChange.objects.filter(enrollment=e, action="replace").count() == 1
    e.refresh_from_db()
    assert e.hours_total == 14


def test_voiding_and_correcting_an_assessment_recomputes_the_levels(a) -> None:  # type: ignore[no-untyped-def]
    e = _enrollee(a)
    for d in range(4, 14):
        record_hours(
            actor=a.staff,
            program=a.program,
            entries=[HourEntry(e.pk, ENTRY + timedelta(days=d), "instructional", hours=4)],
        )
    post = record_assessment(
        actor=a.staff,
        enrollment=e,
        test="TABE_9_10",
        day=ENTRY + timedelta(days=14),
        administrator="Kim",
        scores={"reading": (None, 470)},
    )
    e.refresh_from_db()
    assert e.levels_gained == 1
    with pytest.raises(InvalidInput, match="the bands are"):
        corrections.correct_assessment(
            actor=a.staff,
            assessment=post,
            test="TABE_9_10",
            day=post.day,
            administrator="Kim",
            scores={"reading": (None, 5000)},
            reason="typo",
        )
    assert not Assessment.all_objects.get(pk=post.pk).is_void  # the refusal wrote nothing
    fixed = corrections.correct_assessment(
        actor=a.staff,
        assessment=post,
        test="TABE_9_10",
        day=post.day,
        administrator="Kim",
        scores={"reading": (None, 450)},
        reason="scored against the wrong key",
    )
    e.refresh_from_db()
    assert e.levels_gained == 0 and fixed.corrects_id == post.pk
    change = RecordChange.objects.get(enrollment=e, what="assessment")
    assert change.before["scores"] == {"reading": 470} and change.after["scores"] == {
        "reading": 450
    }
    intake = Assessment.objects.get(enrollment=e, day=ENTRY)
    corrections.void_assessment(actor=a.staff, assessment=intake, reason="wrong student")
    e.refresh_from_db()
    # the corrected post-test is now the first test of the year: the intake, EFL ABE 2
    assert e.efl_code == "ABE 2" and e.efl_on == fixed.day
    assert e.enrollee_on == fixed.day
    assert Assessment.all_objects.filter(enrollment=e).count() == 3
    with pytest.raises(NotPermitted):
        corrections.void_assessment(actor=a.other_staff, assessment=fixed, reason="x")
