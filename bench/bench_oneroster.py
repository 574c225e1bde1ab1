"""OneRoster 1.2 export at state scale: the largest provider (most CCAs) exports its busiest
session (most Confirmed-or-later CCAs), validation included. Goal < 10 s. Read-only.

Run alone against the loaded benchmark database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seats_bench \\
    DJANGO_SETTINGS_MODULE=seats.settings.development .venv/bin/python bench/bench_oneroster.py
"""

from __future__ import annotations

import statistics
import time
from datetime import date

GOAL_SECONDS = 10.0
RUNS = 3


def rows(as_of: date) -> list[tuple[str, str, str, str]]:
    from django.db.models import Count

    from seats.core.models import CCA, RoleMembership
    from seats.core.selectors.access import Viewer
    from seats.domain.roles import Role
    from seats.integration.oneroster.export import (
        EXPORTED_STATUSES,
        export_oneroster,
        viewer_for,
    )

    largest = (
        CCA.objects.values("provider_id", "provider__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "provider_id")
        .first()
    )
    if largest is None:
        return [("OneRoster export (largest provider)", "no CCAs loaded", "< 10 s", "skipped")]
    code = largest["provider__code"]
    busiest = (
        CCA.objects.filter(
            provider_id=largest["provider_id"],
            status__in=[s.value for s in EXPORTED_STATUSES],
        )
        .values("school_year", "session")
        .annotate(n=Count("pk"))
        .order_by("-n", "school_year", "session")
        .first()
    )
    if busiest is None:
        return [("OneRoster export (largest provider)", "nothing confirmed", "< 10 s", "skipped")]
    staff = (
        RoleMembership.objects.filter(
            organisation_id=largest["provider_id"],
            role__in=[Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN],
        )
        .select_related("user", "organisation")
        .first()
    )
    viewer = Viewer.from_membership(staff) if staff else viewer_for(code)
    timings, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = export_oneroster(
            viewer,
            provider_code=code,
            school_year=busiest["school_year"],
            session=busiest["session"],
        )
        timings.append(time.perf_counter() - started)
    assert result is not None
    first, median = timings[0], statistics.median(timings)
    what = (
        f"OneRoster export {code} {busiest['school_year']} {busiest['session']} "
        f"({busiest['n']:,} enrollments of {largest['n']:,} CCAs; "
        f"{result.rows['users']:,} users, {len(result.data) / 1024:,.0f} KiB zip; validated)"
    )
    figure = f"{first:.2f} s first, {median:.2f} s median of {RUNS}"
    verdict = "pass" if max(timings) < GOAL_SECONDS else "FAIL"
    return [(what, figure, f"< {GOAL_SECONDS:.0f} s", verdict)]


if __name__ == "__main__":
    import django

    django.setup()
    for row in rows(date(2026, 2, 18)):
        print(" | ".join(row))
