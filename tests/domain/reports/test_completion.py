"""The completion rate's table and arithmetic (SPEC 3.1 "counts against completion rate")."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from seats.domain.reports.completion import (
    COUNTING,
    WHY,
    Counts,
    Rate,
    against_statuses,
    counted_statuses,
    counting,
    rates,
)
from seats.domain.statuses import STATUS_INFO, Completion, Status


def test_the_table_agrees_with_the_status_facts():
    for status, info in STATUS_INFO.items():
        timely, extended = counting(status)
        if info.completion is Completion.AGAINST:
            assert (timely, extended) == (Counts.NOT_COMPLETED, Counts.NOT_COMPLETED)
        elif info.completion is Completion.TIMELY:
            assert (timely, extended) == (Counts.COMPLETED, Counts.COMPLETED)
        elif info.completion is Completion.EXTENDED:
            assert (timely, extended) == (Counts.NOT_COMPLETED, Counts.COMPLETED)
        elif status is not Status.ANTICIPATED_LATE_PASS:
            assert (timely, extended) == (Counts.NOT_COUNTED, Counts.NOT_COUNTED), status
    assert set(WHY) == set(COUNTING)


def test_the_manual_s_statuses():
    against = against_statuses(extended=True)
    assert against == {
        Status.COMPLETED_GRADE_TOO_LOW,
        Status.FAILED_TO_COMPLETE,
        Status.QUARTER_EARNED_NOT_PASSING,
    }
    for kept_out in (
        Status.STUDENT_WITHDRAWAL_WITHIN_20,
        Status.STUDENT_WITHDRAWAL_AFTER_20,
        Status.NOT_CONFIRMED_CLOSED,
        Status.CONFIRMED,
    ):
        assert kept_out not in counted_statuses(extended=False)
        assert kept_out not in counted_statuses(extended=True)
    assert Status.ANTICIPATED_LATE_PASS in counted_statuses(extended=False)
    assert Status.ANTICIPATED_LATE_PASS not in counted_statuses(extended=True)


def test_one_ccas_of_every_status_by_hand():
    counts = dict.fromkeys(Status, 1)
    counts[Status.PASS_ALL_COMPLETE] = 7
    counts[Status.LATE_PASS] = 2
    result = rates(counts)
    # timely: 7 PAC / (7 PAC + 2 LP + 1 ALP + F + I/NG + .25) = 7 / 13
    assert (result.timely.completed, result.timely.counted) == (7, 13)
    assert result.timely.percent == Decimal("53.8")
    # extended: (7 + 2) / (7 + 2 + 3) = 9 / 12
    assert (result.extended.completed, result.extended.counted) == (9, 12)
    assert result.extended.percent == Decimal("75.0")
    assert result.open == 1
    assert result.below(Decimal("80")) and not result.below(Decimal("75"))


def test_the_minimum_is_exact_not_rounded():
    assert Rate(799, 1000).below(Decimal("80"))
    assert not Rate(800, 1000).below(Decimal("80"))
    assert not Rate(0, 0).below(Decimal("80"))
    assert Rate(0, 0).percent is None


@given(st.dictionaries(st.sampled_from(list(Status)), st.integers(0, 500)))
def test_rates_are_shares_between_zero_and_one(counts):
    result = rates(counts)
    for rate in (result.timely, result.extended):
        assert 0 <= rate.completed <= rate.counted
        if rate.counted:
            assert Decimal(0) <= rate.percent <= Decimal(100)
