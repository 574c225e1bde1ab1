"""Why (not) paid, for one CCA: its fee and each half's state (seats.domain.funding.explain)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from seats.core.services.policy import policy_for
from seats.domain.errors import NotFound
from seats.domain.funding.explain import TrancheExplanation, explain
from seats.domain.funding.months import Month
from seats.domain.funding.tranches import entitlements
from seats.domain.roles import LEA_ROLES, PROVIDER_ROLES, STATE_ROLES, Role

from ..services import facts as facts_service
from ..services.runs import cutoff_for

#: Who reads a CCA's payments: state staff, the CCA's provider and its LEA approver (the parties
#: of the payment and the withholding, SPEC 6); not families or school staff.
WHY_PAID_ROLES: frozenset[Role] = STATE_ROLES | PROVIDER_ROLES | LEA_ROLES


@dataclass(frozen=True)
class WhyPaid:
    cca_id: int
    fee: str
    halves: list[TrancheExplanation]


def why_paid(*, cca_id: int, now: datetime | None = None) -> WhyPaid:
    """The explanation of ``cca_id``'s payments. Callers scope ``cca_id`` to the viewer first
    (``seats.core.selectors.access.cca_for``)."""
    now = now or timezone.now()
    found = facts_service.load(cca_ids=[cca_id], as_of=now)
    if not found:
        raise NotFound(f"There is no CCA {cca_id}.", field="cca")
    item = found[0]
    holds = [
        h
        for h in facts_service.active_holds(at=now)
        if h.applies_to(cca_id=cca_id, provider_id=item.provider_id, lea_id=item.lea_id)
    ]
    policy = policy_for(item.school_year, as_of=now.date())
    ents = entitlements(item.facts, item.fee, policy, today=timezone.localdate(now))
    fee, halves = explain(
        fee=item.fee,
        entitlements=ents,
        posted=item.posted,
        holds=holds,
        cutoff=cutoff_for(Month.of(timezone.localdate(now))),
    )
    return WhyPaid(cca_id=cca_id, fee=fee, halves=halves)
