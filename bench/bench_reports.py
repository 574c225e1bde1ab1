"""Reports at state scale (issue 11): completion rates for every provider and course of a school
year (goal < 2 s), and one provider's annual report, staff edition, built and rendered as a PDF
(goal < 3 s). Read-only. The PDF library is imported before the clock starts, as a running web
server has it; the fonts are still loaded for each PDF.

Run alone: DATABASE_URL=postgres://postgres@127.0.0.1:5432/seats_bench \
    DJANGO_SETTINGS_MODULE=seats.settings.development .venv/bin/python bench/bench_reports.py
"""

from __future__ import annotations

import time
from datetime import date

RATES_GOAL_S, REPORT_GOAL_S = 2.0, 3.0


def rows(as_of: date) -> list[tuple[str, str, str, str]]:
    from django.db.models import Count

    from seats.core.models import CCA, Organisation
    from seats.core.selectors.access import Viewer
    from seats.domain.calendars import school_year_of
    from seats.domain.roles import Role
    from seats.reports.selectors.annual import annual_report
    from seats.reports.selectors.completion import every_course_rates, provider_rates
    from seats.web.reports.output import pdf_bytes

    state = Organisation.objects.filter(kind="state").first()
    if state is None or not CCA.objects.exists():
        return [("completion rates", "skipped: no CCAs loaded", f"< {RATES_GOAL_S:g} s", "skipped")]
    year = school_year_of(as_of) - 1  # the last full school year: every closeout is in
    viewer = Viewer(user=None, role=Role.STATE_ADMIN, organisation=state)  # type: ignore[arg-type]

    started = time.monotonic()
    providers = provider_rates(viewer, year)
    courses = sum(len(c) for c in every_course_rates(viewer, year).values())
    rates_s = time.monotonic() - started
    counted = sum(p.rates.timely.counted for p in providers)

    biggest = (
        CCA.objects.filter(school_year=year)
        .values("provider_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    provider = Organisation.objects.get(pk=biggest["provider_id"])
    import fpdf  # noqa: F401  (a web server has imported the PDF library: time the work only)

    from seats.web.documents import printable

    printable("")
    started = time.monotonic()
    report = annual_report(provider, year, public=False)
    pdf = pdf_bytes(report)
    report_s = time.monotonic() - started
    return [
        (
            f"Completion rates, SY{year}: {len(providers)} providers and {courses:,} courses "
            f"({counted:,} counted CCAs), state viewer",
            f"{rates_s:.2f} s",
            f"< {RATES_GOAL_S:g} s",
            "pass" if rates_s < RATES_GOAL_S else "FAIL",
        ),
        (
            f"Annual report of the largest provider, SY{year} ({biggest['n']:,} CCAs), "
            f"staff edition with PDF ({len(pdf) // 1024} KB)",
            f"{report_s:.2f} s",
            f"< {REPORT_GOAL_S:g} s",
            "pass" if report_s < REPORT_GOAL_S else "FAIL",
        ),
    ]


if __name__ == "__main__":
    import django

    django.setup()
    for row in rows(date(2026, 2, 18)):
        print(" | ".join(row))
