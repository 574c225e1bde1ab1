"""No sequence of moves, corrections, holds and runs pays more than the fee or a half twice,
and the ledger always balances (hypothesis)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from seats.domain.funding.holds import HoldFacts, HoldReason, HoldScope
from seats.domain.funding.ledger import check_balanced, payment_legs, source_account
from seats.domain.funding.months import Cutoff, Month
from seats.domain.funding.plan import Posted, plan_cca
from seats.domain.funding.tranches import Event, PaymentFacts, Tranche, entitlements
from seats.domain.statuses import Status

from .helpers import FEE, POLICY, at

CLOSEOUTS = [
    Status.PASS_ALL_COMPLETE,
    Status.LATE_PASS,
    Status.QUARTER_EARNED_NOT_PASSING,
    Status.ADMINISTRATIVE_WITHDRAWAL_QUARTER,
    Status.ADMINISTRATIVE_WITHDRAWAL,
    Status.FAILED_TO_COMPLETE,
    Status.STUDENT_WITHDRAWAL_WITHIN_20,
    Status.CONFIRMED,  # a reactivation
    Status.ANTICIPATED_LATE_PASS,
]
ACTIONS = st.one_of(
    st.tuples(st.just("confirm"), st.integers(0, 40)),
    st.tuples(st.just("close"), st.sampled_from(CLOSEOUTS)),
    st.tuples(st.just("transcript"), st.integers(0, 40)),
    st.tuples(st.just("ssid"), st.booleans()),
    st.tuples(st.just("hold"), st.sampled_from(list(HoldReason))),
    st.tuples(st.just("release"), st.just(0)),
    st.tuples(st.just("run"), st.integers(0, 2)),
    st.tuples(st.just("wait"), st.integers(1, 45)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ACTIONS, max_size=30))
def test_never_more_than_the_fee_never_a_half_twice(actions) -> None:
    cutoff = Cutoff()
    now = at(2026, 9, 1, 9)
    status, ssid = Status.ENROLLMENT_COMPLETE, True
    confirmed = closeout = transcript = None
    holds: list[HoldFacts] = []
    posted: list[Posted] = []
    ledger: dict[object, Decimal] = {}
    next_event, next_id = 100, 1
    last_month: Month | None = None
    keys: set[tuple[Tranche, int | None]] = set()
    for action, arg in actions:
        next_event += 1
        if action == "wait":
            now += timedelta(days=arg, hours=arg % 7)
        elif action == "confirm" and status is Status.ENROLLMENT_COMPLETE:
            status, confirmed = Status.CONFIRMED, confirmed or Event(now, next_event)
        elif action == "close" and confirmed is not None:
            status, closeout = arg, Event(now, next_event)
        elif action == "transcript" and closeout is not None and transcript is None:
            transcript = Event(now, next_event)
        elif action == "ssid":
            ssid = arg
        elif action == "hold":
            holds.append(HoldFacts(len(holds) + 1, HoldScope.CCA, 1, arg, now))
        elif action == "release":
            holds = [HoldFacts(h.id, h.scope, h.target_id, h.reason, h.set_at, now) for h in holds]
        elif action == "run":
            month = Month.of(now.date())
            if now < cutoff.moment(month):
                month = Month.of(month.first_day() - timedelta(days=1))
            if last_month is not None and month < last_month:
                continue
            last_month = month
            facts = PaymentFacts(
                1, status, ssid, Decimal("0.5"), None, confirmed, closeout, transcript
            )
            active = [h for h in holds if h.active(now)]
            for repeat in range(1 + arg):  # a run repeated posts nothing more
                planned = plan_cca(
                    entitlements=entitlements(facts, FEE, POLICY),
                    posted=posted,
                    holds=active,
                    run_month=month,
                    cutoff=cutoff,
                )
                previous_id = None
                for p in planned:
                    reversal_of = previous_id if p.after_reversal else p.reversal_of
                    assert (p.tranche, reversal_of) not in keys, "the unique key holds"
                    keys.add((p.tranche, reversal_of))
                    if reversal_of is not None:
                        linked = next(e for e in posted if e.id == reversal_of)
                        assert linked.half is p.half and (linked.amount > 0) != (p.amount > 0)
                    posted.append(Posted(next_id, p.half, p.tranche, p.amount, reversal_of, month))
                    legs = payment_legs(
                        amount=p.amount,
                        provider_id=5,
                        source=source_account(lea_id=6, lea_code="0123", school_year=2026),
                    )
                    check_balanced(legs)
                    for leg in legs:
                        ledger[leg.account] = ledger.get(leg.account, Decimal(0)) + leg.amount
                    previous_id = next_id
                    next_id += 1
                if repeat > 0:
                    assert planned == [], "a second run for the month posts nothing"
        # Invariants after every step.
        first = sum((p.amount for p in posted if p.half is Tranche.FIRST), Decimal(0))
        second = sum((p.amount for p in posted if p.half is Tranche.SECOND), Decimal(0))
        assert first in (Decimal(0), Decimal("170.00"))
        assert Decimal(0) <= second <= Decimal("170.00")
        assert first + second <= FEE.amount
        assert sum(ledger.values(), Decimal(0)) == 0
        if confirmed is None:
            assert not posted, "nothing is paid before Confirmed"
