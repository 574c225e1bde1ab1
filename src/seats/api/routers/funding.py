""" "Why (not) paid" for one CCA: its fee (tier, policy setting) and each half of it: paid in
which run, due in which month, or held back and why (SPEC 6; seats.funding.selectors.why).

Scoped as every CCA read (``cca_for``: another organisation's CCA is a 404) and, like the CCA
page, read by state staff, the CCA's provider and its LEA approver only (403 for the others).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from seats.core.models import AccessAction, AccessPurpose
from seats.core.selectors.access import cca_for
from seats.core.services.audit import log_access
from seats.domain.errors import NotPermitted
from seats.funding.selectors.why import WHY_PAID_ROLES, why_paid

from ..auth import viewer
from ..params import ERRORS, CcaId

router = Router(tags=["Funding"])


class HalfOut(Schema):
    half: str  # first, second
    state: str  # paid, due, held, not_payable, reversed
    amount: str  # decimal, two places: paid, due or held back
    run_month: str | None  # YYYY-MM: the run it was paid in, or the run it is due in
    blocker: str | None  # why it is not owed (not_confirmed, no_ssid, transcript_not_issued...)
    explanation: str


class PaymentsOut(Schema):
    cca_id: int
    fee: str  # the fee line: tier, fee per credit and its setting, credit, amount
    halves: list[HalfOut]


@router.get(
    "/ccas/{cca_id}/payments",
    response={200: PaymentsOut, **ERRORS},
    summary="Why (not) paid",
)
def payments(request: HttpRequest, cca_id: CcaId) -> dict[str, Any]:
    """The CCA's fee and, per half, whether it was paid (in which run), is due (in which
    month's run) or is held back or not payable, and why. State staff, the provider and the LEA
    approver."""
    who = viewer(request)
    cca = cca_for(who, cca_id)
    if who.role not in WHY_PAID_ROLES:
        raise NotPermitted(
            "Only state staff, the CCA's provider and its LEA approver read its payments.",
            rule="SPEC 6",
        )
    log_access(
        who,
        action=AccessAction.VIEW,
        what=f"CCA {cca.pk} payments",
        cca=cca,
        channel="api",
        purpose=AccessPurpose.SIS_SYNC,
    )
    why = why_paid(cca_id=cca.pk)
    return {
        "cca_id": why.cca_id,
        "fee": why.fee,
        "halves": [
            {
                "half": h.tranche.value,
                "state": h.state.value,
                "amount": str(h.amount),
                "run_month": str(h.month) if h.month else None,
                "blocker": h.blocker.value if h.blocker else None,
                "explanation": h.text(),
            }
            for h in why.halves
        ],
    }
