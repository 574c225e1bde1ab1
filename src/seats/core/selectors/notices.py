"""Notices nobody in their audience could receive (docs/notices.md): those the fan-out sent to
the fallback (the school's registrar, the LEA's approvers, the state) and those that reached
nobody at all. The state reviews the list to fix the missing people; only state roles read it."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import Notice, NoticeStatus
from .access import STATE_ROLES, Viewer

FALLBACK_KEY = "fallback_to"


def fallback_notices(viewer: Viewer) -> QuerySet[Notice]:
    if viewer.role not in STATE_ROLES:
        return Notice.objects.none()
    return (
        Notice.objects.filter(
            Q(context__has_key=FALLBACK_KEY) | Q(status=NoticeStatus.FAILED, cca__isnull=False)
        )
        .select_related("cca__primary_school", "cca__primary_lea", "cca__provider")
        .order_by("-sent_at", "-pk")
    )
