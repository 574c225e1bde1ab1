"""The two halves of the fee (Provider Manual "Funding", "SSID"; SPEC 6), on fixed dates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seats.domain.funding.months import Cutoff, Month
from seats.domain.funding.tranches import Blocker, Tranche, entitlements
from seats.domain.policy import Policy
from seats.domain.statuses import PAID_THROUGH_CONFIRMED, Status

from .helpers import FEE, POLICY, at, facts

CUTOFF = Cutoff()
HALF = Decimal("170.00")


def test_nothing_before_confirmed() -> None:
    for status in Status:  # the history never reached Confirmed
        first, second = entitlements(facts(status, confirmed=None), FEE, POLICY)
        assert not first.payable and first.blocker is Blocker.NOT_CONFIRMED, status
        assert not second.payable and first.amount == 0


def test_first_half_at_confirmed_with_an_ssid() -> None:
    first, second = entitlements(facts(confirmed=at(2027, 2, 9, 16, 59)), FEE, POLICY)
    assert first.payable and first.amount == HALF and first.event and first.event.id == 10
    assert CUTOFF.payment_month(first.event.at) == Month(2027, 2)
    assert second.blocker is Blocker.NOT_COMPLETED
    late, _ = entitlements(facts(confirmed=at(2027, 2, 9, 17, 1)), FEE, POLICY)
    assert late.event and CUTOFF.payment_month(late.event.at) == Month(2027, 3)
    tenth, _ = entitlements(facts(confirmed=at(2027, 2, 10, 9)), FEE, POLICY)
    assert tenth.event and CUTOFF.payment_month(tenth.event.at) == Month(2027, 3)


def test_no_ssid_no_payment() -> None:
    first, second = entitlements(facts(ssid=False, confirmed=at(2026, 10, 1)), FEE, POLICY)
    assert not first.payable and first.blocker is Blocker.NO_SSID
    assert second.blocker is Blocker.NO_SSID


@pytest.mark.parametrize("status", [Status.PASS_ALL_COMPLETE, Status.LATE_PASS])
def test_second_half_needs_completion_and_transcript(status: Status) -> None:
    waiting = facts(status, confirmed=at(2026, 10, 1), closeout=at(2027, 6, 30))
    _, second = entitlements(waiting, FEE, POLICY)
    assert second.blocker is Blocker.TRANSCRIPT_NOT_ISSUED and not second.payable
    done = facts(
        status,
        confirmed=at(2026, 10, 1),
        closeout=at(2027, 6, 30),
        transcript=at(2027, 7, 9, 16, 59),
    )
    first, second = entitlements(done, FEE, POLICY)
    assert second.payable and second.amount == HALF
    assert second.event and second.event.id == 30, "the later of status and transcript"
    assert CUTOFF.payment_month(second.event.at) == Month(2027, 7)
    assert first.amount + second.amount == FEE.amount


def test_june_30_completion_with_transcript_that_day_is_paid_in_july() -> None:
    done = facts(
        Status.PASS_ALL_COMPLETE,
        confirmed=at(2026, 10, 1),
        closeout=at(2027, 6, 30, 10),
        transcript=at(2027, 6, 30, 11),
    )
    _, second = entitlements(done, FEE, POLICY)
    assert second.event and CUTOFF.payment_month(second.event.at) == Month(2027, 7)


def test_late_pass_on_the_deadline() -> None:
    done = facts(
        Status.LATE_PASS,
        confirmed=at(2026, 10, 1),
        closeout=at(2027, 8, 1, 15),
        transcript=at(2027, 8, 1, 16),
    )
    _, second = entitlements(done, FEE, POLICY)
    assert second.payable and second.event
    assert CUTOFF.payment_month(second.event.at) == Month(2027, 8)


def test_open_after_the_deadline_explains_no_completion() -> None:
    from datetime import date

    alp = facts(Status.ANTICIPATED_LATE_PASS, confirmed=at(2026, 10, 1))
    _, before = entitlements(alp, FEE, POLICY, today=date(2027, 8, 1))
    assert before.blocker is Blocker.NOT_COMPLETED
    _, after = entitlements(alp, FEE, POLICY, today=date(2027, 8, 2))
    assert after.blocker is Blocker.NO_COMPLETION_BY_DEADLINE and after.amount == 0
    confirmed = facts(confirmed=at(2026, 10, 1))
    _, june = entitlements(confirmed, FEE, POLICY, today=date(2027, 7, 1))
    assert june.blocker is Blocker.NO_COMPLETION_BY_DEADLINE


QUARTERS = [
    Status.LOSS_OF_ELIGIBILITY_QUARTER,
    Status.ADMINISTRATIVE_WITHDRAWAL_QUARTER,
    Status.DISCIPLINARY_WITHDRAWAL_QUARTER,
    Status.QUARTER_EARNED_NOT_PASSING,
]


@pytest.mark.parametrize("status", QUARTERS)
def test_quarter_earned_pays_the_second_half_pro_rata(status: Status) -> None:
    done = facts(
        status, confirmed=at(2026, 10, 1), closeout=at(2027, 3, 1), transcript=at(2027, 3, 2)
    )
    first, second = entitlements(done, FEE, POLICY)
    assert first.amount == HALF and second.payable and second.amount == Decimal("85.00")
    no_transcript = facts(status, confirmed=at(2026, 10, 1), closeout=at(2027, 3, 1))
    assert entitlements(no_transcript, FEE, POLICY)[1].blocker is Blocker.TRANSCRIPT_NOT_ISSUED
    none = Policy(2026).with_overrides({"partial_credit_payment": "none", "fee_tier_IV": "680"})
    _, unpaid = entitlements(done, FEE, none)
    assert unpaid.blocker is Blocker.PARTIAL_CREDIT_NOT_PAID and unpaid.amount == 0


def test_pro_rata_rounds_to_cents() -> None:
    from seats.domain.funding.fees import course_fee
    from seats.domain.policy import Tier

    odd = course_fee(
        tier=Tier.I,
        credit_attempted=Decimal("0.5"),
        policy=Policy(2026).with_overrides({"fee_tier_I": "348.10"}),
    )  # 174.05: halves 87.03 + 87.02
    done = facts(
        QUARTERS[0], confirmed=at(2026, 10, 1), closeout=at(2027, 3, 1), transcript=at(2027, 3, 2)
    )
    first, second = entitlements(done, odd, POLICY)
    assert (first.amount, second.amount) == (Decimal("87.03"), Decimal("43.51"))


NO_CREDIT_AFTER_CONFIRMED = [
    s for s in PAID_THROUGH_CONFIRMED if s.info.terminal and s.info.credit.value == "none"
]


@pytest.mark.parametrize("status", NO_CREDIT_AFTER_CONFIRMED)
def test_no_credit_after_confirmed_pays_the_first_half_only(status: Status) -> None:
    closed = facts(
        status, confirmed=at(2026, 10, 1), closeout=at(2027, 1, 5), transcript=at(2027, 1, 6)
    )
    first, second = entitlements(closed, FEE, POLICY)
    assert first.payable and first.amount == HALF
    assert not second.payable and second.blocker is Blocker.NO_CREDIT and second.amount == 0


def test_tranche_names() -> None:
    assert {t.value for t in Tranche} == {"first", "second", "reversal"}
    assert len(NO_CREDIT_AFTER_CONFIRMED) == 6


@pytest.mark.parametrize(
    "status", [Status.STUDENT_WITHDRAWAL_WITHIN_20, Status.LOSS_OF_ELIGIBILITY_WITHIN_20]
)
def test_second_window_withdrawal_keeps_the_first_half(status: Status) -> None:
    """From Confirmed (a 1.0-credit course's second window): the first half stands."""
    closed = facts(
        status, confirmed=at(2026, 9, 1), closeout=at(2027, 1, 5), credit_attempted="1.0"
    )
    first, second = entitlements(closed, FEE, POLICY)
    assert first.payable and second.blocker is Blocker.NO_CREDIT
    early = facts(status, confirmed=None, closeout=at(2026, 9, 20))
    assert entitlements(early, FEE, POLICY)[0].blocker is Blocker.NOT_CONFIRMED
