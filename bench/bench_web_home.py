"""The role home pages at state scale (issue 3): the counselor caseload (50 rows; plain, at-risk
only, a name search) of the busiest school's counselor and the LEA schools view of the busiest
LEA's approver; median server time (goal < 50 ms) and a query count that does not grow with the
rows shown. Runs the real views through Django's test client; writes only the access-log rows
the pages write, inside a transaction that is rolled back."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

GOAL_MS = 50.0  # the LEA at-risk list
CASELOAD_MS = 40.0  # and within twice its own SQL (bench/floor.py)
SCHOOLS_MS = 40.0
GOAL_RATIO = 2.0
RUNS = 15
Result = tuple[str, str, str, str]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor import Floor, measure  # noqa: E402


class _RollBack(Exception):
    pass


def _time_page(client, url: str, params: dict[str, str]) -> Floor:
    # A search is POSTed once (it never goes into an address); the page is read at its key.
    address, query = (
        (url, params) if not params.get("q") else (client.post(url, params)["Location"], {})
    )

    def get() -> None:
        response = client.get(address, query)
        assert response.status_code == 200, response.status_code

    return measure(get, runs=RUNS)


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


def _row(
    what: str,
    url: str,
    client,
    params: dict[str, str],
    small: dict[str, str],
    ms: float = GOAL_MS,
    ratio: float | None = None,
) -> Result:
    page = _time_page(client, url, params)
    fewer = _time_page(client, url, small).queries
    result = "pass" if page.within(ratio, ms) and page.queries == fewer else "FAIL"
    figure = f"{page.figure} (fewer rows: {fewer})"
    within = f"< {ratio:g}x SQL and " if ratio else ""
    return (what, figure, f"{within}< {ms:.0f} ms, constant queries", result)


def _caseload(username: str, year: int, when: str = "") -> list[Result]:
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
                f"caseload, {username}: 50 rows{label}{when}",
                url,
                client,
                base | extra,
                base | extra | {"per": "25"},
                ms=CASELOAD_MS,
                ratio=GOAL_RATIO,
            )
        )
    return out


def _schools(username: str, year: int) -> list[Result]:
    client = _client(username)
    params = {"year": str(year)}
    # The schools page shows every school of the LEA: compare with a year that has no CCAs.
    return [
        _row(
            f"LEA schools view, {username}",
            "/lea/schools/",
            client,
            params,
            {"year": "2000"},
            ms=SCHOOLS_MS,
        ),
        _row(
            f"LEA at-risk list, {username}: 50 rows",
            "/lea/at-risk/",
            client,
            params | {"per": "50"},
            params | {"per": "25"},
        ),
    ]


def rows(as_of: date) -> list[Result]:
    return _rows(as_of, caseload=True, schools=True)


def caseload_rows(as_of: date, when: str) -> list[Result]:
    """The caseload rows alone, labelled ``when`` (bench/run.py: straight after the load)."""
    return _rows(as_of, caseload=True, schools=False, when=when)


def _rows(as_of: date, caseload: bool, schools: bool, when: str = "") -> list[Result]:
    from django.db import transaction

    from seats.domain.calendars import school_year_of

    year = school_year_of(as_of)
    out: list[Result] = []
    try:
        with transaction.atomic():
            counselor = _busiest("counselor", "primary_school", year) if caseload else None
            approver = _busiest("lea_approver", "primary_lea", year) if schools else None
            if counselor:
                out += _caseload(counselor, year, when)
            if approver:
                out += _schools(approver, year)
            if (caseload and not counselor) or (schools and not approver):
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
