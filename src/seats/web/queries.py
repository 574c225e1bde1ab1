"""Reading the queue's filters from a query string, the same way for the page and its exports."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict

from seats.core.selectors.ccas import SORTS, QueueQuery
from seats.domain.statuses import Status

from . import search

#: The queue's search: the bookmarkable filters stay in the address, the free text (a name, an
#: SSID) is POSTed and kept in the session (seats.web.search).
QUEUE_PUBLIC = ("status", "year", "per", "sort")
QUEUE_PRIVATE = ("q",)

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


def queue_params(request: HttpRequest) -> QueryDict:
    """The queue's filters: the address's own and the kept search (the page and its exports)."""
    return search.params(request, "queue", QUEUE_PRIVATE)
