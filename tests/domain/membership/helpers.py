"""Fixed calendars for the membership rules' tests."""

from __future__ import annotations

from datetime import date, timedelta

from seats.domain.calendars import SchoolCalendar
from seats.domain.membership.rules import MembershipRules

RULES = MembershipRules()
#: Winter break: two full weeks with no school days (Dec 21, 2026 - Jan 1, 2027).
BREAK = {date(2026, 12, 21) + timedelta(days=i) for i in range(12)}
LABOR_DAY = date(2026, 9, 7)


def weekdays(first: date, last: date, skip: set[date] = frozenset()) -> list[date]:
    out, day = [], first
    while day <= last:
        if day.weekday() < 5 and day not in skip:
            out.append(day)
        day += timedelta(days=1)
    return out


#: Mon 2026-08-17 .. Fri 2027-05-28, minus Labor Day and the winter break.
CALENDAR = SchoolCalendar.of(
    "Test program calendar", weekdays(date(2026, 8, 17), date(2027, 5, 28), BREAK | {LABOR_DAY})
)


def nth(n: int, start: date = date(2026, 8, 17)) -> date:
    """The n-th school day (1-based) counted from ``start`` inclusive."""
    days = [d for d in CALENDAR.days if d >= start]
    return days[n - 1]
