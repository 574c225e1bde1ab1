"""Keyset (cursor) pagination: stable while rows are inserted, one indexed range per page.

A cursor is the position after the last row of a page, ``<microseconds>.<id>``: the last row's
``updated_at`` in microseconds since 1970-01-01T00:00:00Z and its id (the time is 0 on pages
ordered by id). Every string of that form is a position the API can page from, under either
ordering (by id the time is ignored), so the OpenAPI document states the format as a pattern
(``CURSOR_PATTERN``). Cursors handed out before this format (base64 of the key) are still read.
Rows inserted while a client pages appear after its position (ordering by id) or when they are
next updated (ordering by updated_at), never twice and never shifting a page.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Model, Q, QuerySet

from .errors import ApiProblem

MAX_LIMIT = 500
CURSOR_PATTERN = r"^[0-9]{1,17}\.[0-9]{1,18}$"
_CURSOR = re.compile(CURSOR_PATTERN)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _bad_cursor() -> ApiProblem:
    return ApiProblem(
        422,
        "invalid-input",
        "The cursor is not one this API gave (<microseconds>.<id>); start again without it.",
        field="cursor",
    )


def encode(order: str, key: Sequence[Any]) -> str:
    """The cursor after a row: ``key`` is ``[id]`` (by id) or ``[updated_at ISO, id]``."""
    del order  # a position is the same under both orderings
    if len(key) == 1:
        return f"0.{int(key[0])}"
    moment = datetime.fromisoformat(str(key[0]))
    return f"{(moment - _EPOCH) // _MICROSECOND}.{int(key[1])}"


def _legacy(cursor: str, order: str) -> list[Any]:
    """A cursor of the earlier format: base64 of {"o": ordering, "k": key}."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        key = data["k"]
        if data["o"] != order or not isinstance(key, list):
            raise ValueError
        return key
    except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error):
        raise _bad_cursor() from None


def decode(cursor: str, order: str) -> list[Any]:
    """The key a cursor names for ``order``: ``[id]``, or ``[updated_at ISO, id]``."""
    if not _CURSOR.match(cursor):
        return _legacy(cursor, order)
    micros, _, pk = cursor.partition(".")
    if order != "updated_at":
        return [int(pk)]
    return [(_EPOCH + int(micros) * _MICROSECOND).isoformat(), int(pk)]


def _id_after(key: list[Any]) -> int:
    if len(key) != 1 or not isinstance(key[0], int) or isinstance(key[0], bool):
        raise ApiProblem(422, "invalid-input", "The cursor is malformed.", field="cursor")
    return key[0]


def _get(item: Model | dict[str, Any], name: str) -> Any:
    """Rows are model instances or ``values()`` dicts (the faster list path)."""
    return item[name] if isinstance(item, dict) else getattr(item, name)


def page_by_id(
    rows: QuerySet, *, cursor: str | None, limit: int, order: str = "id"
) -> tuple[list[Any], str | None]:
    """Rows with id above the cursor, ascending; the next cursor when more remain."""
    if cursor:
        rows = rows.filter(pk__gt=_id_after(decode(cursor, order)))
    items = list(rows.order_by("pk")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return items, encode(order, [_get(items[-1], "id")]) if more and items else None


def page_by_updated(
    rows: QuerySet, *, cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """Rows ordered by (updated_at, id) for synchronising: a row changed after the client read
    it moves behind its position, so the client meets it again."""
    if cursor:
        key = decode(cursor, "updated_at")
        try:
            stamp = datetime.fromisoformat(key[0])
            last_id = _id_after(key[1:])
        except (ValueError, TypeError, IndexError):
            raise ApiProblem(
                422, "invalid-input", "The cursor is malformed.", field="cursor"
            ) from None
        rows = rows.filter(Q(updated_at__gt=stamp) | Q(updated_at=stamp, pk__gt=last_id))
    items = list(rows.order_by("updated_at", "pk")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    if not (more and items):
        return items, None
    last = items[-1]
    return items, encode("updated_at", [_get(last, "updated_at").isoformat(), _get(last, "id")])


def page(
    rows: QuerySet, *, cursor: str | None, limit: int, order: str, serialize: Callable[[Any], Any]
) -> dict[str, Any]:
    if order == "updated_at":
        items, next_cursor = page_by_updated(rows, cursor=cursor, limit=limit)
    else:
        items, next_cursor = page_by_id(rows, cursor=cursor, limit=limit, order=order)
    return {"items": [serialize(i) for i in items], "next_cursor": next_cursor, "limit": limit}
