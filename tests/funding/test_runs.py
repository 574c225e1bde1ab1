"""The monthly payment run on a real database (SQLite and PostgreSQL): the cutoff, the second
half, idempotence, holds, reversals, home-school, and bad input that writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from seats.domain.errors import Conflict, InvalidInput, NotFound, NotPermitted
from seats.domain.roles import Role
from seats.funding.models import Account, Entry, Leg, PaymentRun
from seats.funding.selectors.why import why_paid
from seats.funding.services.holds import release_hold, set_hold
from seats.funding.services.runs import post_run, preview_run
from tests.factories import build_world, make_student

from .helpers import (
    HALF,
    SYSTEM,
    LedgerSnapshot,
    completed,
    confirmed_at,
    denver,
    ledger_balances,
    load_msp,
    net_paid,
)

pytestmark = pytest.mark.django_db

AFTER_OCT_CUTOFF = denver(2025, 10, 15)
AFTER_NOV_CUTOFF = denver(2025, 11, 15)


@pytest.fixture
def world():
    w = build_world()
    load_msp()
    return w


def test_confirmed_by_1659_on_the_9th_is_paid_that_month(world) -> None:
    on_time = confirmed_at(world, denver(2025, 10, 9, 16, 59))
    late = confirmed_at(world, denver(2025, 10, 9, 17, 1), student=make_student(world))
    preview = preview_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF)
    assert [(p.cca_id, p.posting.amount) for p in preview.planned] == [(on_time.pk, HALF)]
    assert LedgerSnapshot.take().entries == 0, "a preview writes nothing"
    posted = post_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF)
    assert posted.total == HALF and not posted.already_posted
    entry = Entry.objects.get()
    assert (entry.cca_id, entry.tranche, entry.half, entry.amount) == (
        on_time.pk,
        "first",
        "first",
        HALF,
    )
    assert entry.history.to_status == "confirmed" and entry.history.cca_id == on_time.pk
    assert entry.run.month.isoformat() == "2025-10-01" and entry.run.entries == 1
    assert ledger_balances()
    provider = Account.objects.get(kind="provider", organisation=world.provider)
    lea = Account.objects.get(kind="lea_withholding", organisation=world.lea)
    assert Leg.objects.get(account=provider).amount == HALF
    assert Leg.objects.get(account=lea).amount == -HALF
    # Deferred: changed after the 9th at 17:00, paid in November's run.
    why = why_paid(cca_id=late.pk, now=AFTER_OCT_CUTOFF)
    assert (
        "due in the 2025-11 run (recorded after the cutoff, 2025-10-09 17:00"
        in why.halves[0].text()
    )
    november = post_run(actor=SYSTEM, month="2025-11", now=AFTER_NOV_CUTOFF)
    assert [(p.cca_id, p.posting.amount) for p in november.planned] == [(late.pk, HALF)]


def test_a_second_run_for_the_month_posts_nothing(world) -> None:
    confirmed_at(world, denver(2025, 10, 7, 10))
    post_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF)
    before = LedgerSnapshot.take()
    again = post_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF)
    assert again.already_posted and again.planned == []
    assert LedgerSnapshot.take() == before
    later = post_run(actor=SYSTEM, month="2025-11", now=AFTER_NOV_CUTOFF)
    assert later.planned == [], "a paid half is never paid again"


def test_second_half_after_completion_and_transcript(world) -> None:
    cca = confirmed_at(world, denver(2025, 10, 7, 10))
    post_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF)
    completed(world, cca, status_at=denver(2026, 1, 12, 9), transcript_at=denver(2026, 1, 20, 9))
    january = preview_run(actor=SYSTEM, month="2026-01", now=denver(2026, 1, 25))
    assert january.planned == [], "the transcript came after January's cutoff"
    february = post_run(actor=SYSTEM, month="2026-02", now=denver(2026, 2, 15))
    (p,) = february.planned
    assert (p.posting.tranche.value, p.posting.amount) == ("second", HALF)
    entry = Entry.objects.get(tranche="second")
    assert entry.history.action == "issue_transcript", "the later of status and transcript"
    assert net_paid(cca.pk) == Decimal("340.00") and ledger_balances()
    why = why_paid(cca_id=cca.pk, now=denver(2026, 2, 16))
    assert why.fee.startswith("Tier IV: 680.00 per credit (state default) x 0.50 credit")
    assert [h.text() for h in why.halves] == [
        "First half: 170.00 paid in the 2025-10 run",
        "Second half: 170.00 paid in the 2026-02 run",
    ]


def test_a_hold_holds_back_and_its_release_pays_in_the_next_run(world) -> None:
    cca = confirmed_at(world, denver(2025, 10, 7, 10))
    hold = set_hold(
        actor=world.actor(Role.STATE_ADMIN),
        scope="cca",
        target_id=cca.pk,
        reason="records_request",
        now=denver(2025, 10, 8),
    )
    october = post_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF)
    assert october.planned == []
    (held,) = october.held
    assert held.cca_id == cca.pk and held.amount == HALF
    assert held.reasons == ("Records request not met (R277-726-6(9)), on the cca",)
    why = why_paid(cca_id=cca.pk, now=AFTER_OCT_CUTOFF)
    assert "held back: Records request not met" in why.halves[0].text()
    release_hold(actor=SYSTEM, hold_id=hold.pk, now=denver(2025, 11, 1))
    november = post_run(actor=SYSTEM, month="2025-11", now=AFTER_NOV_CUTOFF)
    assert [p.posting.amount for p in november.planned] == [HALF]
    with pytest.raises(Conflict, match="already released"):
        release_hold(actor=SYSTEM, hold_id=hold.pk)


def test_provider_hold_stops_all_its_ccas(world) -> None:
    confirmed_at(world, denver(2025, 10, 7, 10))
    set_hold(
        actor=SYSTEM,
        scope="provider",
        target_id=world.provider.pk,
        reason="state_review",
        now=denver(2025, 10, 8),
    )
    october = preview_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF)
    assert october.planned == [] and len(october.held) == 1


def test_a_fraud_finding_posts_a_reversal_linked_to_the_payment(world) -> None:
    cca = confirmed_at(world, denver(2025, 10, 7, 10))
    post_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF)
    payment = Entry.objects.get()
    hold = set_hold(
        actor=SYSTEM, scope="cca", target_id=cca.pk, reason="fraud", now=denver(2025, 10, 20)
    )
    november = post_run(actor=SYSTEM, month="2025-11", now=AFTER_NOV_CUTOFF)
    assert [p.posting.amount for p in november.planned] == [-HALF]
    reversal = Entry.objects.get(tranche="reversal")
    assert reversal.reversal_of_id == payment.pk and reversal.hold_id == hold.pk
    assert reversal.run.month.isoformat() == "2025-11-01"
    payment.refresh_from_db()
    assert payment.amount == HALF, "the payment itself is never edited"
    assert net_paid(cca.pk) == 0 and ledger_balances()
    # The finding is overturned: the re-payment points at the reversal it undoes.
    release_hold(actor=SYSTEM, hold_id=hold.pk, now=denver(2025, 11, 20))
    post_run(actor=SYSTEM, month="2025-12", now=denver(2025, 12, 15))
    repayment = Entry.objects.filter(tranche="first").order_by("-id").first()
    assert repayment.reversal_of_id == reversal.pk and net_paid(cca.pk) == HALF


def test_home_school_is_paid_from_the_appropriation(world) -> None:
    cca = confirmed_at(world, denver(2025, 10, 7, 10))
    type(cca).objects.filter(pk=cca.pk).update(primary_lea=world.home)  # a HOME student's CCA
    post_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF)
    appropriation = Account.objects.get(kind="appropriation", school_year=2025)
    assert Leg.objects.get(account=appropriation).amount == -HALF
    assert not Account.objects.filter(kind="lea_withholding").exists()


def test_no_ssid_no_payment(world) -> None:
    cca = confirmed_at(world, denver(2025, 10, 7, 10))
    type(world.student).objects.filter(pk=cca.student_id).update(ssid=None)
    assert preview_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF).planned == []
    assert "no SSID" in why_paid(cca_id=cca.pk, now=AFTER_OCT_CUTOFF).halves[0].text()


@pytest.mark.parametrize(
    ("month", "now", "message"),
    [
        ("2025-13", AFTER_OCT_CUTOFF, "month must look like 2027-02"),
        ("2030-01", AFTER_OCT_CUTOFF, "not on the Minimum School Program schedule"),
        ("2025-10", denver(2025, 10, 9, 16), "only after its cutoff"),
    ],
)
def test_bad_month_is_refused_and_nothing_written(world, month, now, message) -> None:
    confirmed_at(world, denver(2025, 10, 7, 10))
    before = LedgerSnapshot.take()
    with pytest.raises(InvalidInput, match=message) as err:
        post_run(actor=SYSTEM, month=month, now=now)
    assert err.value.field == "month"
    assert LedgerSnapshot.take() == before


def test_a_closed_month_is_refused(world) -> None:
    confirmed_at(world, denver(2025, 10, 7, 10))
    post_run(actor=SYSTEM, month="2025-11", now=AFTER_NOV_CUTOFF)
    before = LedgerSnapshot.take()
    with pytest.raises(InvalidInput, match="2025-10 is closed: the 2025-11 run is already posted"):
        post_run(actor=SYSTEM, month="2025-10", now=AFTER_NOV_CUTOFF)
    assert LedgerSnapshot.take() == before


def test_a_hold_on_an_unknown_cca_or_organisation_is_refused(world) -> None:
    before = LedgerSnapshot.take()
    with pytest.raises(NotFound, match="no CCA 999999") as err:
        set_hold(actor=SYSTEM, scope="cca", target_id=999999, reason="fraud")
    assert err.value.field == "cca"
    with pytest.raises(NotFound) as err:
        set_hold(actor=SYSTEM, scope="lea", target_id=world.provider.pk, reason="fraud")
    assert err.value.field == "lea"
    with pytest.raises(InvalidInput) as err:
        set_hold(actor=SYSTEM, scope="cca", target_id=1, reason="because")
    assert err.value.field == "reason"
    assert LedgerSnapshot.take() == before


def test_only_the_state_runs_payments(world) -> None:
    with pytest.raises(NotPermitted):
        post_run(actor=world.actor(Role.PROVIDER_ADMIN), month="2025-10", now=AFTER_OCT_CUTOFF)
    with pytest.raises(NotPermitted):
        post_run(actor=world.actor(Role.STATE_SPECIALIST), month="2025-10", now=AFTER_OCT_CUTOFF)
    with pytest.raises(NotPermitted):
        set_hold(actor=world.actor(Role.LEA_APPROVER), scope="cca", target_id=1, reason="fraud")


def test_the_database_refuses_a_double_payment_and_edits(world) -> None:
    cca = confirmed_at(world, denver(2025, 10, 7, 10))
    post_run(actor=SYSTEM, month="2025-10", now=AFTER_OCT_CUTOFF)
    paid = Entry.objects.get()
    twin = Entry(
        run=paid.run,
        cca_id=cca.pk,
        half="first",
        tranche="first",
        amount=HALF,
        provider_id=paid.provider_id,
        lea_id=paid.lea_id,
        posted_at=paid.posted_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save(force_insert=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=paid.pk).update(amount=-1)  # a payment is positive
    with pytest.raises(RuntimeError, match="append-only"):
        paid.save()
    with pytest.raises(RuntimeError, match="append-only"):
        paid.delete()
    assert PaymentRun.objects.count() == 1
