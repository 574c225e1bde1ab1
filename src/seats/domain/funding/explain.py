"""Why (not) paid: one line of plain words per half of the fee (SPEC 6, issue 10 item 5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .fees import Fee
from .holds import HoldFacts
from .months import Cutoff, Month
from .plan import Posted, chain, net
from .tranches import Blocker, Entitlement, Tranche


class State(StrEnum):
    PAID = "paid"
    DUE = "due"  # owed, paid in a run still to come
    HELD = "held"
    NOT_PAYABLE = "not_payable"  # not (yet) owed
    REVERSED = "reversed"  # paid, then taken back


@dataclass(frozen=True)
class TrancheExplanation:
    tranche: Tranche
    state: State
    amount: Decimal
    month: Month | None  # the run it was paid in, or is due in
    reasons: tuple[str, ...]
    blocker: Blocker | None = None

    def text(self) -> str:
        return "; ".join(self.reasons)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


STATE_LABELS = {
    State.PAID: "Paid",
    State.DUE: "Due",
    State.HELD: "Held back",
    State.NOT_PAYABLE: "Not payable",
    State.REVERSED: "Paid, then reversed",
}


def explain_half(
    *,
    entitlement: Entitlement,
    posted: Sequence[Posted],
    holds: Sequence[HoldFacts],
    cutoff: Cutoff,
) -> TrancheExplanation:
    half = entitlement.tranche
    name = "First half" if half is Tranche.FIRST else "Second half"
    entries = chain(posted, half)
    paid = net(entries)
    if paid > 0:
        last = entries[-1]
        return TrancheExplanation(
            half,
            State.PAID,
            paid,
            last.run_month,
            (f"{name}: {paid} paid in the {last.run_month} run",),
        )
    reasons: list[str] = []
    if entries:
        last = entries[-1]
        reasons.append(f"{name}: paid, then reversed in the {last.run_month} run")
    if any(h.reverses_payments for h in holds):
        hold = next(h for h in holds if h.reverses_payments)
        reasons.append(f"not paid: {hold.describe()}")
        return TrancheExplanation(half, State.HELD, Decimal("0.00"), None, tuple(reasons))
    if not entitlement.payable:
        blocker = entitlement.blocker
        label = blocker.label if blocker else "nothing is owed"
        reasons.append(f"{name}: not payable: {label}")
        reasons += [f"also on hold: {h.describe()}" for h in holds]
        state = State.REVERSED if entries else State.NOT_PAYABLE
        return TrancheExplanation(half, state, Decimal("0.00"), None, tuple(reasons), blocker)
    assert entitlement.event is not None
    month = cutoff.payment_month(entitlement.event.at)
    due = f"{name}: {entitlement.amount} due in the {month} run"
    local_month = Month.of(entitlement.event.at.astimezone(cutoff.moment(month).tzinfo).date())
    if month != local_month:
        due += f" (recorded after the cutoff, {cutoff.describe(local_month)})"
    reasons.append(due)
    if holds:
        reasons += [f"held back: {h.describe()}" for h in holds]
        return TrancheExplanation(half, State.HELD, entitlement.amount, month, tuple(reasons))
    return TrancheExplanation(half, State.DUE, entitlement.amount, month, tuple(reasons))


def explain(
    *,
    fee: Fee,
    entitlements: Sequence[Entitlement],
    posted: Sequence[Posted],
    holds: Sequence[HoldFacts],
    cutoff: Cutoff,
) -> tuple[str, list[TrancheExplanation]]:
    """The fee line and one explanation per half."""
    halves = [
        explain_half(entitlement=e, posted=posted, holds=holds, cutoff=cutoff) for e in entitlements
    ]
    return fee.explain(), halves
