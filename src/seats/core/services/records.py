"""Writing what happened: the CCA's append-only history and the notice outbox rows.

Both are written inside the caller's transaction, so a change, its history entry and its notices
commit together or not at all. The outbox worker sends notices only after commit.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from seats.domain.notices import Audience, NoticeKind, notices_for

from ..models import CCA, CCAHistory, Notice
from .actors import Actor

FAMILY_AUDIENCES = {Audience.STUDENT, Audience.GUARDIANS}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def record(
    cca: CCA,
    *,
    actor: Actor,
    action: str,
    from_status: str,
    to_status: str,
    reason: str = "",
    document_ref: str = "",
    details: dict[str, Any] | None = None,
    corrects: CCAHistory | None = None,
    at: datetime | None = None,
) -> CCAHistory:
    """Append one history entry. ``cca.version`` must already be the new version: the entry's
    sequence number equals it, so a lost or doubled entry breaks the unique (cca, seq) key."""
    entry = history_entry(
        cca,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        document_ref=document_ref,
        details=details,
        corrects=corrects,
        at=at,
    )
    return save_entry(entry)


def history_entry(
    cca: CCA,
    *,
    actor: Actor,
    action: str,
    from_status: str,
    to_status: str,
    reason: str = "",
    document_ref: str = "",
    details: dict[str, Any] | None = None,
    corrects: CCAHistory | None = None,
    at: datetime | None = None,
) -> CCAHistory:
    """The entry ``record`` would append, not yet saved: the bulk path saves many at once."""
    return CCAHistory(
        cca=cca,
        seq=cca.version,
        at=at or timezone.now(),
        actor=actor.user,
        actor_role=actor.role_name,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        document_ref=document_ref,
        details=_jsonable(details or {}),
        corrects=corrects,
    )


def save_entry(entry: CCAHistory) -> CCAHistory:
    """Append a prepared entry and queue its notices."""
    entry.save(force_insert=True)
    Notice.objects.bulk_create(entry_notices(entry), ignore_conflicts=True)
    return entry


def entry_notices(entry: CCAHistory) -> list[Notice]:
    """The notices an appended entry queues (unsaved), keyed by the entry so each goes once."""
    return build_notices(
        entry.cca, action=entry.action, event_key=f"h{entry.seq}", context={"reason": entry.reason}
    )


def queue_notices(
    cca: CCA, *, action: str, event_key: str, context: dict[str, Any] | None = None
) -> list[Notice]:
    """Queue the notices SPEC 4 attaches to ``action`` (domain.notices table), once each."""
    rows = build_notices(cca, action=action, event_key=event_key, context=context)
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


def build_notices(
    cca: CCA, *, action: str, event_key: str, context: dict[str, Any] | None = None
) -> list[Notice]:
    rows = []
    for kind, audiences in notices_for(action):
        for audience in audiences:
            rows.append(
                _notice(cca, kind, audience, f"{kind}:{cca.pk}:{audience}:{event_key}", context)
            )
    return rows


def queue_notice(
    cca: CCA,
    *,
    kind: NoticeKind,
    audience: Audience,
    dedupe_key: str,
    context: dict[str, Any] | None = None,
    available_at: datetime | None = None,
) -> None:
    notice = _notice(cca, kind, audience, dedupe_key, context)
    if available_at:
        notice.available_at = available_at
    Notice.objects.bulk_create([notice], ignore_conflicts=True)


def _notice(
    cca: CCA, kind: NoticeKind, audience: Audience, key: str, context: dict[str, Any] | None
) -> Notice:
    language = cca.student.language if audience in FAMILY_AUDIENCES else "en"
    organisation = {
        Audience.PROVIDER: cca.provider_id,
        Audience.LEA: cca.primary_lea_id,
        Audience.PRIMARY_SCHOOL: cca.primary_school_id,
        Audience.COUNSELOR: cca.primary_school_id,
    }.get(audience)
    return Notice(
        kind=kind.value,
        audience=audience.value,
        cca=cca,
        organisation_id=organisation,
        user_id=cca.counselor_id if audience is Audience.COUNSELOR else None,
        language=language,
        context=_jsonable({"status": cca.status, **(context or {})}),
        dedupe_key=key[:200],
        available_at=timezone.now() + timedelta(seconds=0),
    )
