"""Setting and releasing payment holds (seats.domain.funding.holds)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from seats.core.models import CCA, Organisation
from seats.core.services.actors import Actor
from seats.domain.errors import Conflict, InvalidInput, NotFound
from seats.domain.funding.holds import HoldReason, HoldScope

from ..models import PaymentHold
from .authority import check_state

_KIND = {HoldScope.PROVIDER: "provider", HoldScope.LEA: "lea"}


def set_hold(
    *,
    actor: Actor,
    scope: HoldScope | str,
    target_id: int,
    reason: HoldReason | str,
    note: str = "",
    now: datetime | None = None,
) -> PaymentHold:
    """Stop payment for a CCA, a provider or an LEA (``target_id`` is the CCA's or the
    organisation's id)."""
    check_state(actor, what="set a payment hold")
    try:
        scope = HoldScope(scope)
    except ValueError:
        raise InvalidInput(
            f"scope must be one of {', '.join(s.value for s in HoldScope)}, not {scope!r}.",
            field="scope",
        ) from None
    try:
        reason = HoldReason(reason)
    except ValueError:
        raise InvalidInput(
            f"reason must be one of {', '.join(r.value for r in HoldReason)}, not {reason!r}.",
            field="reason",
        ) from None
    hold = PaymentHold(
        scope=scope.value,
        reason=reason.value,
        note=str(note or "").strip(),
        set_by=actor.user,
        set_by_role=actor.role_name,
        set_at=now or timezone.now(),
    )
    if scope is HoldScope.CCA:
        if not CCA.objects.filter(pk=target_id).exists():
            raise NotFound(f"There is no CCA {target_id} to hold.", field="cca")
        hold.cca_id = target_id
    else:
        if not Organisation.objects.filter(pk=target_id, kind=_KIND[scope]).exists():
            raise NotFound(f"There is no {scope.value} {target_id} to hold.", field=scope.value)
        hold.organisation_id = target_id
    with transaction.atomic():
        hold.save(force_insert=True)
    return hold


def release_hold(
    *, actor: Actor, hold_id: int, note: str = "", now: datetime | None = None
) -> PaymentHold:
    """Release a hold: what it held back is payable in the next run."""
    check_state(actor, what="release a payment hold")
    with transaction.atomic():
        hold = PaymentHold.objects.select_for_update().filter(pk=hold_id).first()
        if hold is None:
            raise NotFound(f"There is no payment hold {hold_id}.", field="hold")
        if hold.released_at is not None:
            raise Conflict(
                f"Hold {hold_id} was already released on {hold.released_at:%Y-%m-%d}.",
                field="hold",
            )
        hold.released_at = now or timezone.now()
        hold.released_by = actor.user
        hold.release_note = str(note or "").strip()
        hold.save(update_fields=["released_at", "released_by", "release_note"])
    return hold
