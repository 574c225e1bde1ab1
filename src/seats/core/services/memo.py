"""A memo for reference data that batch work reads again and again (calendars, policy).

Outside ``reference_data_memoized()`` every read goes to the database, so a change to a calendar
or a policy setting is seen at once. Inside it (one bulk import, one sweep batch, one calendar
recompute) the first read of each key is kept for the rest of the block: the data cannot change
meaningfully within one transaction of the batch, and the batch stops paying a query per row.
The memo is context-local (a ContextVar), so threads and requests never share it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_MEMO: ContextVar[dict[Hashable, object] | None] = ContextVar("seats_reference_memo", default=None)


@contextmanager
def reference_data_memoized() -> Iterator[None]:
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def memoized(key: Hashable, compute: Callable[[], T]) -> T:
    memo = _MEMO.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


def memo_active() -> bool:
    """Whether a ``reference_data_memoized()`` block is open (batch work may then trade one
    broad query for many narrow ones)."""
    return _MEMO.get() is not None
