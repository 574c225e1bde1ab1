"""The state's answer to a provider's request to correct a mistaken Not Confirmed Closed
(SPEC 3.2: only the state corrects it, on a request made within the policy's business days).

Granting returns the CCA to Confirmed through the lifecycle move (a correction entry pointing at
the Not Confirmed Closed it undoes; the move's guard refuses a late request). Denying keeps the
status and records the state's reason; the provider hears of either through the outbox. Both
need a reason and answer one open request: once answered, it is no longer open.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from seats.domain.errors import GuardFailed, InvalidInput
from seats.domain.roles import Party
from seats.domain.statuses import Status

from ..models import CCA
from .actors import Actor
from .authority import require
from .lifecycle import apply_move, change_fields, lock_cca, plan_move, today

RULE = "SPEC 3.2: only the state corrects a mistaken Not Confirmed Closed, on request"


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInput(f"Say why the state {what} the correction.", field="reason", rule=RULE)
    return reason


def require_open_request(cca: CCA) -> None:
    """The CCA is Not Confirmed Closed with a correction request the state has not answered."""
    if cca.status != Status.NOT_CONFIRMED_CLOSED or cca.correction_requested_on is None:
        raise GuardFailed(
            f"CCA {cca.pk} has no open correction request: the provider has not asked to "
            "correct a Not Confirmed Closed.",
            rule=RULE,
        )
    if cca.correction_denied_on is not None:
        raise GuardFailed(
            f"The state already denied this correction on {cca.correction_denied_on.isoformat()}.",
            rule=RULE,
        )


def grant_correction(
    *, actor: Actor, cca_id: int, expected_version: int, reason: str, as_of: date | None = None
) -> CCA:
    """The state grants the request: the CCA is Confirmed again (the original confirmation
    date and withdrawal period are kept)."""
    reason = _reason(reason, "grants")
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.STATE)
        require_open_request(cca)
        day = as_of or today()
        move = plan_move(cca, Status.CONFIRMED, actor=actor, as_of=day, reason=reason)
        apply_move(cca, move, actor=actor, as_of=day, reason=reason)
    return cca


def deny_correction(
    *, actor: Actor, cca_id: int, expected_version: int, reason: str, as_of: date | None = None
) -> CCA:
    """The state denies the request: Not Confirmed Closed stays, with the state's reason."""
    reason = _reason(reason, "denies")
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.STATE)
        require_open_request(cca)
        change_fields(
            cca,
            actor=actor,
            action="deny_correction",
            reason=reason,
            changes={"correction_denied_on": as_of or today()},
        )
    return cca
