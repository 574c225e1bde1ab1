"""API list of 100 CCAs at state scale: goal < 30 ms median server time.

Signs in as the demo provider staff (a token created inside a transaction that is rolled back,
so the benchmark database is left as it was), then times GET /api/v1/ccas?limit=100 through the
whole Django stack (middleware, token check, rate limit, query, serialisation) with the test
client: no network, so the figure is the server's time. Also reported: the next page by cursor,
the change feed, and that the number of queries does not grow with the rows on a page.

Run alone: DATABASE_URL=postgres://postgres@127.0.0.1:5432/seats_bench \
    DJANGO_SETTINGS_MODULE=seats.settings.development .venv/bin/python bench/bench_api.py
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

GOAL_MS = 30.0
GOAL = f"< {GOAL_MS:g} ms median"
RUNS = 60
WARM_UP = 5
sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor import Floor, measure  # noqa: E402


class _RollBack(Exception):
    pass


def _timed(call, runs: int = RUNS) -> Floor:
    """The request's median and its SQL floor (bench/floor.py)."""
    return measure(call, runs=runs, warm_up=WARM_UP)


def _measure(username: str) -> list[tuple[str, str, str, str]]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from seats.api.tokens import create_token
    from seats.core.models import RoleMembership

    membership = (
        RoleMembership.objects.select_related("user", "organisation")
        .filter(user__username=username, role=username)
        .first()
    )
    if membership is None:
        return [("API list of 100 CCAs", f"skipped: no demo user {username!r}", GOAL, "skipped")]
    secret = create_token(membership=membership, name="bench").secret
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")

    def get(path: str, **params: object) -> dict:
        response = client.get(path, params)
        assert response.status_code == 200, response.content[:300]
        return response.json()

    rows = []
    with override_settings(SEATS_API_RATE_LIMIT=0):
        cache.clear()
        first = get("/api/v1/ccas", limit=100)
        shown = len(first["items"])
        median = _timed(lambda: get("/api/v1/ccas", limit=100))
        result = "pass" if median.page_ms < GOAL_MS and shown == 100 else "FAIL"
        who = f"{username} at {membership.organisation.code}"
        rows.append((f"API list of 100 CCAs ({who})", median.figure, GOAL, result))
        cursor = first["next_cursor"]
        deeper = _timed(lambda: get("/api/v1/ccas", limit=100, cursor=cursor))
        rows.append(("API list, next page by cursor", deeper.figure, GOAL, _ok(deeper)))
        feed = _timed(lambda: get("/api/v1/events", limit=100), runs=20)
        rows.append(("API change feed, 100 events", feed.figure, GOAL, _ok(feed)))
        counts = []
        for limit in (10, 100, 500):
            with CaptureQueriesContext(connection) as queries:
                get("/api/v1/ccas", limit=limit)
            counts.append(len(queries.captured_queries))
        same = len(set(counts)) == 1
        rows.append(
            (
                "API list queries for 10 / 100 / 500 rows",
                " / ".join(str(c) for c in counts),
                "constant",
                "pass" if same else "FAIL",
            )
        )
    return rows


def _ok(floor: Floor) -> str:
    return "pass" if floor.page_ms < GOAL_MS else "FAIL"


def _tables_for_this_run() -> None:
    """A benchmark database loaded before the API existed lacks the API's tables: create them
    inside the rolled-back transaction (PostgreSQL DDL is transactional), leaving no trace."""
    from django.db import connection

    from seats.api.models import ApiToken, IdempotencyRecord

    if ApiToken._meta.db_table in connection.introspection.table_names():
        return
    with connection.schema_editor(atomic=False) as editor:
        editor.create_model(ApiToken)
        editor.create_model(IdempotencyRecord)


def rows(as_of: date, username: str = "provider_staff") -> list[tuple[str, str, str, str]]:
    """Measure inside a transaction that is rolled back (the token leaves no trace)."""
    from django.db import transaction

    out: list[tuple[str, str, str, str]] = []
    try:
        with transaction.atomic():
            _tables_for_this_run()
            out = _measure(username)
            raise _RollBack
    except _RollBack:
        pass
    return out


if __name__ == "__main__":
    import django

    django.setup()
    for row in rows(date(2026, 2, 18)):
        print(" | ".join(row))
