"""Report and export reads on a read replica, when the deployment has one.

A state that outgrows one database server adds a streaming replica and sets
``DATABASE_REPLICA_URL``. Long reads (exports, the UTREx check, OneRoster, the compliance
reports) then run there, so they never slow the primary that the lifecycle writes to. Which reads
may go there is decided by the code that knows it is a report, not by guessing from the query:
it wraps its work in :func:`replica_reads`. Everything else, and every write, uses ``default``.

Why a context variable and not ``.using("replica")`` at each call site: a report touches many
querysets through selectors shared with the pages; the block marks the whole report at once and
leaves the selectors unaware of where they run. The access log written during an export is a
write, so it still goes to the primary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.db.models import Model

P = ParamSpec("P")
R = TypeVar("R")

REPLICA = "replica"
_on_replica: ContextVar[bool] = ContextVar("seats_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[str]:
    """Send the reads inside the block to the replica (when configured); yields the alias used.

    Inside a transaction on ``default`` the reads stay there: a replica lags the primary, and a
    report that reads what its own transaction just wrote must see it.
    """

    from django.db import connections

    if not replica_configured() or connections["default"].in_atomic_block:
        yield "default"
        return
    token = _on_replica.set(True)
    try:
        yield REPLICA
    finally:
        _on_replica.reset(token)


class ReplicaRouter:
    """Reads marked by :func:`replica_reads` go to the replica; all else to ``default``."""

    def db_for_read(self, model: type[Model], **hints: object) -> str | None:
        if _on_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: type[Model], **hints: object) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: object) -> bool | None:
        # The replica holds the same rows as the primary: objects read on either may relate.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool | None:
        # The replica is a copy made by the database server; only the primary is migrated.
        return db != REPLICA


def on_replica(func: Callable[P, R]) -> Callable[P, R]:
    """Run the whole function's reads under :func:`replica_reads` (a report or an export)."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return func(*args, **kwargs)

    return wrapper
