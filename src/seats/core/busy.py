"""A database too busy to answer in time: SQLite's "database is locked" after its busy timeout.

Transactions on SQLite begin IMMEDIATE (settings), so writers queue for the write lock instead
of failing; one that still waits longer than the timeout is told to retry (409 with
Retry-After, in the API and the web), never a 500. Nothing was written: the transaction that
could not begin rolled back whole."""

from __future__ import annotations

from django.db import OperationalError

RETRY_AFTER_SECONDS = 2
_BUSY = ("database is locked", "database table is locked")


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and any(m in str(exc).lower() for m in _BUSY)


MESSAGE = (
    "The database is busy with other changes; nothing was saved. "
    f"Try again in {RETRY_AFTER_SECONDS} seconds."
)
