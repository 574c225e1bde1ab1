"""Reading the queue's filters from a query string, the same way for the page and its exports."""

from __future__ import annotations

from django.http import QueryDict

from seats.core.selectors.ccas import SORTS, QueueQuery
from seats.domain.statuses import Status

_STATUSES = {s.value for s in Status}


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def queue_query(params: QueryDict) -> QueueQuery:
    status = params.get("status", "")
    sort = params.get("sort", "-submitted")
    return QueueQuery(
        status=status if status in _STATUSES else "",
        school_year=_int(params.get("year")),
        search=params.get("q", "")[:80],
        sort=sort if sort.lstrip("-") in SORTS else "-submitted",
    )
