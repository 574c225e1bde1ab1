"""The set-based run (services/setplan.py) posts exactly what the domain planner decides, CCA by
CCA (runs.plan_with_domain over domain/funding/plan.py), on a real database (SQLite and
PostgreSQL): a table of cases through three runs, each plan compared line by line (CCA, half,
tranche, amount, the entry it reverses or re-pays, the history entry that made it payable, the
fraud hold it carries out), the CCAs held back and their reasons, and the totals."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from seats.core.models import CCA, CCAHistory
from seats.domain.funding.ledger import AccountKind, payment_legs, source_account
from seats.domain.funding.months import Month
from seats.domain.statuses import Status
from seats.funding.migrations import __name__ as migrations_package
from seats.funding.models import Entry, Leg
from seats.funding.services import setplan
from seats.funding.services.facts import REACHABLE_AFTER_CONFIRMED
from seats.funding.services.holds import release_hold, set_hold
from seats.funding.services.runs import plan_run, plan_with_domain, post_run
from tests.factories import build_world, make_student

from .helpers import SYSTEM, confirmed_at, denver, ledger_balances, load_msp

pytestmark = pytest.mark.django_db


def _same(month: str, now: datetime):
    """The set-based plan and the domain's, equal in every line; returns the set-based one."""
    ours = plan_run(month=Month.parse(month), now=now)
    domain = plan_with_domain(month=Month.parse(month), now=now)
    assert ours.planned == domain.planned
    assert ours.held == domain.held
    assert (ours.entries, ours.total) == (domain.entries, domain.total)
    assert (ours.by_provider(), ours.by_lea()) == (domain.by_provider(), domain.by_lea())
    return ours


def _move(cca: CCA, to: Status, at: datetime, **fields: object) -> None:
    """Record a status move at ``at`` (the planners read only the stored facts)."""
    cca.refresh_from_db()
    last = CCAHistory.objects.filter(cca=cca).order_by("-seq").first()
    CCAHistory.objects.create(
        cca=cca,
        seq=last.seq + 1,
        at=at,
        actor_role="system",
        action="test_move",
        from_status=cca.status,
        to_status=to.value,
    )
    CCA.objects.filter(pk=cca.pk).update(status=to.value, **fields)


def _transcript(cca: CCA, at: datetime) -> None:
    cca.refresh_from_db()
    last = CCAHistory.objects.filter(cca=cca).order_by("-seq").first()
    CCAHistory.objects.create(
        cca=cca,
        seq=last.seq + 1,
        at=at,
        actor_role="system",
        action="record_transcript",
        from_status=cca.status,
        to_status=cca.status,
        details={"transcript_issued_on": at.date().isoformat()},
    )


def _legs_follow_the_domain() -> None:
    """Each posted entry's legs are domain.funding.ledger's: the provider receives, the LEA's
    withholding (or for HOME the appropriation of the CCA's year) gives."""
    for entry in Entry.objects.select_related("lea", "cca"):
        source = source_account(
            lea_id=entry.lea_id, lea_code=entry.lea.code, school_year=entry.cca.school_year
        )
        expected = {
            (leg.account.kind.value, leg.account.owner_id, leg.amount)
            for leg in payment_legs(
                amount=entry.amount, provider_id=entry.provider_id, source=source
            )
        }
        actual = {
            (
                leg.account.kind,
                leg.account.school_year
                if leg.account.kind == AccountKind.APPROPRIATION
                else leg.account.organisation_id,
                leg.amount,
            )
            for leg in Leg.objects.filter(entry=entry).select_related("account")
        }
        assert actual == expected, entry


