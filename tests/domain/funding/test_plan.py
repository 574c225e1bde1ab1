"""What a run posts: payments, deferrals, holds, reversals (SPEC 6; R277-726-6(5), (9))."""

from __future__ import annotations

from decimal import Decimal

from seats.domain.funding.explain import State, explain
from seats.domain.funding.holds import HoldFacts, HoldReason, HoldScope, active_holds
from seats.domain.funding.ledger import (
    AccountKey,
    AccountKind,
    Unbalanced,
    check_balanced,
    payment_legs,
    source_account,
)
from seats.domain.funding.months import Cutoff, Month
from seats.domain.funding.plan import Posted, Posting, plan_cca
from seats.domain.funding.tranches import Tranche, entitlements
from seats.domain.statuses import Status

from .helpers import FEE, POLICY, at, facts

CUTOFF = Cutoff()
FEB, MAR = Month(2027, 2), Month(2027, 3)


def _plan(f, posted=(), holds=(), month=FEB) -> list[Posting]:
    return plan_cca(
        entitlements=entitlements(f, FEE, POLICY),
        posted=list(posted),
        holds=list(holds),
        run_month=month,
        cutoff=CUTOFF,
    )


def _hold(reason=HoldReason.STATE_REVIEW, scope=HoldScope.CCA, target=1, released=None):
    return HoldFacts(1, scope, target, reason, at(2027, 1, 1), released)


def test_on_time_pays_this_month_late_pays_next() -> None:
    on_time = facts(confirmed=at(2027, 2, 9, 16, 59))
    assert _plan(on_time) == [Posting(Tranche.FIRST, Tranche.FIRST, Decimal("170.00"), None, 10)]
    late = facts(confirmed=at(2027, 2, 9, 17, 1))
    assert _plan(late) == [], "deferred: changed after the 9th"
    assert [p.amount for p in _plan(late, month=MAR)] == [Decimal("170.00")]


def test_paid_tranche_is_not_paid_again() -> None:
    f = facts(confirmed=at(2027, 1, 5))
    paid = Posted(7, Tranche.FIRST, Tranche.FIRST, Decimal("170.00"), None, Month(2027, 1))
    assert _plan(f, [paid], month=FEB) == []


def test_a_hold_defers_and_its_release_pays_in_the_next_run() -> None:
    f = facts(confirmed=at(2027, 1, 5))
    hold = _hold(HoldReason.RECORDS_REQUEST)
    live = active_holds([hold], cca_id=1, provider_id=5, lea_id=6, at=at(2027, 2, 15))
    assert live == [hold] and _plan(f, holds=live) == []
    released = _hold(HoldReason.RECORDS_REQUEST, released=at(2027, 2, 20))
    assert active_holds([released], cca_id=1, provider_id=5, lea_id=6, at=at(2027, 3, 15)) == []
    assert len(_plan(f, holds=[], month=MAR)) == 1


def test_provider_and_lea_holds_apply_to_their_ccas_only() -> None:
    provider_hold = _hold(scope=HoldScope.PROVIDER, target=5)
    lea_hold = _hold(scope=HoldScope.LEA, target=6)
    now = at(2027, 2, 15)
    assert active_holds([provider_hold, lea_hold], cca_id=1, provider_id=5, lea_id=9, at=now) == [
        provider_hold
    ]
    assert active_holds([provider_hold, lea_hold], cca_id=1, provider_id=8, lea_id=6, at=now) == [
        lea_hold
    ]
    assert active_holds([provider_hold], cca_id=1, provider_id=8, lea_id=9, at=now) == []
    assert (
        HoldReason.FRAUD.rule == "R277-726-6(5)"
        and HoldReason.RECORDS_REQUEST.rule == "R277-726-6(9)"
    )


