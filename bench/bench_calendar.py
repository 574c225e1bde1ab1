"""A school calendar loaded late, at state scale (issue 15): the provider with the most open
CCAs corrects its
calendar for the current school year after its courses started, and every one of its CCAs not
yet final is recomputed (withdrawal periods, Days of Census, confirmation due dates, second
windows, overdue flags) with one correction entry per CCA that moved. Goal < 10 s.

The corrected calendar is the provider's calendar of the year with the week after the most
common course start closed, so a large share of the CCAs move. It runs inside one transaction
that is rolled back, so the shared benchmark database is left as it was.

Run alone (from the checkout):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seats_bench \\
    DJANGO_SETTINGS_MODULE=seats.settings.development .venv/bin/python bench/bench_calendar.py
"""

from __future__ import annotations

import datetime
import sys
import time

GOAL_S = 10.0


def rows(as_of: datetime.date) -> list[tuple[str, str, str, str]]:
    from django.db import transaction
    from django.db.models import Count

    from seats.core.models import CCA, Organisation
    from seats.core.services.calendars import import_calendar
    from seats.domain.calendars import school_year_of
    from seats.domain.statuses import OPEN

    year = school_year_of(as_of)
    largest = (  # the provider with the most CCAs a calendar change can move
        CCA.objects.filter(school_year=year, status__in=[s.value for s in OPEN])
        .values("provider_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if largest is None:
        return [("calendar recompute", "skipped: no CCAs", f"< {GOAL_S:g} s", "skipped")]
    provider = Organisation.objects.get(pk=largest["provider_id"])
    data = _corrected_calendar(provider, year)
    with transaction.atomic():
        started = time.perf_counter()
        record = import_calendar(
            organisation_code=provider.code, file_name="corrected.csv", data=data
        )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    checked = record.recompute.get("checked", 0)
    name = f"calendar corrected after census: {provider.code}'s {checked:,} open CCAs recomputed"
    figure = f"{seconds:.2f} s ({record.ccas_changed:,} changed)"
    return [(name, figure, f"< {GOAL_S:g} s", "pass" if seconds < GOAL_S else "FAIL")]


def _corrected_calendar(provider: object, year: int) -> bytes:
    """The provider's school days of ``year`` with the week after its most common course
    start closed (a late-announced break)."""
    from django.db.models import Count

    from seats.core.models import CCA
    from seats.core.services.calendars import school_calendar_for
    from seats.domain.calendars import school_year_bounds

    first, last = school_year_bounds(year)
    calendar = school_calendar_for(provider, around=first)  # type: ignore[arg-type]
    common = (
        CCA.objects.filter(provider=provider, school_year=year, course_start_date__isnull=False)
        .values("course_start_date")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    start = common["course_start_date"] if common else first
    closed = (start + datetime.timedelta(days=7), start + datetime.timedelta(days=11))
    days = [d for d in calendar.days if first <= d <= last and not closed[0] <= d <= closed[1]]
    return ("date\n" + "\n".join(d.isoformat() for d in days) + "\n").encode()


if __name__ == "__main__":
    import django

    django.setup()
    day = (
        datetime.date.fromisoformat(sys.argv[1])
        if len(sys.argv) > 1
        else datetime.date(2026, 2, 18)
    )
    for row in rows(day):
        print("  ".join(row))
