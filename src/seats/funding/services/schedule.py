"""The Minimum School Program schedule, loaded by the state per school year (data)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import transaction

from seats.core.services.actors import Actor
from seats.domain.errors import InvalidInput
from seats.domain.funding.months import Month, Schedule

from ..models import MspRun, PaymentRun
from .authority import check_state


def schedule_for(month: Month) -> Schedule:
    """The schedule of the school year ``month`` belongs to (and of the next, for July)."""
    rows = MspRun.objects.filter(school_year__in=[month.school_year, month.school_year + 1])
    return Schedule({Month.of(r.month): r.run_date for r in rows})


def load_schedule(*, actor: Actor, school_year: int, runs: Mapping[str, date]) -> list[MspRun]:
    """Record the run date of each month (``{"2026-07": date(2026, 7, 20), ...}``) of
    ``school_year``; a month already paid keeps its date."""
    check_state(actor, what="load the Minimum School Program schedule")
    parsed: dict[Month, date] = {}
    for text, run_date in runs.items():
        month = Month.parse(text)
        if month.school_year != school_year:
            raise InvalidInput(
                f"{month} is not in school year {school_year}-{(school_year + 1) % 100:02d}.",
                field="month",
            )
        if not isinstance(run_date, date) or Month.of(run_date) != month:
            raise InvalidInput(
                f"The run date of {month} must be a date in that month, not {run_date}.",
                field="run_date",
            )
        parsed[month] = run_date
    posted = set(
        PaymentRun.objects.filter(month__in=[m.first_day() for m in parsed]).values_list(
            "month", flat=True
        )
    )
    if posted:
        first = min(posted)
        raise InvalidInput(
            f"{first:%Y-%m} is already paid; its run date cannot change.", field="month"
        )
    with transaction.atomic():
        out = []
        for month, run_date in sorted(parsed.items()):
            row, _ = MspRun.objects.update_or_create(
                month=month.first_day(),
                defaults={
                    "school_year": school_year,
                    "run_date": run_date,
                    "loaded_by": actor.user,
                },
            )
            out.append(row)
    return out
