"""Statements read from a posted ledger (SQLite and PostgreSQL): a provider's remittance, an
LEA's withholding, the state's summary and the appropriation, exact to the cent, scoped to the
viewer's organisation, in a constant number of queries."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seats.core.selectors.access import Viewer
from seats.domain.errors import NotFound
from seats.domain.funding.months import Month
from seats.domain.roles import Role
from seats.funding.models import Account, Entry, Leg, PaymentRun
from seats.funding.selectors.statements import (
    lea_statement,
    provider_statement,
    statement_line,
    statement_organisation,
    totals_of,
)
from seats.funding.selectors.summary import appropriation_year, by_organisation, monthly_totals
from seats.funding.services.appropriation import set_appropriation
from tests.factories import make_student

from .helpers import HALF
from .statement_scene import build_statement_scene

pytestmark = pytest.mark.django_db

OCT, NOV = Month(2025, 10), Month(2025, 11)


@pytest.fixture
def scene():
    return build_statement_scene()


def _viewer(scene, role: Role) -> Viewer:
    actor = scene.world.actor(role)
    return Viewer(actor.user, role, actor.organisation)


def test_a_provider_statement_lists_its_own_entries_with_the_minimal_name(scene) -> None:
    world = scene.world
    october = provider_statement(provider=world.provider, month=OCT)
    lines = [statement_line(r) for r in october.rows]
    assert [(line["cca_id"], line["tranche"], line["amount"]) for line in lines] == [
        (scene.ours.pk, "first", HALF),
        (scene.home.pk, "first", HALF),
    ]
    first = scene.ours.student.legal_first_name
    assert lines[0]["student"] == f"{first[:2]} {scene.ours.student.legal_last_name}"
    assert lines[1]["student"] == "Ha Homebody" and lines[1]["lea_code"] == "HOME"
    assert october.totals.lines == 2 and october.totals.paid == HALF * 2
    assert october.totals.reversed == 0 and october.totals.net == Decimal("340.00")
    november = provider_statement(provider=world.provider, month=NOV)
    assert [statement_line(r)["tranche"] for r in november.rows] == ["reversal"]
    assert (november.totals.paid, november.totals.reversed, november.totals.net) == (
        Decimal("0.00"),
        -HALF,
        -HALF,
    )
    assert (
        statement_line(november.rows[0])["reversal_of"]
        == Entry.objects.get(cca_id=scene.ours.pk, tranche="first").pk
    )


def test_an_lea_statement_is_its_withholding_and_home_is_the_appropriation(scene) -> None:
    lea = lea_statement(lea=scene.world.lea, month=OCT)
    assert [r["cca_id"] for r in lea.rows] == [scene.ours.pk] and lea.totals.net == HALF
    assert not lea.from_appropriation
    far = lea_statement(lea=scene.other_lea, month=OCT)
    assert [statement_line(r)["student"] for r in far.rows] == ["Ze Outsider"]
    home = lea_statement(lea=scene.world.home, month=OCT)
    assert home.from_appropriation and [r["cca_id"] for r in home.rows] == [scene.home.pk]


def test_a_month_without_a_run_is_an_empty_statement(scene) -> None:
    empty = provider_statement(provider=scene.world.provider, month=Month(2026, 3))
    assert empty.run is None and list(empty.rows) == [] and empty.totals.net == 0


def test_the_state_summary_by_month_and_by_organisation(scene) -> None:
    months = {t.month: t for t in monthly_totals(2025)}
    assert len(months) == 12 and months[Month(2025, 7)].lines == 0
    october = months[OCT]
    assert (october.lines, october.paid, october.withheld, october.appropriation) == (
        3,
        HALF * 3,
        HALF * 2,
        HALF,
    )
    november = months[NOV]
    assert (november.paid, november.withheld, november.reversed) == (-HALF, -HALF, -HALF)
    providers = {t.code: t for t in by_organisation("provider", school_year=2025)}
    assert providers["PRV1"].paid == HALF * 2 and providers["PRV1"].reversed == -HALF
    assert providers["PRV1"].net == HALF
    assert providers["PRV9"].net == HALF
    leas = {t.code: t.net for t in by_organisation("lea", school_year=2025, month=OCT)}
    assert leas == {"LEA1": HALF, "LEA9": HALF, "HOME": HALF}
    mine = monthly_totals(2025, provider_id=scene.world.provider.pk)
    assert [t.paid for t in mine if t.lines] == [HALF * 2, -HALF]
    assert monthly_totals(2024)[3].lines == 0  # another school year: nothing


def test_the_appropriation_balance_over_the_year(scene) -> None:
    year = appropriation_year(2025)
    assert year.account_id == Account.objects.get(kind="appropriation", school_year=2025).pk
    assert year.spent == HALF and year.recorded is None
    by_month = {line.month: line for line in year.lines}
    assert by_month[OCT].spent == HALF and by_month[NOV].spent == 0
    assert by_month[Month(2026, 6)].spent_to_date == HALF
    assert appropriation_year(2030).account_id is None and appropriation_year(2030).spent == 0


def test_the_balance_starts_from_the_recorded_appropriation(scene) -> None:
    set_appropriation(
        actor=scene.world.actor(Role.STATE_ADMIN), school_year=2025, amount="10000.00"
    )
    year = appropriation_year(2025)
    assert year.recorded == Decimal("10000.00")
    by_month = {line.month: line for line in year.lines}
    assert by_month[Month(2026, 6)].balance == Decimal("10000.00") - HALF


def test_totals_are_exact_to_the_cent_on_every_database(scene) -> None:
    """Amounts whose float sums drift (0.1 + 0.2 ...): the totals are the Decimal sums."""
    run = PaymentRun.objects.create(
        month=Month(2026, 1).first_day(),
        run_date=Month(2026, 1).first_day(),
        posted_at=datetime(2026, 1, 20, tzinfo=UTC),
        posted_by_role="system",
    )
    world = scene.world
    amounts = [Decimal(a) for a in ("0.10", "0.20", "0.29", "1234567.89", "0.01", "33.33")]
    provider_acct = Account.objects.get(kind="provider", organisation=world.provider)
    lea_acct = Account.objects.get(kind="lea_withholding", organisation=world.lea)
    for n in range(0, len(amounts), 2):
        cca = world.submit(student=make_student(world))
        for half, amount in zip(("first", "second"), amounts[n : n + 2], strict=True):
            entry = Entry.objects.create(
                run=run,
                cca=cca,
                half=half,
                tranche=half,
                amount=amount,
                provider=world.provider,
                lea=world.lea,
                posted_at=run.posted_at,
            )
            Leg.objects.bulk_create(
                [
                    Leg(entry=entry, account=provider_acct, amount=amount),
                    Leg(entry=entry, account=lea_acct, amount=-amount),
                ]
            )
    statement = provider_statement(provider=world.provider, month=Month(2026, 1))
    assert statement.totals.paid == sum(amounts, Decimal(0)) == Decimal("1234601.82")
    assert isinstance(statement.totals.paid, Decimal)
    assert totals_of(Entry.objects.filter(run=run)).net == Decimal("1234601.82")
    assert monthly_totals(2025)[6].paid == Decimal("1234601.82")  # January


def test_each_role_reaches_only_its_own_organisations_statements(scene) -> None:
    world = scene.world
    provider = _viewer(scene, Role.PROVIDER_STAFF)
    assert statement_organisation(provider, "provider", None) == world.provider
    assert statement_organisation(provider, "provider", "PRV1") == world.provider
    for kind, code in (("provider", "PRV9"), ("provider", "NOPE"), ("lea", None), ("lea", "LEA1")):
        with pytest.raises(NotFound):
            statement_organisation(provider, kind, code)
    approver = _viewer(scene, Role.LEA_APPROVER)
    assert statement_organisation(approver, "lea", None) == world.lea
    with pytest.raises(NotFound):
        statement_organisation(approver, "lea", "LEA9")
    with pytest.raises(NotFound):
        statement_organisation(approver, "provider", None)
    for role in (Role.STATE_SPECIALIST, Role.AUDITOR):
        state = _viewer(scene, role)
        assert statement_organisation(state, "provider", None) is None  # chooses first
        assert statement_organisation(state, "provider", "PRV9") == scene.other_provider
        assert statement_organisation(state, "lea", "HOME") == world.home
        with pytest.raises(NotFound):
            statement_organisation(state, "lea", "PRV9")  # a provider is no LEA
    for role in (Role.COUNSELOR, Role.PARENT, Role.STUDENT):
        with pytest.raises(NotFound):
            statement_organisation(_viewer(scene, role), "provider", None)


def test_a_statement_reads_in_the_same_queries_whatever_its_rows(scene) -> None:
    def read(month: Month) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            statement = provider_statement(provider=scene.world.provider, month=month)
            rows = [statement_line(r) for r in statement.rows]
        return len(rows), len(captured.captured_queries)

    (two, queries_two), (one, queries_one) = read(OCT), read(NOV)
    assert (two, one) == (2, 1) and queries_two == queries_one <= 3
