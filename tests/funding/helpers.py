"""Funding test helpers: CCAs moved through core's services at frozen instants (the history
entry's timestamp decides the payment month), an MSP schedule, and ledger snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Sum
from freezegun import freeze_time

from seats.core.models import CCA
from seats.core.services.actors import Actor
from seats.core.services.enrollment import issue_transcript
from seats.core.services.lifecycle import move_status
from seats.domain.statuses import Status
from seats.funding.models import Account, Entry, Leg, MspRun, PaymentHold, PaymentRun
from seats.funding.services.schedule import load_schedule
from tests.core.helpers_lifecycle import provider_actor, ready_to_confirm
from tests.factories import World, registration_done

DENVER = ZoneInfo("America/Denver")
SYSTEM = Actor.system()
HALF = Decimal("170.00")  # Math is Tier IV: 680.00 x 0.5 credit = 340.00


def denver(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=DENVER)


def load_msp(*years: int) -> None:
    for year in years or (2025, 2026):
        runs = {}
        for month in range(7, 19):
            y, m = (year, month) if month <= 12 else (year + 1, month - 12)
            runs[f"{y}-{m:02d}"] = date(y, m, 20)
        load_schedule(actor=SYSTEM, school_year=year, runs=runs)


def confirmed_at(world: World, when: datetime, **submit: object) -> CCA:
    if "student" in submit:
        registration_done(world, submit["student"])  # type: ignore[arg-type]
    cca = ready_to_confirm(world, **submit)
    with freeze_time(when):
        cca = move_status(
            actor=provider_actor(world),
            cca_id=cca.pk,
            to=Status.CONFIRMED,
            expected_version=cca.version,
            as_of=cca.census_date,
        )
    cca.refresh_from_db()
    return cca


def completed(world: World, cca: CCA, *, status_at: datetime, transcript_at: datetime) -> CCA:
    cca.refresh_from_db()
    with freeze_time(status_at):
        cca = move_status(
            actor=provider_actor(world),
            cca_id=cca.pk,
            to=Status.PASS_ALL_COMPLETE,
            expected_version=cca.version,
            final_grade="B+",
            completion_date=date(2026, 1, 9),
            as_of=date(2026, 1, 12),
        )
    with freeze_time(transcript_at):
        cca = issue_transcript(
            actor=provider_actor(world),
            cca_id=cca.pk,
            expected_version=cca.version,
            issued_on=date(2026, 1, 20),
        )
    cca.refresh_from_db()
    return cca


@dataclass(frozen=True)
class LedgerSnapshot:
    runs: int
    entries: int
    legs: int
    accounts: int
    holds: int
    schedule: int

    @classmethod
    def take(cls) -> LedgerSnapshot:
        return cls(
            PaymentRun.objects.count(),
            Entry.objects.count(),
            Leg.objects.count(),
            Account.objects.count(),
            PaymentHold.objects.count(),
            MspRun.objects.count(),
        )


def net_paid(cca_id: int, half: str | None = None) -> Decimal:
    rows = Entry.objects.filter(cca_id=cca_id)
    if half:
        rows = rows.filter(half=half)
    return rows.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


def ledger_balances() -> bool:
    total = sum(Leg.objects.values_list("amount", flat=True), Decimal(0))  # exact Decimals
    per_entry = Leg.objects.values("entry_id").annotate(s=Sum("amount")).exclude(s=0)
    return total == 0 and not per_entry.exists()
