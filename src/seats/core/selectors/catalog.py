"""What the course catalog shows beside each course (issue 9): the seats left in each session
and the session's dates, read for a whole page of courses at once (one grouped count, never a
query per course)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from seats.domain.calendars import default_school_days
from seats.domain.catalog import Session, seats_left, session_dates, sessions_of
from seats.domain.statuses import COUNTS_TOWARD_CREDIT_LIMIT

from ..models import CCA, CourseOffering
from ..services.calendars import business_calendar

#: The requests that hold a seat: the same statuses the eligibility check counts.
_HOLDING = [s.value for s in COUNTS_TOWARD_CREDIT_LIMIT]


@dataclass(frozen=True)
class SessionRow:
    """One session of a course: its dates on the state's calendar and the seats left (None:
    no limit)."""

    session: Session
    first_day: date | None
    last_day: date | None
    seats_left: int | None


def session_rows(
    offerings: Sequence[CourseOffering], school_year: int
) -> dict[int, list[SessionRow]]:
    """For each offering (by pk), its sessions of ``school_year`` in order."""
    ids = [o.pk for o in offerings]
    taken: dict[tuple[int, str], int] = {}
    if any(o.capacity is not None for o in offerings):
        counts = (
            CCA.objects.filter(offering_id__in=ids, school_year=school_year, status__in=_HOLDING)
            .values("offering_id", "session")
            .annotate(n=Count("pk"))
            .order_by()
        )
        taken = {(row["offering_id"], row["session"]): row["n"] for row in counts}
    days = default_school_days(school_year, business_calendar())
    dates = {s: session_dates(s, days) for s in Session}
    out: dict[int, list[SessionRow]] = {}
    for o in offerings:
        out[o.pk] = [
            SessionRow(
                session=s,
                first_day=dates[s][0] if dates[s] else None,
                last_day=dates[s][1] if dates[s] else None,
                seats_left=seats_left(o.capacity, taken.get((o.pk, s.value), 0)),
            )
            for s in sessions_of(o.term_type)
        ]
    return out
