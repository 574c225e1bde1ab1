"""What each half of a CCA's fee is owed (Provider Manual "Funding" and "SSID"; SPEC 6).

- First half: when the CCA is Confirmed with an SSID ("Payment will only be distributed for
  CCAs with an SSID assigned"). It qualifies at the history entry where the CCA first reached
  Confirmed; it stands whatever closeout follows, a second-window withdrawal included (the
  provider took instructional responsibility). Nothing is owed before Confirmed, nor for a CCA
  closed without reaching it.
- Second half: "after course completion, once a transcript is issued and grades/credits are
  submitted": a completion status (Pass All Complete, or Late Pass from an approved Anticipated
  Late Pass) AND the transcript issued. It qualifies at the later of the two history entries.
- ".25 earned" closeouts (interpretation, policy ``partial_credit_payment``): ``pro_rata`` pays
  the second half x credit earned / credit attempted once the transcript is issued; ``none``
  pays the first half only.
- A closeout with no credit after Confirmed pays the first half only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from ..policy import PartialCreditPayment, Policy
from ..statuses import PASSING, Credit, Status
from .fees import Fee
from .money import ZERO, cents, split_fee


class Tranche(StrEnum):
    FIRST = "first"
    SECOND = "second"
    REVERSAL = "reversal"


class Blocker(StrEnum):
    """Why a half is not (yet) owed."""

    NOT_CONFIRMED = "not_confirmed"
    NO_SSID = "no_ssid"
    NOT_COMPLETED = "not_completed"
    NO_COMPLETION_BY_DEADLINE = "no_completion_by_deadline"
    NO_CREDIT = "no_credit"
    PARTIAL_CREDIT_NOT_PAID = "partial_credit_not_paid"
    TRANSCRIPT_NOT_ISSUED = "transcript_not_issued"

    @property
    def label(self) -> str:
        return BLOCKER_LABELS[self]


BLOCKER_LABELS = {
    Blocker.NOT_CONFIRMED: "not Confirmed (a payment goes only through Confirmed)",
    Blocker.NO_SSID: "no SSID assigned",
    Blocker.NOT_COMPLETED: "the course is not completed yet",
    Blocker.NO_COMPLETION_BY_DEADLINE: "no completion by the deadline",
    Blocker.NO_CREDIT: "closed with no credit: the first half only",
    Blocker.PARTIAL_CREDIT_NOT_PAID: "partial credit pays the first half only (policy)",
    Blocker.TRANSCRIPT_NOT_ISSUED: "transcript not issued",
}
#: Blockers that end the half for good (it is owed nothing); the others may still clear.
FINAL_BLOCKERS = frozenset(
    {Blocker.NO_CREDIT, Blocker.PARTIAL_CREDIT_NOT_PAID, Blocker.NO_COMPLETION_BY_DEADLINE}
)
QUARTER = Decimal("0.25")


@dataclass(frozen=True, order=True)
class Event:
    """A history entry: its time first so the later of two entries is ``max``."""

    at: datetime
    id: int


@dataclass(frozen=True)
class PaymentFacts:
    cca_id: int
    status: Status
    has_ssid: bool
    credit_attempted: Decimal
    credit_earned: Decimal | None
    confirmed: Event | None  # the entry where the CCA first reached Confirmed
    closeout: Event | None  # the entry that set the current closeout status
    transcript: Event | None  # the entry that recorded the transcript issued


@dataclass(frozen=True)
class Entitlement:
    tranche: Tranche
    amount: Decimal  # what the half is worth under the current facts (0 when owed nothing)
    event: Event | None  # the history entry that made it payable
    blocker: Blocker | None = None

    @property
    def payable(self) -> bool:
        return self.blocker is None and self.amount > 0


def _second_half_amount(
    facts: PaymentFacts, half: Decimal, policy: Policy
) -> tuple[Decimal, Blocker | None]:
    return second_half_owed(
        status=facts.status,
        credit_attempted=facts.credit_attempted,
        credit_earned=facts.credit_earned,
        half=half,
        policy=policy,
    )


def second_half_owed(
    *,
    status: Status,
    credit_attempted: Decimal,
    credit_earned: Decimal | None,
    half: Decimal,
    policy: Policy,
) -> tuple[Decimal, Blocker | None]:
    """What the second half is worth in ``status`` (before the transcript), or why nothing."""
    credit = status.info.credit
    if status in PASSING:
        return half, None
    if credit is Credit.QUARTER:
        if policy.partial_credit_payment is PartialCreditPayment.NONE:
            return ZERO, Blocker.PARTIAL_CREDIT_NOT_PAID
        earned = credit_earned if credit_earned is not None else QUARTER
        ratio = min(earned / credit_attempted, Decimal(1)) if credit_attempted else 0
        return cents(half * ratio), None
    if credit is Credit.NONE:
        return ZERO, Blocker.NO_CREDIT
    return half, Blocker.NOT_COMPLETED  # Confirmed, Anticipated Late Pass


def entitlements(
    facts: PaymentFacts, fee: Fee, policy: Policy, *, today: date | None = None
) -> tuple[Entitlement, Entitlement]:
    """The first and second half of ``fee`` for a CCA in ``facts`` (``today`` only sharpens the
    explanation of an open CCA after its deadline)."""
    first_amount, second_amount = split_fee(fee.amount)
    if facts.confirmed is None:
        return (
            Entitlement(Tranche.FIRST, ZERO, None, Blocker.NOT_CONFIRMED),
            Entitlement(Tranche.SECOND, ZERO, None, Blocker.NOT_CONFIRMED),
        )
    if not facts.has_ssid:
        return (
            Entitlement(Tranche.FIRST, first_amount, facts.confirmed, Blocker.NO_SSID),
            Entitlement(Tranche.SECOND, second_amount, None, Blocker.NO_SSID),
        )
    first = Entitlement(Tranche.FIRST, first_amount, facts.confirmed)
    amount, blocker = _second_half_amount(facts, second_amount, policy)
    if (
        blocker is Blocker.NOT_COMPLETED
        and today is not None
        and _past_deadline(facts.status, policy, today)
    ):
        blocker = Blocker.NO_COMPLETION_BY_DEADLINE
        amount = ZERO
    if blocker is None and facts.transcript is None:
        blocker = Blocker.TRANSCRIPT_NOT_ISSUED
    event = None
    if blocker is None and facts.closeout is not None and facts.transcript is not None:
        event = max(facts.closeout, facts.transcript)
    elif blocker is None:
        blocker = Blocker.NOT_COMPLETED
    return first, Entitlement(Tranche.SECOND, amount, event, blocker)


def _past_deadline(status: Status, policy: Policy, today: date) -> bool:
    """Still Confirmed after June 30, or still Anticipated Late Pass after the late-pass
    deadline: the course was not completed in time for the second half."""
    year = policy.school_year + 1  # June 30 and Aug 1 fall in the second calendar year
    if status is Status.CONFIRMED:
        day = policy.closeout
    elif status is Status.ANTICIPATED_LATE_PASS:
        day = policy.late_pass_final
    else:
        return False
    return today > date(year, day.month, day.day)
