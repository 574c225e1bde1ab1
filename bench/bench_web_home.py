"""The role home pages at state scale (issue 3): the counselor caseload (50 rows; plain, at-risk
only, a name search) of the busiest school's counselor and the LEA schools view of the busiest
LEA's approver; median server time (goal < 50 ms) and a query count that does not grow with the
rows shown. Runs the real views through Django's test client; writes only the access-log rows
the pages write, inside a transaction that is rolled back."""

from __future__ import annotations

import statistics
import time
from datetime import date

GOAL_MS = 50.0
RUNS = 15
Result = tuple[str, str, str, str]


class _RollBack(Exception):
    pass


def _time_page(client, url: str, params: dict[str, str]) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], 0
    # A search is POSTed once (it never goes into an address); the page is read at its key.
    address, query = (
        (url, params) if not params.get("q") else (client.post(url, params)["Location"], {})
    )
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(address, query)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured.captured_queries)
    return statistics.median(timings), queries


def _busiest(role: str, org_field: str, year: int) -> str | None:
    """The username of a ``role`` member of the organisation with the most CCAs this year."""
    from django.db.models import Count

    from seats.core.models import CCA, RoleMembership

    busiest = (
        CCA.objects.filter(school_year=year, **{f"{org_field}__isnull": False})
        .values_list(org_field, flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n")[:20]
    )
    for org_id in busiest:
        member = RoleMembership.objects.filter(role=role, organisation_id=org_id).first()
        if member is not None:
            return member.user.username
    return None


def _client(username: str):
    from django.test import Client

    from seats.core.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=username))
    return client


def _row(what: str, url: str, client, params: dict[str, str], small: dict[str, str]) -> Result:
    ms, queries = _time_page(client, url, params)
    _, fewer = _time_page(client, url, small)
    result = "pass" if ms < GOAL_MS and queries == fewer else "FAIL"
    figure = f"{ms:.1f} ms, {queries} queries (fewer rows: {fewer})"
    return (what, figure, f"< {GOAL_MS:.0f} ms median, constant queries", result)


def _caseload(username: str, year: int) -> list[Result]:
    client, url = _client(username), "/caseload/"
    base = {"year": str(year), "per": "50"}
    out = []
    for label, extra in (
        ("", {}),
        (", at-risk only", {"at_risk": "1"}),
        (", search 'S'", {"q": "S"}),
    ):
        out.append(
            _row(
                f"caseload, {username}: 50 rows{label}",
                url,
                client,
                base | extra,
                base | extra | {"per": "25"},
            )
        )
    return out


def _schools(username: str, year: int) -> list[Result]:
    client = _client(username)
    params = {"year": str(year)}
    # The schools page shows every school of the LEA: compare with a year that has no CCAs.
    return [
        _row(f"LEA schools view, {username}", "/lea/schools/", client, params, {"year": "2000"}),
        _row(
            f"LEA at-risk list, {username}: 50 rows",
            "/lea/at-risk/",
            client,
            params | {"per": "50"},
            params | {"per": "25"},
        ),
    ]


def rows(as_of: date) -> list[Result]:
    from django.db import transaction

    from seats.domain.calendars import school_year_of

    year = school_year_of(as_of)
    out: list[Result] = []
    try:
        with transaction.atomic():
            counselor = _busiest("counselor", "primary_school", year)
            approver = _busiest("lea_approver", "primary_lea", year)
            if counselor:
                out += _caseload(counselor, year)
            if approver:
                out += _schools(approver, year)
            if not (counselor and approver):
                out.append(("home pages", "no counselor or LEA approver with CCAs", "", "FAIL"))
            raise _RollBack
    except _RollBack:
        pass
    return out


if __name__ == "__main__":
    import django

    django.setup()
    for row in rows(date(2026, 2, 18)):
        print(" | ".join(row))
