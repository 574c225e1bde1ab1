"""The demo's funding (issue 10): an MSP schedule for three school years, a fee table for the
past and the current year (the current one rolled forward by the WPU increase), the home and
private school appropriation of three years, and two posted
runs for the last months, with a hold, a reversal and deferrals after the 9th among them.

At state scale only the schedule and the fee tables are loaded: posting runs over a million
CCAs belongs to the benchmark, not to the demo's load time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from seats.core.models import CCA, HOME_LEA_CODE
from seats.core.services.actors import Actor
from seats.domain.funding.holds import HoldReason, HoldScope
from seats.domain.funding.months import Month
from seats.domain.policy import DEFAULT_FEES
from seats.funding.models import Entry
from seats.funding.services.appropriation import set_appropriation
from seats.funding.services.fees import roll_forward_fees, set_fee_table
from seats.funding.services.holds import set_hold
from seats.funding.services.runs import cutoff_for, post_run
from seats.funding.services.schedule import load_schedule

WPU_INCREASE = "4.0%"
MAX_CCAS_FOR_RUNS = 50_000


def _schedule(year: int) -> dict[str, date]:
    runs = {}
    for offset in range(12):
        month = Month(year, 7)
        for _ in range(offset):
            month = month.next()
        run = date(month.year, month.month, 20)
        while run.weekday() >= 5:  # a transfer on a weekday
            run -= timedelta(days=1)
        runs[str(month)] = run
    return runs


def build_funding(*, as_of: date) -> dict[str, int]:
    system = Actor.system()
    year = as_of.year if as_of.month >= 7 else as_of.year - 1
    for y in (year - 1, year, year + 1):
        load_schedule(actor=system, school_year=y, runs=_schedule(y))
    set_fee_table(
        actor=system,
        school_year=year - 1,
        values={f"fee_tier_{t.value}": str(v) for t, v in DEFAULT_FEES.items()},
        effective_on=date(year - 1, 7, 1),
        reason="Demo: the past year's fee table",
    )
    roll_forward_fees(
        actor=system,
        from_year=year - 1,
        to_year=year,
        wpu_increase=WPU_INCREASE,
        effective_on=date(year - 1, 7, 1),
        save=True,
    )
    _appropriations(year, system)
    if CCA.objects.count() > MAX_CCAS_FOR_RUNS:
        return {"payment runs": 0}
    return {"payment runs": _post_runs(as_of, system)}


def _appropriations(year: int, system: Actor) -> None:
    """The home and private school appropriation of each year: twice what the year's
    home-school CCAs cost, so the state's decisions on HOME requests have a balance to show."""
    fees = {t.value: v for t, v in DEFAULT_FEES.items()}
    for y in (year - 1, year, year + 1):
        rows = CCA.objects.filter(primary_lea__code=HOME_LEA_CODE, school_year=y).values_list(
            "offering__tier", "credit_attempted"
        )
        demand = sum((fees[tier] * credit for tier, credit in rows), Decimal(0))
        amount = max(Decimal("50000.00"), (demand * 2).quantize(Decimal("1000")))
        set_appropriation(
            actor=system, school_year=y, amount=str(amount), note="Demo appropriation"
        )


def _post_runs(as_of: date, system: Actor) -> int:
    tz = ZoneInfo(settings.TIME_ZONE)
    now = datetime.combine(as_of, time(18), tz)
    latest = Month.of(as_of)
    if now < cutoff_for(latest).moment(latest):
        latest = Month.of(latest.first_day() - timedelta(days=1))
    earlier = Month.of(latest.first_day() - timedelta(days=1))
    first_now = cutoff_for(earlier).moment(earlier) + timedelta(days=1)
    confirmed = list(
        CCA.objects.filter(status="confirmed", confirmation_date__lt=earlier.first_day())
        .order_by("pk")
        .values_list("pk", flat=True)[:2]
    )
    if len(confirmed) == 2:  # one held back for records, one paid and then found fraudulent
        set_hold(
            actor=system,
            scope=HoldScope.CCA,
            target_id=confirmed[0],
            reason=HoldReason.RECORDS_REQUEST,
            note="Demo: attendance records requested",
            now=first_now - timedelta(hours=1),
        )
    post_run(actor=system, month=earlier, now=first_now)
    if len(confirmed) == 2 and Entry.objects.filter(cca_id=confirmed[1]).exists():
        set_hold(
            actor=system,
            scope=HoldScope.CCA,
            target_id=confirmed[1],
            reason=HoldReason.FRAUD,
            note="Demo: enrollment information found to be false",
            now=first_now + timedelta(hours=1),
        )
    post_run(actor=system, month=latest, now=now)
    return 2
