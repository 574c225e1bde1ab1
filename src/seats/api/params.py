"""Parameters shared by several operations, and the problem responses every operation documents."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Header, Path, Query
from pydantic import Field

from seats.domain.catalog import Session
from seats.domain.statuses import Status

from .errors import Problem
from .pagination import MAX_LIMIT
from .schemas_in import MAX_ID, NO_NUL

StudentId = Annotated[int, Path(ge=1, le=MAX_ID, description="The student's id.")]
CcaId = Annotated[int, Path(ge=1, le=MAX_ID, description="The CCA's id.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page (at most 500).")]
Cursor = Annotated[
    str | None,
    Query(
        max_length=200,
        description=(
            "The next_cursor of the previous page; omit to start. Its format is "
            "<microseconds>.<id>: the last row's updated_at in microseconds since "
            "1970-01-01T00:00:00Z (0 when ordered by id) and its id."
        ),
    ),
]
OrgCode = Annotated[str | None, Query(max_length=32)]
Order = Annotated[
    Literal["id", "updated_at"],
    Query(description="id (default) or updated_at (for synchronising changed records)."),
]
StatusFilter = Annotated[Status | None, Query()]
SessionFilter = Annotated[Session | None, Query()]
YearFilter = Annotated[int | None, Query(ge=2000, le=2100)]
Since = Annotated[datetime | None, Query(description="Only CCAs updated at or after this time.")]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=200,
        description='The ETag of the CCA as you read it, e.g. "cca-12-v3". Required (428).',
    ),
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Any unique string (a UUID): a retry with the same key acts only once.",
    ),
]
ReasonCode = Annotated[str, Field(max_length=64, json_schema_extra=NO_NUL)]

ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE_ERRORS = {**ERRORS, 409: Problem, 412: Problem, 428: Problem}


def aware(moment: datetime | None) -> datetime | None:
    """The moment in UTC. Python reads offsets up to 23:59, PostgreSQL only up to 15:59, so the
    database is always asked in UTC; a moment beyond the calendar's ends is clamped to them."""
    if moment is None:
        return None
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        edge = datetime.max if moment.year > 5000 else datetime.min
        return edge.replace(tzinfo=UTC)