def test_the_set_based_run_posts_what_the_domain_planner_decides() -> None:
    world = build_world()
    load_msp(2025)

    def cca(when: datetime) -> CCA:
        return confirmed_at(world, when, student=make_student(world))

    cca(denver(2025, 10, 9, 16, 59))  # the 9th before 17:00 Denver: October
    late = cca(denver(2025, 10, 9, 17, 1))  # after it: November
    no_ssid = cca(denver(2025, 10, 1))
    type(world.student).objects.filter(pk=no_ssid.student_id).update(ssid=None)
    passed = cca(denver(2025, 9, 20))  # both halves in October
    _move(passed, Status.PASS_ALL_COMPLETE, denver(2025, 10, 2), credit_earned=Decimal("0.50"))
    _transcript(passed, denver(2025, 10, 3))
    no_transcript = cca(denver(2025, 9, 20))
    _move(no_transcript, Status.PASS_ALL_COMPLETE, denver(2025, 10, 2))
    transcript_late = cca(denver(2025, 9, 20))  # transcript after the cutoff: November
    _move(transcript_late, Status.LATE_PASS, denver(2025, 10, 2))
    _transcript(transcript_late, denver(2025, 10, 9, 17, 0))
    quarter = cca(denver(2025, 9, 20))  # ".25 earned": the second half pro rata
    _move(
        quarter,
        Status.ADMINISTRATIVE_WITHDRAWAL_QUARTER,
        denver(2025, 10, 2),
        credit_earned=Decimal("0.25"),
    )
    _transcript(quarter, denver(2025, 10, 3))
    no_credit = cca(denver(2025, 9, 20))  # withdrawn after Confirmed: the first half only
    _move(no_credit, Status.STUDENT_WITHDRAWAL_AFTER_20, denver(2025, 10, 2))
    _transcript(no_credit, denver(2025, 10, 3))
    alp = cca(denver(2025, 9, 20))
    _move(alp, Status.ANTICIPATED_LATE_PASS, denver(2025, 10, 2))
    home = cca(denver(2025, 10, 1))  # paid from the appropriation
    CCA.objects.filter(pk=home.pk).update(primary_lea=world.home)
    held = cca(denver(2025, 10, 1))
    records = set_hold(
        actor=SYSTEM,
        scope="cca",
        target_id=held.pk,
        reason="records_request",
        now=denver(2025, 10, 5),
    )
    fraud_later = cca(denver(2025, 10, 1))

    october = _same("2025-10", denver(2025, 10, 15))
    assert len(october.planned) >= 8 and october.held
    post_run(actor=SYSTEM, month="2025-10", now=denver(2025, 10, 15))

    # November: a fraud finding on a paid CCA, an LEA-wide hold on HOME, a released hold, a
    # state correction that takes the second half away, and a second half that qualifies.
    fraud = set_hold(
        actor=SYSTEM,
        scope="cca",
        target_id=fraud_later.pk,
        reason="fraud",
        now=denver(2025, 10, 20),
    )
    set_hold(
        actor=SYSTEM,
        scope="lea",
        target_id=world.home.pk,
        reason="state_review",
        now=denver(2025, 10, 20),
    )
    release_hold(actor=SYSTEM, hold_id=records.pk, now=denver(2025, 10, 21))
    _move(passed, Status.FAILED_TO_COMPLETE, denver(2025, 10, 22), credit_earned=None)
    _move(alp, Status.LATE_PASS, denver(2025, 10, 23), credit_earned=Decimal("0.50"))
    _transcript(alp, denver(2025, 10, 24))
    _transcript(no_transcript, denver(2025, 11, 9, 16, 59))
    november = _same("2025-11", denver(2025, 11, 15))
    tranches = {(p.cca_id, p.posting.tranche.value) for p in november.planned}
    assert (fraud_later.pk, "reversal") in tranches and (passed.pk, "reversal") in tranches
    assert (held.pk, "first") in tranches and (late.pk, "first") in tranches
    reversal = next(p for p in november.planned if p.cca_id == fraud_later.pk)
    assert reversal.hold_id == fraud.pk
    post_run(actor=SYSTEM, month="2025-11", now=denver(2025, 11, 15))

    # December: the partial credit corrected after payment (reversal and re-payment in one
    # run), the fraud finding overturned (a re-payment of the reversal), a provider hold.
    _move(
        quarter,
        Status.ADMINISTRATIVE_WITHDRAWAL_QUARTER,
        denver(2025, 11, 20),
        credit_earned=Decimal("0.50"),
    )
    release_hold(actor=SYSTEM, hold_id=fraud.pk, now=denver(2025, 11, 21))
    december = _same("2025-12", denver(2025, 12, 15))
    assert any(p.posting.after_reversal for p in december.planned)
    provider = set_hold(
        actor=SYSTEM,
        scope="provider",
        target_id=world.provider.pk,
        reason="state_review",
        now=denver(2025, 12, 10),
    )
    stopped = _same("2025-12", denver(2025, 12, 15))
    assert stopped.held, "a provider hold holds back its payments"
    assert {p.posting.tranche.value for p in stopped.planned} == {"reversal"}, "not reversals"
    release_hold(actor=SYSTEM, hold_id=provider.pk, now=denver(2025, 12, 15))
    post_run(actor=SYSTEM, month="2025-12", now=denver(2025, 12, 16))
    assert _same("2026-01", denver(2026, 1, 15)).planned == [], "everything owed is paid once"
    assert ledger_balances()
    _legs_follow_the_domain()


def test_the_partial_indexes_cover_the_statuses_the_run_reads() -> None:
    from importlib import import_module

    migration = import_module(f"{migrations_package}.0005_run_history_indexes")
    listed = sorted(s.strip().strip("'") for s in migration.REACHABLE.split(","))
    assert listed == sorted(REACHABLE_AFTER_CONFIRMED)
    assert set(REACHABLE_AFTER_CONFIRMED) >= setplan.SECOND_HALF_STATUSES
