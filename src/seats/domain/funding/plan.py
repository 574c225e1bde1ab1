"""What a run posts for one CCA, given what its ledger already holds (SPEC 6).

Per half of the fee the ledger holds a chain: a payment, maybe its reversal, maybe a
re-payment (which points at the reversal it undoes), and so on. The chain's net is therefore
always 0 or one payment's amount: a half is never paid twice. A run compares that net with
what the half is owed now:

- owed, due by the run's month (``Cutoff.payment_month`` of the entry that made it payable),
  no hold active, and not paid: a payment (a re-payment after a reversal);
- paid, but owed a different amount or nothing (a state correction, a fraud finding on the
  CCA): a reversal of the payment, posted in the current run, never an edit; and, when a
  different amount is still owed and payable, its re-payment in the same run;
- anything else: nothing (a hold defers a payment; it does not take one back, unless fraud).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .holds import HoldFacts
from .months import Cutoff, Month
from .tranches import Entitlement, Tranche


@dataclass(frozen=True)
class Posted:
    """An entry already in the ledger for the CCA."""

    id: int
    half: Tranche  # FIRST or SECOND: the half the money is for
    tranche: Tranche  # FIRST, SECOND, or REVERSAL
    amount: Decimal  # to the provider: positive for a payment, negative for a reversal
    reversal_of: int | None
    run_month: Month


@dataclass(frozen=True)
class Posting:
    """An entry a run will write. ``reversal_of`` is a posted entry's id; ``after_reversal``
    means "the reversal planned just before this one" (its id is known only once written)."""

    half: Tranche
    tranche: Tranche
    amount: Decimal
    reversal_of: int | None
    event_id: int | None
    after_reversal: bool = False


def chain(posted: Iterable[Posted], half: Tranche) -> list[Posted]:
    return sorted((p for p in posted if p.half is half), key=lambda p: p.id)


def net(entries: Sequence[Posted]) -> Decimal:
    return sum((p.amount for p in entries), Decimal("0.00"))


def plan_half(
    *,
    entitlement: Entitlement,
    posted: Sequence[Posted],
    holds: Sequence[HoldFacts],
    run_month: Month,
    cutoff: Cutoff,
) -> list[Posting]:
    half = entitlement.tranche
    entries = chain(posted, half)
    paid = net(entries)
    if any(h.reverses_payments for h in holds):
        owed = Decimal("0.00")
    else:
        owed = entitlement.amount if entitlement.payable else Decimal("0.00")
    payable_now = (
        owed > 0
        and not holds
        and entitlement.event is not None
        and cutoff.payment_month(entitlement.event.at) <= run_month
    )
    out: list[Posting] = []
    if paid == owed:
        return out
    if paid != 0:
        last = entries[-1]
        out.append(Posting(half, Tranche.REVERSAL, -paid, last.id, None))
    if owed > 0 and payable_now:
        event_id = entitlement.event.id if entitlement.event else None
        if out:
            out.append(Posting(half, half, owed, None, event_id, after_reversal=True))
        else:
            previous = entries[-1].id if entries else None  # the reversal it undoes
            out.append(Posting(half, half, owed, previous, event_id))
    return out


def plan_cca(
    *,
    entitlements: Sequence[Entitlement],
    posted: Sequence[Posted],
    holds: Sequence[HoldFacts],
    run_month: Month,
    cutoff: Cutoff,
) -> list[Posting]:
    """Everything one run posts for one CCA (``holds`` are those active for it now)."""
    out: list[Posting] = []
    for entitlement in entitlements:
        out += plan_half(
            entitlement=entitlement, posted=posted, holds=holds, run_month=run_month, cutoff=cutoff
        )
    return out
