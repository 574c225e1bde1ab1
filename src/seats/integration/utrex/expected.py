"""The UTREx course records SEATS expects: one SOEP record per Confirmed (or later) CCA, written
as the rules want it. A provider can load it into its SIS as a template; the tests and the
benchmark use it to build extracts that check clean (and then spoil some of them on purpose).

Entry and exit dates are the course start and the closeout day, moved inside the provider's
school calendar for the year (a course that started in the summer enters on the calendar's first
day; a Late Pass exits on its last).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from seats.core.models import Organisation
from seats.core.selectors.access import Viewer

from .check import Check
from .rules import OPEN_STATUSES, SeatsCourse, Window, credit_passed_by_june_30


def _clamp(day: date, window: Window) -> date:
    return min(max(day, window.first), window.last)


def expected_record(course: SeatsCourse, window: Window) -> dict[str, str]:
    entry = _clamp(course.course_start or window.first, window)
    exit_date = ""
    if course.status not in OPEN_STATUSES:
        exit_date = max(_clamp(course.closed_on or window.last, window), entry).isoformat()
    return {
        "ssid": course.ssid,
        "core_code": course.core_code,
        "course_title": course.usbe_title,
        "school_of_record": "N",
        "instructional_setting": "OP",
        "entry_date": entry.isoformat(),
        "exit_date": exit_date,
        "term": course.session,
        "school_year": str(course.school_year + 1),
        "credit_attempted": format(course.credit_attempted.normalize(), "f"),
        "credit_earned": format(credit_passed_by_june_30(course).normalize(), "f"),
        "membership_days": "0",
        "enrollment_validation_type": "L",
    }


def expected_records(
    viewer: Viewer, *, school_year: int, provider: Organisation | None = None
) -> Iterator[dict[str, str]]:
    """Every expected record of ``school_year`` the viewer may see, as extract-column mappings."""
    check = Check(viewer, as_of=date.max, provider=provider, emit=lambda _finding: None)
    for course in check.load_year(school_year).courses():
        yield expected_record(course, check.window_for(course))
