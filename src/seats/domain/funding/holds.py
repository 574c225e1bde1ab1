"""Payment holds: the state stops payment for a CCA, a provider or an LEA, with a reason.

Reasons and their sources:

- ``tor_not_aligned``: the teacher of record is not aligned for the course (SPEC 6, "courses
  taught by a misaligned TOR are not reimbursed"); set by the TOR review.
- ``fraud``: information submitted fraudulently or in violation of law or rule (R277-726-6(5):
  the Board may refuse to provide funds under the CCA). A fraud hold on a CCA also reverses what
  was already paid for it (a reversal in the next run; the payment itself is never edited).
- ``records_request``: a reasonable request for records or information not met
  (R277-726-6(9): the Board may withhold funds).
- ``state_review``: the Superintendent verifies information before paying (R277-726-6(11),
  "subject to verification of information").

A hold stops new payments while it is active at the time a run posts. Releasing it makes the
held amounts payable in the next run posted after the release.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class HoldScope(StrEnum):
    CCA = "cca"
    PROVIDER = "provider"
    LEA = "lea"


class HoldReason(StrEnum):
    TOR_NOT_ALIGNED = "tor_not_aligned"
    FRAUD = "fraud"
    RECORDS_REQUEST = "records_request"
    STATE_REVIEW = "state_review"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def rule(self) -> str:
        return _LABELS[self][1]


_LABELS = {
    HoldReason.TOR_NOT_ALIGNED: ("Teacher of record not aligned for the course", "SPEC 6"),
    HoldReason.FRAUD: ("Information submitted fraudulently", "R277-726-6(5)"),
    HoldReason.RECORDS_REQUEST: ("Records request not met", "R277-726-6(9)"),
    HoldReason.STATE_REVIEW: ("State review", "R277-726-6(11)"),
}


@dataclass(frozen=True)
class HoldFacts:
    id: int
    scope: HoldScope
    target_id: int  # the CCA's id, or the provider's / LEA's organisation id
    reason: HoldReason
    set_at: datetime
    released_at: datetime | None = None

    def active(self, at: datetime) -> bool:
        return self.set_at <= at and (self.released_at is None or self.released_at > at)

    def applies_to(self, *, cca_id: int, provider_id: int, lea_id: int) -> bool:
        target = {HoldScope.CCA: cca_id, HoldScope.PROVIDER: provider_id, HoldScope.LEA: lea_id}
        return target[self.scope] == self.target_id

    @property
    def reverses_payments(self) -> bool:
        """A fraud finding on the CCA itself takes back what was paid (R277-726-6(5))."""
        return self.scope is HoldScope.CCA and self.reason is HoldReason.FRAUD

    def describe(self) -> str:
        return f"{self.reason.label} ({self.reason.rule}), on the {self.scope.value}"


def active_holds(
    holds: Iterable[HoldFacts], *, cca_id: int, provider_id: int, lea_id: int, at: datetime
) -> list[HoldFacts]:
    """The holds that stop payment of this CCA at ``at``."""
    return [
        h
        for h in holds
        if h.active(at) and h.applies_to(cca_id=cca_id, provider_id=provider_id, lea_id=lea_id)
    ]
