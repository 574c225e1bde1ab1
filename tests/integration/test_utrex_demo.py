"""The check and the quarterly report on the small demo state (thousands of CCAs, realistic
histories and calendars): an extract written from SEATS checks clean for the state and for a
provider, spoiled records are all found, and the quarterly report shows each CCA as its history
says it stood on the report date."""

from __future__ import annotations

import io
import random
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction

from seats.core.models import CCA, CCAHistory, Organisation, RoleMembership
from seats.core.selectors.access import Viewer
from seats.domain.roles import Role
from seats.domain.statuses import PAID_THROUGH_CONFIRMED, STATUS_INFO, Stage, Status
from seats.integration.utrex.check import DENVER, run_check
from seats.integration.utrex.expected import expected_records
from seats.integration.utrex.extract import write_extract
from seats.integration.utrex.report import build_quarterly

AS_OF = date(2026, 2, 18)


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The small demo, loaded once for this module, then rolled back."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command(
                    "demo", "--as-of", AS_OF.isoformat(), stdout=io.StringIO(), stderr=io.StringIO()
                )
                yield
                raise _Rollback
        except _Rollback:
            pass


def state_viewer() -> Viewer:
    m = (
        RoleMembership.objects.filter(role=Role.STATE_SPECIALIST)
        .select_related("user", "organisation")
        .first()
    )
    return Viewer.from_membership(m)


def provider_viewer() -> Viewer:
    m = (
        RoleMembership.objects.filter(role=Role.PROVIDER_STAFF, user__username="provider_staff")
        .select_related("user", "organisation")
        .first()
    )
    return Viewer.from_membership(m)


def extract(rows) -> bytes:
    out = io.StringIO()
    write_extract(rows, out)
    return out.getvalue().encode()


def test_a_seats_extract_of_the_demo_checks_clean_for_the_state(demo, db) -> None:
    state = state_viewer()
    years = sorted(set(CCA.objects.values_list("school_year", flat=True)))
    rows = [r for y in years for r in expected_records(state, school_year=y)]
    expected = CCA.objects.filter(status__in=[s.value for s in PAID_THROUGH_CONFIRMED]).count()
    assert len(rows) == expected > 500
    summary, findings = run_check(state, extract(rows), as_of=AS_OF)
    assert findings == []
    assert summary.matched == summary.expected_ccas == summary.soep_records == expected
    assert summary.school_years == years


def test_a_provider_checks_its_own_extract_clean(demo, db) -> None:
    provider = provider_viewer()
    year = 2025
    rows = list(expected_records(provider, school_year=year))
    own = CCA.objects.filter(
        provider=provider.organisation,
        school_year=year,
        status__in=[s.value for s in PAID_THROUGH_CONFIRMED],
    )
    assert len(rows) == own.count() > 0
    summary, findings = run_check(provider, extract(rows), as_of=AS_OF)
    assert findings == [] and summary.matched == len(rows)


def test_spoiled_records_are_all_found(demo, db) -> None:
    state = state_viewer()
    rows = list(expected_records(state, school_year=2025))
    rng = random.Random(4)
    spoil = rng.sample(range(len(rows)), 60)
    dropped = set(spoil[:20])
    for i in spoil[20:40]:
        rows[i]["credit_attempted"] = "7"
    for i in spoil[40:]:
        rows[i]["school_of_record"] = "Y"
    kept = [r for i, r in enumerate(rows) if i not in dropped]
    _, findings = run_check(state, extract(kept), as_of=AS_OF)
    assert Counter(f.rule for f in findings) == {
        "MISSING_FROM_UTREX": 20,
        "CREDIT_ATTEMPTED": 20,
        "SCHOOL_OF_RECORD": 20,
    }
    missing = {(f.ssid, f.core_code, f.session) for f in findings if f.rule == "MISSING_FROM_UTREX"}
    assert missing == {(rows[i]["ssid"], rows[i]["core_code"], rows[i]["term"]) for i in dropped}


def _status_then(cca_ids: list[int], day: date) -> dict[int, str]:
    """The replay the report must agree with, computed here in Python from the history."""
    cutoff = datetime.combine(day + timedelta(days=1), time.min, tzinfo=DENVER)
    last: dict[int, str] = {}
    for cca_id, to_status in (
        CCAHistory.objects.filter(cca_id__in=cca_ids, at__lt=cutoff)
        .order_by("cca_id", "seq")
        .values_list("cca_id", "to_status")
    ):
        last[cca_id] = to_status
    return last


@pytest.mark.parametrize("day", [date(2025, 11, 1), date(2026, 2, 1)])
def test_quarterly_report_shows_each_cca_as_of_the_date(demo, db, day) -> None:
    provider: Organisation = provider_viewer().organisation
    report = build_quarterly(state_viewer(), provider, day)
    assert report.rows and report.school_year == 2025
    ids = [row[-1] for row in report.rows]
    assert len(ids) == len(set(ids))
    then = _status_then(ids, day)
    current = dict(CCA.objects.filter(pk__in=ids).values_list("pk", "status"))
    changed = 0
    for row in report.rows:
        status = Status(then[row[-1]])
        assert row[6] == status.label and STATUS_INFO[status].stage is not Stage.PRE_ENROLLMENT
        assert row[11] is None or row[11] <= day  # confirmation date
        assert row[13] is None or row[13] <= day  # transcript date
        if row[12]:  # a final grade only once the closeout is reached
            assert STATUS_INFO[status].stage is Stage.CLOSEOUT
        changed += status.value != current[row[-1]]
    enrolled = CCA.objects.filter(provider=provider, school_year=2025, noe_date__lte=day)
    assert len(report.rows) <= enrolled.count()
    if day < AS_OF - timedelta(days=30):
        assert changed > 0  # the report is not just today's data
