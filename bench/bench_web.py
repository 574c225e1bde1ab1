"""The request queue pages at state scale (issue 3): 50 rows, a status filter and a name search,
for a counselor and a provider; median server time (goal < 50 ms) and a query count that does not
grow with the rows shown. Runs the real view through Django's test client; writes only the
access-log rows the page writes, inside a transaction that is rolled back."""

from __future__ import annotations

import statistics
import time
from datetime import date

GOAL_MS = 50.0
RUNS = 15


class _RollBack(Exception):
    pass


def _time_page(client, params: dict[str, str]) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/ccas/", params)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured.captured_queries)
    return statistics.median(timings), queries


def _measure(username: str, search: str, status: str) -> list[tuple[str, str, str, str]]:
    from django.test import Client

    from seats.core.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=username))
    ms, queries = _time_page(client, {"status": status, "q": search, "per": "50"})
    _, queries_10 = _time_page(client, {"status": status, "q": search, "per": "10"})
    result = "pass" if ms < GOAL_MS and queries == queries_10 else "FAIL"
    return [
        (
            f"queue page, {username}: 50 rows, status={status}, search '{search}'",
            f"{ms:.1f} ms, {queries} queries (10 rows: {queries_10})",
            f"< {GOAL_MS:.0f} ms median, constant queries",
            result,
        )
    ]


def rows(as_of: date) -> list[tuple[str, str, str, str]]:
    from django.db import transaction

    out: list[tuple[str, str, str, str]] = []
    try:
        with transaction.atomic():
            out += _measure("counselor", "", "confirmed")
            out += _measure("counselor", "S", "")
            out += _measure("provider_staff", "", "enrollment_complete")
            out += _measure("provider_staff", "M", "confirmed")
            raise _RollBack
    except _RollBack:
        pass
    return out


if __name__ == "__main__":
    import django

    django.setup()
    for row in rows(date(2026, 2, 18)):
        print(" | ".join(row))
