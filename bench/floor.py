"""The SQL floor of a page or a run: how long its own SQL takes straight through psycopg.

A bench module times a call (a page through Django's test client, an API request, a run) with
``measure(call)``: the call runs ``runs`` times; during the last run every statement Django
sends is captured with its parameters (``connection.execute_wrapper``); then the same statements
are replayed ``runs`` times on the same database connection's psycopg connection, bypassing
Django (no ORM, no wrappers, no debug cursor), each one executed and its rows fetched. The
replay happens inside a savepoint that is rolled back, so the writes the page made (its access
log row, a session) are replayed and undone, and an error in one statement cannot spoil the
caller's transaction. The result gives the page's median, the SQL's median and their ratio:
what the ratio shows above 1 is Python, templates and middleware. The page's own CPU time
(``process_time``) is reported too: on a busy machine the wall time of each query swings with
the scheduler, while the CPU the page spends in Python stays put.

    from floor import measure
    floor = measure(lambda: client.get("/ccas/"))
    print(floor.figure)            # "31.2 ms (SQL 6.1 ms, 5.1x), 9 queries"
    floor.within(2.0, 25.0)        # page < 2x its SQL and < 25 ms

Run the pages inside ``transaction.atomic()`` (rolled back at the end) as the bench modules do:
the replay then sees exactly the rows the page saw.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from contextlib import nullcontext as _nothing
from dataclasses import dataclass, field
from typing import Any

RUNS = 15
WARM_UP = 2


@dataclass
class Floor:
    page_ms: float
    sql_ms: float
    queries: int
    cpu_ms: float = 0.0  # the page's own CPU time (Python): steadier than wall time when busy
    statements: list[tuple[str, Any]] = field(default_factory=list, repr=False)

    @property
    def ratio(self) -> float:
        return self.page_ms / self.sql_ms if self.sql_ms else float("inf")

    @property
    def figure(self) -> str:
        if not self.sql_ms:
            return f"{self.page_ms:.1f} ms, {self.queries} queries, CPU {self.cpu_ms:.1f} ms"
        return (
            f"{self.page_ms:.1f} ms (SQL {self.sql_ms:.1f} ms, {self.ratio:.1f}x), "
            f"{self.queries} queries, CPU {self.cpu_ms:.1f} ms"
        )

    def within(self, ratio: float | None = None, ms: float | None = None) -> bool:
        """True when the page is within ``ratio`` times its SQL and under ``ms``."""
        return (ratio is None or self.ratio < ratio) and (ms is None or self.page_ms < ms)


class _Capture:
    """A Django execute wrapper that records (sql, params) of every statement, in order."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params, many))
        return execute(sql, params, many, context)


def measure(
    call: Callable[[], object], runs: int = RUNS, warm_up: int = WARM_UP, using: str = "default"
) -> Floor:
    """Median time of ``call()`` over ``runs`` and the median time of the SQL its last run
    issued, replayed ``runs`` times through psycopg on the same connection."""
    from django.db import connections

    connection = connections[using]
    for _ in range(warm_up):
        call()
    timings, cpu = [], []
    capture = _Capture()
    for n in range(runs):
        with connection.execute_wrapper(capture) if n == runs - 1 else _nothing():
            started, cpu_started = time.perf_counter(), time.process_time()
            call()
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    statements = [(sql, params, many) for sql, params, many in capture.statements]
    sql_ms = replay(statements, runs=runs, using=using)
    return Floor(
        statistics.median(timings),
        sql_ms,
        len(statements),
        statistics.median(cpu),
        [(s, p) for s, p, _ in statements],
    )


def replay(
    statements: list[tuple[str, Any, bool]], runs: int = RUNS, using: str = "default"
) -> float:
    """Median time (ms) of running ``statements`` (sql, params, many) straight through the
    connection's psycopg connection, rows fetched, inside a savepoint rolled back each time."""
    from django.db import connections

    connection = connections[using]
    connection.ensure_connection()
    raw = connection.connection  # the psycopg connection itself
    if not statements or connection.vendor != "postgresql":
        return 0.0  # the floor is PostgreSQL's (the bench's database); a test on SQLite: none
    outside = not connection.in_atomic_block  # then the replay has a transaction of its own
    timings = []
    for _ in range(runs):
        with raw.cursor() as cursor:
            if outside:
                cursor.execute("BEGIN")
            cursor.execute("SAVEPOINT bench_floor")
            started = time.perf_counter()
            for sql, params, many in statements:
                try:
                    if many:
                        cursor.executemany(sql, params)
                    else:
                        cursor.execute(sql, params)
                    if cursor.description is not None:
                        cursor.fetchall()
                except Exception:
                    # A replayed statement that cannot run again (a unique key the first
                    # run wrote): undo and go on; its time up to the error is counted.
                    cursor.execute("ROLLBACK TO SAVEPOINT bench_floor")
            timings.append((time.perf_counter() - started) * 1000)
            cursor.execute("ROLLBACK TO SAVEPOINT bench_floor")
            cursor.execute("RELEASE SAVEPOINT bench_floor")
            if outside:
                cursor.execute("ROLLBACK")
    return statistics.median(timings)


def vacuum_analyze(url: str, tables: tuple[str, ...] = ()) -> float:
    """``VACUUM ANALYZE`` the database at ``url`` (or only ``tables``) on a connection of its
    own in autocommit, as autovacuum would after a load; returns the seconds it took."""
    import psycopg
    from psycopg import sql

    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        if tables:
            for table in tables:
                conn.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))
        else:
            conn.execute("VACUUM ANALYZE")
    return time.monotonic() - started
