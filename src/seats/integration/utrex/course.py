"""The SEATS side of the check as plain values: one CCA as the rules compare it, the provider's
calendar window, and the credit UTREx must show. No Django here (``index.py`` fetches them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from seats.domain.statuses import PAID_THROUGH_CONFIRMED, STATUS_INFO, TERMINAL, Credit, Status

ZERO = Decimal(0)
#: The CCAs that must appear in UTREx: Confirmed and everything after it on the payment path.
EXPECTED_STATUSES = frozenset(s.value for s in PAID_THROUGH_CONFIRMED)
OPEN_STATUSES = frozenset(s.value for s in PAID_THROUGH_CONFIRMED - TERMINAL)


@dataclass(slots=True)
class SeatsCourse:
    """What SEATS knows of one CCA, as the rules compare it. Read-only by convention (not
    frozen: half a million are built per check, and a frozen dataclass builds twice as slowly)."""

    cca_id: int
    provider_id: int
    ssid: str
    core_code: str
    usbe_title: str
    school_year: int
    session: str
    status: str
    credit_attempted: Decimal
    credit_earned: Decimal | None
    closed_on: date | None  # completion date, else the day of the last status change
    confirmation_date: date | None
    course_start: date | None = None


@dataclass(frozen=True, slots=True)
class Window:
    """The provider's school calendar for one school year: first and last school day."""

    first: date
    last: date
    calendar: str


#: Closeouts that award credit (all, or the .25 of a half-credit course); Late Pass comes after
#: June 30 by definition, so it never counts here.
_CREDIT_BY_JUNE_30 = frozenset(
    s.value
    for s in TERMINAL
    if STATUS_INFO[s].credit in (Credit.ALL, Credit.QUARTER) and s is not Status.LATE_PASS
)


def credit_passed_by_june_30(course: SeatsCourse) -> Decimal:
    """Credit earned as UTREx must show it: credit completed with a passing grade (or the .25 a
    closeout awards) by June 30 of the school year. A Late Pass, an Anticipated Late Pass and an
    open course count 0 (their credit arrives after June 30 or not yet)."""
    if course.status not in _CREDIT_BY_JUNE_30:
        return ZERO
    if course.closed_on is not None and course.closed_on > date(course.school_year + 1, 6, 30):
        return ZERO
    if course.credit_earned is not None:
        return course.credit_earned
    full = STATUS_INFO[Status(course.status)].credit is Credit.ALL
    return course.credit_attempted if full else Decimal("0.25")
