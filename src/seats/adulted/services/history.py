"""The append-only history of an enrollment's corrections (``RecordChange``): written by the
services in the transaction of the change itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from seats.core.services.actors import Actor

from ..models import Enrollment, RecordChange


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record(
    *,
    actor: Actor,
    enrollment: Enrollment,
    what: str,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    target_id: int | None = None,
    new_id: int | None = None,
) -> RecordChange:
    return RecordChange.objects.create(
        enrollment=enrollment,
        what=what,
        action=action,
        target_id=target_id,
        new_id=new_id,
        before=_plain(before or {}),
        after=_plain(after or {}),
        reason=reason.strip()[:240],
        by=actor.user,
        role=actor.role_name,
    )
