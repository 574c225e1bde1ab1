"""The rules the lifecycle used to bend (issue 15): the second withdrawal window of a 1.0-credit
course, dated closeouts, the late-pass statuses' dates. Fixed dates on a provider calendar with
a winter break; every refusal names its rule and the dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from seats.core.models import CCA
from seats.core.services.calendars import import_calendar
from seats.core.services.enrollment import set_second_half_start
from seats.core.services.lifecycle import move_status
from seats.domain.errors import GuardFailed, InvalidInput
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import (
    Snapshot,
    assert_nothing_written,
    check_history,
    confirmed,
    provider_actor,
    ready_to_confirm,
)
from tests.factories import build_world

pytestmark = pytest.mark.django_db
D = date.fromisoformat
BREAK = (D("2025-12-22"), D("2026-01-02"))


def school_days() -> list[date]:
    """Every weekday of 2025-26 from Aug 18 to June 5, except the winter break."""
    days, day = [], D("2025-08-18")
    while day <= D("2026-06-05"):
        if day.weekday() < 5 and not BREAK[0] <= day <= BREAK[1]:
            days.append(day)
        day += timedelta(days=1)
    return days


def load_provider_calendar(world) -> None:
    data = ("date\n" + "\n".join(d.isoformat() for d in school_days()) + "\n").encode()
    import_calendar(organisation_code=world.provider.code, file_name="provider.csv", data=data)


def move(world, cca: CCA, to: Status, *, on: date, **kw) -> CCA:
    cca.refresh_from_db()
    return move_status(
        actor=provider_actor(world),
        cca_id=cca.pk,
        to=to,
        expected_version=cca.version,
        as_of=on,
        **kw,
    )


@pytest.fixture
def world():
    world = build_world()
    load_provider_calendar(world)
    return world


# --- the first window ----------------------------------------------------------------------


def test_first_window_counts_on_the_provider_calendar(world) -> None:
    cca = ready_to_confirm(world)  # starts Mon 2025-09-08
    assert (cca.withdrawal_period_end, cca.census_date) == (D("2025-10-06"), D("2025-10-07"))
    assert cca.confirmation_due == D("2025-10-15")  # 5 business days (Oct 13 is a holiday)
    assert cca.second_half_start is None  # a 0.5-credit course has one window


def test_within_20_needs_a_date_inside_the_first_window(world) -> None:
    cca = ready_to_confirm(world)
    before = Snapshot.take(cca)
    for kwargs, words in (
        ({}, "date of the withdrawal or exit is required"),
        ({"withdrawal_date": D("2025-10-07")}, "outside the first withdrawal window"),
        ({"withdrawal_date": D("2025-10-09")}, "after today"),
    ):
        with pytest.raises(GuardFailed) as refused:
            move(world, cca, Status.STUDENT_WITHDRAWAL_WITHIN_20, on=D("2025-10-08"), **kwargs)
        assert words in str(refused.value)
        assert "R277-726-2(19)" in refused.value.rule
    assert_nothing_written(before, cca)
    cca = move(
        world,
        cca,
        Status.STUDENT_WITHDRAWAL_WITHIN_20,
        on=D("2025-10-08"),
        withdrawal_date=D("2025-10-06"),  # the window's last school day
    )
    assert cca.status == Status.STUDENT_WITHDRAWAL_WITHIN_20
    assert cca.withdrawal_date == D("2025-10-06")
    entry = check_history(cca.pk)[-1]
    assert entry.details["withdrawal_date"] == "2025-10-06"
    assert entry.details["window"] == "first"


def test_within_20_is_recorded_by_the_confirmation_deadline(world) -> None:
    cca = ready_to_confirm(world)
    with pytest.raises(GuardFailed) as late:
        move(
            world,
            cca,
            Status.LOSS_OF_ELIGIBILITY_WITHIN_20,
            on=D("2025-10-16"),  # the day after confirmation due
            withdrawal_date=D("2025-10-01"),
        )
    assert "had to be recorded by 2025-10-15" in str(late.value)
    cca = move(
        world,
        cca,
        Status.LOSS_OF_ELIGIBILITY_WITHIN_20,
        on=D("2025-10-15"),
        withdrawal_date=D("2025-10-01"),
    )
    assert cca.status == Status.LOSS_OF_ELIGIBILITY_WITHIN_20


def test_a_withdrawal_before_the_course_starts_is_inside_the_first_window(world) -> None:
    cca = ready_to_confirm(world)
    cca = move(
        world,
        cca,
        Status.STUDENT_WITHDRAWAL_WITHIN_20,
        on=D("2025-09-05"),
        withdrawal_date=D("2025-09-04"),
    )
    assert cca.status == Status.STUDENT_WITHDRAWAL_WITHIN_20


def test_after_20_only_for_dates_after_the_window(world) -> None:
    cca = confirmed(world)
    with pytest.raises(GuardFailed) as inside:
        move(
            world,
            cca,
            Status.STUDENT_WITHDRAWAL_AFTER_20,
            on=D("2025-11-03"),
            document_ref="wd.pdf",
            withdrawal_date=D("2025-10-06"),
        )
    assert "inside the first withdrawal window" in str(inside.value)
    cca = move(
        world,
        cca,
        Status.STUDENT_WITHDRAWAL_AFTER_20,
        on=D("2025-11-03"),
        document_ref="wd.pdf",
        withdrawal_date=D("2025-10-07"),  # one school day after the window
    )
    assert cca.status == Status.STUDENT_WITHDRAWAL_AFTER_20
    assert check_history(cca.pk)[-1].details["window"] == "after"


# --- the second window of a 1.0-credit course ------------------------------------------------


def full_credit(world) -> CCA:
    return confirmed(world, offering=world.offering_full_credit)


def test_a_full_credit_course_gets_a_derived_second_window(world) -> None:
    cca = full_credit(world)
    days = [d for d in school_days() if d > D("2025-09-08")]
    assert cca.second_half_start == days[len(days) // 2]  # halfway through the year's days
    assert not cca.second_half_start_entered
    assert cca.second_withdrawal_period_end and cca.second_census_date
    assert cca.second_withdrawal_record_by


def test_the_provider_enters_the_second_half_start_across_the_break(world) -> None:
    cca = full_credit(world)
    derived = cca.second_half_start
    cca = set_second_half_start(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        start=D("2025-12-19"),  # the last school day before the break
        as_of=D("2025-12-01"),
    )
    # 20 school days after Dec 19, the 10 break weekdays not counted.
    assert cca.second_withdrawal_period_end == D("2026-01-30")
    assert cca.second_census_date == D("2026-02-02")
    assert cca.second_withdrawal_record_by == D("2026-02-09")
    entry = check_history(cca.pk)[-1]
    assert entry.action == "set_second_half_start"
    assert entry.details["second_half_start"] == {
        "from": derived.isoformat(),
        "to": "2025-12-19",
    }


def test_second_half_start_changes_only_until_it_has_passed(world) -> None:
    cca = full_credit(world)
    start = cca.second_half_start
    with pytest.raises(GuardFailed) as passed:
        set_second_half_start(
            actor=provider_actor(world),
            cca_id=cca.pk,
            expected_version=cca.version,
            start=start + timedelta(days=14),
            as_of=start,
        )
    assert "cannot change once it has passed" in str(passed.value)
    with pytest.raises(InvalidInput) as early:
        set_second_half_start(
            actor=provider_actor(world),
            cca_id=cca.pk,
            expected_version=cca.version,
            start=D("2025-10-01"),  # inside the first window
            as_of=D("2025-09-20"),
        )
    assert early.value.field == "second_half_start"
    half = confirmed(world)  # a 0.5-credit course of the same student
    with pytest.raises(GuardFailed) as not_full:
        set_second_half_start(
            actor=provider_actor(world),
            cca_id=half.pk,
            expected_version=half.version,
            start=D("2026-01-12"),
            as_of=D("2025-12-01"),
        )
    assert "Only a 1.0-credit course" in str(not_full.value)


def second_window_cca(world) -> CCA:
    cca = full_credit(world)
    return set_second_half_start(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        start=D("2026-01-05"),  # the first school day after the break
        as_of=D("2025-12-01"),
    )


def test_second_window_dates(world) -> None:
    cca = second_window_cca(world)
    assert cca.second_withdrawal_period_end == D("2026-02-02")
    assert cca.second_census_date == D("2026-02-03")
    assert cca.second_withdrawal_record_by == D("2026-02-10")


def test_withdrawal_inside_the_second_window_is_within_20(world) -> None:
    cca = second_window_cca(world)
    for day, words in (
        (D("2026-02-03"), "outside the second withdrawal window"),  # one school day after
        (D("2026-01-02"), "outside the second withdrawal window"),  # before it opens
    ):
        with pytest.raises(GuardFailed) as refused:
            move(
                world,
                cca,
                Status.STUDENT_WITHDRAWAL_WITHIN_20,
                on=D("2026-02-05"),
                withdrawal_date=day,
            )
        assert words in str(refused.value)
        assert "R277-726-2(19)(c)" in refused.value.rule
    with pytest.raises(GuardFailed) as inside:
        move(
            world,
            cca,
            Status.STUDENT_WITHDRAWAL_AFTER_20,
            on=D("2026-02-05"),
            document_ref="wd.pdf",
            withdrawal_date=D("2026-02-02"),
        )
    assert "inside the second withdrawal window" in str(inside.value)
    cca = move(
        world,
        cca,
        Status.STUDENT_WITHDRAWAL_WITHIN_20,
        on=D("2026-02-05"),
        withdrawal_date=D("2026-02-02"),  # the second window's last school day
    )
    assert cca.status == Status.STUDENT_WITHDRAWAL_WITHIN_20
    assert cca.confirmation_date is not None  # it was Confirmed: the first payment stands
    entry = check_history(cca.pk)[-1]
    assert (entry.action, entry.details["window"]) == ("student_withdrawal_second_window", "second")


def test_the_second_window_has_its_own_recording_deadline(world) -> None:
    cca = second_window_cca(world)
    with pytest.raises(GuardFailed) as late:
        move(
            world,
            cca,
            Status.LOSS_OF_ELIGIBILITY_WITHIN_20,
            on=D("2026-02-11"),
            withdrawal_date=D("2026-01-20"),
        )
    assert "had to be recorded by 2026-02-10" in str(late.value)


def test_a_half_credit_course_has_no_second_window(world) -> None:
    cca = confirmed(world)
    with pytest.raises(GuardFailed) as refused:
        move(
            world,
            cca,
            Status.STUDENT_WITHDRAWAL_WITHIN_20,
            on=D("2026-02-05"),
            withdrawal_date=D("2026-02-02"),
        )
    assert "no second withdrawal window" in str(refused.value)


# --- Anticipated Late Pass and Late Pass -----------------------------------------------------


def test_anticipated_late_pass_from_june_1_while_active(world) -> None:
    cca = confirmed(world)
    with pytest.raises(GuardFailed) as early:
        move(world, cca, Status.ANTICIPATED_LATE_PASS, on=D("2026-05-31"))
    assert "may be set from 2026-06-01" in str(early.value)
    with pytest.raises(GuardFailed) as late:
        move(world, cca, Status.ANTICIPATED_LATE_PASS, on=D("2026-07-01"))
    assert "before the June 30 closeout" in str(late.value)
    cca = move(world, cca, Status.ANTICIPATED_LATE_PASS, on=D("2026-06-02"))
    assert cca.status == Status.ANTICIPATED_LATE_PASS


def test_late_pass_completed_by_the_late_pass_deadline(world) -> None:
    cca = move(world, confirmed(world), Status.ANTICIPATED_LATE_PASS, on=D("2026-06-02"))
    for done, words in (
        (D("2026-06-30"), "by the June 30 closeout"),
        (D("2026-08-02"), "after the late-pass deadline (2026-08-01)"),
    ):
        with pytest.raises(GuardFailed) as refused:
            move(
                world,
                cca,
                Status.LATE_PASS,
                on=D("2026-08-03"),
                final_grade="B",
                completion_date=done,
            )
        assert words in str(refused.value)
    cca = move(
        world,
        cca,
        Status.LATE_PASS,
        on=D("2026-08-03"),
        final_grade="B",
        completion_date=D("2026-08-01"),
    )
    assert cca.status == Status.LATE_PASS
