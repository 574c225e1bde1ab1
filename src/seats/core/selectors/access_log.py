"""Reading the access log (SPEC 10: every view and export of student records, reviewable by the
state). Only state roles and the auditor read it; anyone else gets nothing.

The log grows by every page view, so the list is paged by keyset on (at, id), newest first:
each page is an index range scan of ``at`` (or of a filter's (column, at) index) that costs the
same on the first page and the ten-thousandth, and no COUNT(*) over millions of rows is run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import AccessLog
from .access import STATE_ROLES, Viewer


@dataclass(frozen=True)
class LogQuery:
    username: str = ""
    role: str = ""
    organisation: str = ""  # organisation code
    action: str = ""
    purpose: str = ""
    cca_id: int | None = None
    ssid: str = ""
    since: date | None = None
    until: date | None = None  # inclusive


def _start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the state's time zone, so a date range is an index
    range on ``at`` (no per-row date conversion)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log(viewer: Viewer, query: LogQuery) -> QuerySet[AccessLog]:
    """Log rows matching the query, newest first, with the people and records they name."""
    if viewer.role not in STATE_ROLES:
        return AccessLog.objects.none()
    rows = AccessLog.objects.select_related("user", "organisation", "student")
    exact = {
        "user__username": query.username,
        "role": query.role,
        "organisation__code": query.organisation,
        "action": query.action,
        "purpose": query.purpose,
        "student__ssid": query.ssid,
    }
    rows = rows.filter(**{k: v for k, v in exact.items() if v})
    if query.cca_id is not None:
        rows = rows.filter(cca_id=query.cca_id)
    if query.since:
        rows = rows.filter(at__gte=_start_of(query.since))
    if query.until:
        rows = rows.filter(at__lt=_start_of(query.until + timedelta(days=1)))
    return rows.order_by("-at", "-pk")


@dataclass(frozen=True)
class LogPage:
    rows: list[AccessLog]
    next_cursor: str  # "" on the last page

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)


def parse_cursor(text: str) -> tuple[datetime, int] | None:
    """``<at as ISO>~<id>`` of the last row shown; None (the first page) when unreadable."""
    at_text, _, pk_text = text.replace(" ", "+").partition("~")  # a "+" unescaped in a URL
    try:
        at = datetime.fromisoformat(at_text)
        pk = int(pk_text)
    except ValueError:
        return None
    return (at, pk) if timezone.is_aware(at) else None


def log_page(rows: QuerySet[AccessLog], *, cursor: str = "", size: int = 50) -> LogPage:
    """The ``size`` rows after ``cursor`` in (at, id) descending order."""
    after = parse_cursor(cursor)
    if after is not None:
        at, pk = after
        rows = rows.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
    found = list(rows[: size + 1])
    shown = found[:size]
    next_cursor = ""
    if len(found) > size:
        last = shown[-1]
        next_cursor = f"{last.at.isoformat()}~{last.pk}"
    return LogPage(shown, next_cursor)
