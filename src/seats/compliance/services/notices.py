"""Compliance notices through the core outbox: one row per reader (no CCA), queued once each."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from seats.core.models import Notice
from seats.domain.notices import Audience, NoticeKind

from .authority import provider_staff


def notify_provider(
    *, provider_id: int, kind: NoticeKind, key: str, subject: str, due: date | None
) -> int:
    """Queue ``kind`` for every staff member of the provider; ``key`` makes it once-only."""
    rows = [
        Notice(
            kind=kind.value,
            audience=Audience.PROVIDER.value,
            organisation_id=provider_id,
            user_id=user_id,
            context={"course": subject, "due": due.isoformat() if due else ""},
            dedupe_key=f"{kind.value}:{key}:u{user_id}"[:200],
            available_at=timezone.now(),
        )
        for user_id in provider_staff(provider_id)
    ]
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