def test_fraud_finding_reverses_payments_in_the_current_run() -> None:
    f = facts(
        Status.PASS_ALL_COMPLETE,
        confirmed=at(2026, 10, 1),
        closeout=at(2027, 1, 2),
        transcript=at(2027, 1, 3),
    )
    posted = [
        Posted(1, Tranche.FIRST, Tranche.FIRST, Decimal("170.00"), None, Month(2026, 10)),
        Posted(2, Tranche.SECOND, Tranche.SECOND, Decimal("170.00"), None, Month(2027, 1)),
    ]
    fraud = _hold(HoldReason.FRAUD)
    out = _plan(f, posted, [fraud])
    assert out == [
        Posting(Tranche.FIRST, Tranche.REVERSAL, Decimal("-170.00"), 1, None),
        Posting(Tranche.SECOND, Tranche.REVERSAL, Decimal("-170.00"), 2, None),
    ]
    provider_fraud = _hold(HoldReason.FRAUD, scope=HoldScope.PROVIDER, target=5)
    assert _plan(f, posted, [provider_fraud]) == [], "a provider-wide hold only stops payments"
    # Released (the finding overturned): re-paid, each re-payment pointing at its reversal.
    reversed_ = [
        *posted,
        Posted(3, Tranche.FIRST, Tranche.REVERSAL, Decimal("-170.00"), 1, FEB),
        Posted(4, Tranche.SECOND, Tranche.REVERSAL, Decimal("-170.00"), 2, FEB),
    ]
    again = _plan(f, reversed_, [], month=MAR)
    assert [(p.tranche, p.reversal_of, p.amount) for p in again] == [
        (Tranche.FIRST, 3, Decimal("170.00")),
        (Tranche.SECOND, 4, Decimal("170.00")),
    ]


def test_a_correction_reverses_and_repays_the_new_amount() -> None:
    # Paid in full, then the state corrects the status to a ".25 earned" closeout.
    f = facts(
        Status.QUARTER_EARNED_NOT_PASSING,
        confirmed=at(2026, 10, 1),
        closeout=at(2027, 2, 3),
        transcript=at(2027, 1, 3),
    )
    posted = [
        Posted(1, Tranche.FIRST, Tranche.FIRST, Decimal("170.00"), None, Month(2026, 10)),
        Posted(2, Tranche.SECOND, Tranche.SECOND, Decimal("170.00"), None, Month(2027, 1)),
    ]
    out = _plan(f, posted)
    assert out == [
        Posting(Tranche.SECOND, Tranche.REVERSAL, Decimal("-170.00"), 2, None),
        Posting(Tranche.SECOND, Tranche.SECOND, Decimal("85.00"), None, 20, after_reversal=True),
    ]


def test_why_not_paid_names_each_reason() -> None:
    f = facts(confirmed=at(2027, 2, 9, 17, 1))
    ents = entitlements(f, FEE, POLICY)
    fee_line, (first, second) = explain(
        fee=FEE, entitlements=ents, posted=[], holds=[], cutoff=CUTOFF
    )
    assert fee_line.startswith("Tier IV: 680.00 per credit")
    assert first.state is State.DUE and first.month == MAR
    assert "recorded after the cutoff, 2027-02-09 17:00 America/Denver" in first.text()
    assert second.state is State.NOT_PAYABLE and "not completed" in second.text()
    paid = [Posted(1, Tranche.FIRST, Tranche.FIRST, Decimal("170.00"), None, MAR)]
    _, (first, _) = explain(fee=FEE, entitlements=ents, posted=paid, holds=[], cutoff=CUTOFF)
    assert (
        first.state is State.PAID and first.text() == "First half: 170.00 paid in the 2027-03 run"
    )
    held = [_hold(HoldReason.TOR_NOT_ALIGNED)]
    _, (first, second) = explain(fee=FEE, entitlements=ents, posted=[], holds=held, cutoff=CUTOFF)
    assert first.state is State.HELD and "Teacher of record not aligned" in first.text()
    assert second.state is State.NOT_PAYABLE and "also on hold: Teacher of record" in second.text()
    no_ssid = entitlements(facts(ssid=False, confirmed=at(2027, 1, 1)), FEE, POLICY)
    _, (first, _) = explain(fee=FEE, entitlements=no_ssid, posted=[], holds=[], cutoff=CUTOFF)
    assert "no SSID" in first.text()
    fraud = [_hold(HoldReason.FRAUD)]
    _, (first, _) = explain(fee=FEE, entitlements=ents, posted=paid, holds=fraud, cutoff=CUTOFF)
    assert first.state is State.PAID, "until the run posts the reversal"


def test_legs_balance_and_home_school_draws_on_the_appropriation() -> None:
    legs = payment_legs(
        amount=Decimal("170.00"),
        provider_id=5,
        source=source_account(lea_id=6, lea_code="0123", school_year=2026),
    )
    check_balanced(legs)
    assert legs[1].account == AccountKey(AccountKind.LEA_WITHHOLDING, 6)
    home = source_account(lea_id=7, lea_code="HOME", school_year=2026)
    assert home == AccountKey(AccountKind.APPROPRIATION, 2026)
    try:
        check_balanced([legs[0]])
    except Unbalanced:
        pass
    else:  # pragma: no cover
        raise AssertionError("one leg is not an entry")
    try:
        check_balanced([legs[0], legs[0]])
    except Unbalanced as exc:
        assert "340.00" in str(exc)
