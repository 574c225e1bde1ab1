"""The clock of a correction request (seats.domain.corrections) and what the state can do about a
duplicate it may not reject (seats.domain.duplicates)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from seats.domain.calendars import BusinessCalendar
from seats.domain.corrections import correction_clock, worklist_order
from seats.domain.duplicates import Member, group_advice, instead
from seats.domain.policy import Policy
from seats.domain.statuses import Status

UT = BusinessCalendar(state="UT")
POLICY = Policy(school_year=2025)


def test_the_clock_counts_business_days_from_policy_and_skips_holidays() -> None:
    # Wed 26 Nov 2025: Thanksgiving (Thu 27) and the weekend are not business days.
    clock = correction_clock(
        closed_on=date(2025, 11, 25),
        requested_on=date(2025, 11, 26),
        policy=POLICY,
        business=UT,
        today=date(2025, 11, 26),
    )
    assert clock.ask_by == date(2025, 12, 1)  # Wed 26, Fri 28, Mon 1
    assert clock.answer_by == date(2025, 12, 2)  # Fri 28, Mon 1, Tue 2
    assert clock.in_time and not clock.overdue and clock.business_days_left == 3
    longer = correction_clock(
        closed_on=date(2025, 11, 25),
        requested_on=date(2025, 11, 26),
        policy=replace(POLICY, correction_decision_days=5),
        business=UT,
        today=date(2025, 12, 3),
    )
    assert longer.answer_by == date(2025, 12, 4) and not longer.overdue
    late = correction_clock(
        closed_on=date(2025, 11, 3),
        requested_on=date(2025, 11, 10),
        policy=POLICY,
        business=UT,
        today=date(2025, 11, 17),
    )
    assert not late.in_time and late.overdue and late.business_days_left < 0


def test_the_worklist_puts_overdue_first_then_the_nearest_answer() -> None:
    def clock(requested: date):
        return correction_clock(
            closed_on=requested,
            requested_on=requested,
            policy=POLICY,
            business=UT,
            today=date(2025, 10, 15),
        )

    rows = [
        ("soon", clock(date(2025, 10, 14))),
        ("late", clock(date(2025, 10, 1))),
        ("later", clock(date(2025, 10, 15))),
        ("late2", clock(date(2025, 10, 6))),
    ]
    assert [name for name, _ in worklist_order(rows)] == ["late", "late2", "soon", "later"]


def test_a_pending_duplicate_may_be_rejected_and_needs_no_advice() -> None:
    pending = Member(Status.PENDING_EXECUTION)
    enrolled = Member(Status.ENROLLMENT_COMPLETE, withdrawal_period_end=date(2025, 10, 6))
    assert instead(pending, date(2025, 9, 10)) is None
    assert group_advice([pending, enrolled]) is None


def test_past_the_notice_each_request_says_what_the_state_can_do_instead() -> None:
    today = date(2025, 9, 10)
    enrolled = Member(Status.ENROLLMENT_COMPLETE, withdrawal_period_end=date(2025, 10, 6))
    words = str(instead(enrolled, today))
    assert "cannot reject" in words and "Student Withdrawal within first 20 school days" in words
    assert "until 2025-10-06" in words
    silent = Member(
        Status.ENROLLMENT_COMPLETE,
        state_issued_notice=True,
        lea_cancellation_due=date(2025, 9, 11),
        withdrawal_period_end=date(2025, 10, 6),
    )
    assert "the LEA may cancel it until 2025-09-11" in str(instead(silent, today))
    assert "LEA may cancel" not in str(instead(silent, date(2025, 9, 12)))
    after = str(instead(enrolled, date(2025, 10, 7)))
    assert "withdrawal period" in after and "Not Confirmed Closed" in after
    confirmed = str(instead(Member(Status.CONFIRMED), today))
    assert confirmed.startswith("Confirmed: the state cannot reject it")
    advice = group_advice([enrolled, Member(Status.CONFIRMED)])
    assert advice is not None and "may not reject any" in str(advice)
    assert "All 2 requests" in str(advice)
