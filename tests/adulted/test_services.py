"""Adult-education services: enrollee status recomputed on every change, edit checks at entry,
assessments placed on the NRS tables, scoping by program organisation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from seats.adulted.models import Assessment, ContactHour, Enrollment
from seats.adulted.services import records
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import HourEntry, record_hours, record_roster_day
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


def hours(a, e, day, h=4, kind="instructional"):  # type: ignore[no-untyped-def]
    return record_hours(
        actor=a.staff, program=a.program, entries=[HourEntry(e.pk, day, kind, hours=Decimal(h))]
    )


def tabe(a, e, day, **scores):  # type: ignore[no-untyped-def]
    return record_assessment(
        actor=a.staff,
        enrollment=e,
        test="TABE_9_10",
        day=day,
        administrator="Kim",
        scores={k: (None, v) for k, v in scores.items()},
    )


def test_enrollee_status_reached_when_the_fourth_requirement_is_entered(a) -> None:  # type: ignore[no-untyped-def]
    e = enrolled(a)
    tabe(a, e, ENTRY, reading=400, total_math=500)
    for i in range(3):
        hours(a, e, ENTRY + timedelta(days=i + 1))
    e.refresh_from_db()
    assert e.efl_code == "ABE 2" and e.hours_total == 12 and e.enrollee_on is None
    records.save_seop(
        actor=a.staff, enrollment=e, core_goal="Earn a diploma", core_goal_on=date(2025, 9, 20)
    )
    e.refresh_from_db()
    assert e.enrollee_on == date(2025, 9, 20)


def test_a_too_early_post_test_is_kept_and_marked(a) -> None:  # type: ignore[no-untyped-def]
    e = enrolled(a)
    tabe(a, e, ENTRY, reading=400)
    hours(a, e, ENTRY + timedelta(days=1), h=8)
    post = tabe(a, e, ENTRY + timedelta(days=2), reading=470)
    assert post.valid_for_gain is False and post.note.startswith("too early: 8")
    for i in range(4):
        hours(a, e, ENTRY + timedelta(days=10 + i), h=8)
    later = tabe(a, e, ENTRY + timedelta(days=20), reading=470)
    e.refresh_from_db()
    assert later.valid_for_gain is True and e.levels_gained == 1
    assert Assessment.objects.filter(enrollment=e).count() == 3


def test_impossible_scores_and_test_dates_are_refused(a) -> None:  # type: ignore[no-untyped-def]
    e = enrolled(a)
    with pytest.raises(InvalidInput, match="ABE 1 0-367; ABE 2 368-460"):
        tabe(a, e, ENTRY, reading=1000)
    with pytest.raises(InvalidInput, match="in the future"):
        tabe(a, e, TODAY + timedelta(days=1), reading=400)
    with pytest.raises(InvalidInput, match="before the student's birth"):
        tabe(a, e, date(1989, 12, 31), reading=400)
    assert not Assessment.objects.exists()


def test_hours_outside_enrollment_or_over_the_day_maximum_are_refused(a) -> None:  # type: ignore[no-untyped-def]
    e = enrolled(a)
    with pytest.raises(InvalidInput, match="before the entry date"):
        hours(a, e, ENTRY - timedelta(days=1))
    hours(a, e, ENTRY, h=6)
    with pytest.raises(InvalidInput, match="more than the 10 a day"):
        hours(a, e, ENTRY, h=5, kind="counseling")
    records.exit_enrollment(
        actor=a.director, enrollment=e, exit_date=date(2025, 10, 1), reason="completion"
    )
    with pytest.raises(InvalidInput, match="after the exit date"):
        hours(a, e, date(2025, 10, 2))
    assert ContactHour.objects.count() == 1


def test_a_roster_day_is_all_or_nothing(a) -> None:  # type: ignore[no-untyped-def]
    e1, e2 = enrolled(a), enrolled(a)
    assert (
        record_roster_day(
            actor=a.staff,
            program=a.program,
            day=ENTRY,
            rows=[(e1.pk, "instructional", Decimal(3)), (e2.pk, "instructional", Decimal(0))],
        )
        == 1
    )
    with pytest.raises(InvalidInput, match=r"Row 2: .*more than"):
        record_roster_day(
            actor=a.staff,
            program=a.program,
            day=ENTRY + timedelta(days=1),
            rows=[(e1.pk, "instructional", Decimal(3)), (e2.pk, "instructional", Decimal(11))],
        )
    assert ContactHour.objects.count() == 1


def test_minutes_make_contact_hours_of_45_minutes(a) -> None:  # type: ignore[no-untyped-def]
    e = enrolled(a)
    record_hours(
        actor=a.staff,
        program=a.program,
        entries=[HourEntry(e.pk, ENTRY, "instructional", minutes=100)],
    )
    assert ContactHour.objects.get().hours == 2


def test_once_per_program_per_year(a) -> None:  # type: ignore[no-untyped-def]
    e = enrolled(a)
    with pytest.raises(Conflict, match="once a year"):
        records.enroll(
            actor=a.staff,
            student=e.student,
            program=a.program,
            entry_date=date(2026, 1, 5),
            area_of_focus="ABE",
        )
    nxt = records.enroll(
        actor=a.staff,
        student=e.student,
        program=a.program,
        entry_date=date(2025, 6, 30),
        area_of_focus="ABE",
    )
    assert nxt.fiscal_year == 2024


def test_scoping_by_program_organisation(a) -> None:  # type: ignore[no-untyped-def]
    e = enrolled(a)
    entry = [HourEntry(e.pk, ENTRY, "instructional", hours=Decimal(1))]
    with pytest.raises(NotPermitted):
        record_hours(actor=a.other_staff, program=a.program, entries=entry)
    with pytest.raises(NotPermitted, match="director"):
        records.exit_enrollment(actor=a.staff, enrollment=e, exit_date=ENTRY, reason="transfer")
    with pytest.raises(NotPermitted):  # SOEP's state roles have no part in adult education
        record_assessment(
            actor=a.world.actor(Role.STATE_ADMIN),
            enrollment=e,
            test="TABE_9_10",
            day=ENTRY,
            administrator="x",
            scores={"reading": (None, 400)},
        )
    # the specialist may act for every program
    records.exit_enrollment(actor=a.specialist, enrollment=e, exit_date=ENTRY, reason="transfer")
    # another program's enrollment is not found in that program
    with pytest.raises(InvalidInput, match="No enrollment"):
        record_hours(actor=a.other_staff, program=a.other, entries=entry)


def test_funding_code_and_checklist(a) -> None:  # type: ignore[no-untyped-def]
    e = enrolled(a, code=None)
    with pytest.raises(InvalidInput, match="1 to 9"):
        records.set_funding_code(actor=a.staff, enrollment=e, code=10, on=ENTRY)
    records.set_funding_code(actor=a.staff, enrollment=e, code=4, on=date(2025, 10, 1))
    assert Enrollment.objects.get(pk=e.pk).funding_code_on == date(2025, 10, 1)
    row = records.check_item(
        actor=a.staff, student=e.student, item="utah_residency", received_on=ENTRY
    )
    assert row.fiscal_year == 0 and row.checked_by == a.staff.user
    seop = records.check_item(
        actor=a.staff, student=e.student, item="current_seop", received_on=ENTRY
    )
    assert seop.fiscal_year == 2025
    with pytest.raises(InvalidInput, match="received date or why"):
        records.check_item(actor=a.staff, student=e.student, item="accommodations")
