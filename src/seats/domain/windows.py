"""Withdrawal windows (R277-726-2(19)) and the school year a course's session belongs to.

A student may withdraw without consequence within 20 school days of the course start (or of
enrolling, when that is later) and, in a 1.0-credit course, again within 20 school days after the
second 0.5 credit starts. Each window has its own Day of Census and a last day on which the
provider may still record a withdrawal dated inside it (its confirmation deadline). The
functions here are plain arithmetic on dates and a school calendar; the deadlines module names
and explains the dates, the guards check a dated withdrawal against them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .calendars import SchoolCalendar, school_year_bounds
from .policy import MonthDay

FULL_CREDIT = Decimal("1.0")


@dataclass(frozen=True, slots=True)
class WithdrawalWindow:
    """One window: a withdrawal dated ``opens`` .. ``closes`` (inclusive) is "within the first
    20 school days"; the provider may record it until ``record_by``."""

    name: str  # "first" or "second"
    opens: date
    closes: date
    census: date
    record_by: date

    def contains(self, day: date) -> bool:
        return self.opens <= day <= self.closes

    def describe(self) -> str:
        return (
            f"the {self.name} withdrawal window ({self.opens.isoformat()} to "
            f"{self.closes.isoformat()}, recorded by {self.record_by.isoformat()})"
        )


def has_second_half(credit_attempted: Decimal | float | str) -> bool:
    """Only a 1.0-credit course has a second 0.5 credit (and so a second window)."""
    return Decimal(str(credit_attempted)) == FULL_CREDIT


def derive_second_half_start(
    course_start: date, calendar: SchoolCalendar, *, school_days: int, school_year: int
) -> date | None:
    """When the second 0.5 credit starts if the provider has not entered it.

    ``school_days`` is the state's term-structure policy: N > 0 means the N-th school day after
    the course start; 0 means halfway through the school days left in the school year on the
    provider's calendar (a year-long course split at its middle). None when the calendar has no
    school days after the start in that school year (the provider must enter the date).
    """
    _, year_end = school_year_bounds(school_year)
    remaining = [d for d in calendar.days if course_start < d <= year_end]
    if not remaining:
        return None
    if school_days > 0:
        return remaining[school_days] if school_days < len(remaining) else None
    return remaining[len(remaining) // 2]


def course_school_year(start: date, *, summer_start: MonthDay) -> int:
    """The school year a course starting on ``start`` belongs to (SPEC 3).

    The school year runs July 1 - June 30, but summer courses count in the provider's upcoming
    school year: a course starting on or after the summer start (June 1 by default) belongs to the
    school year that begins on the next July 1.
    """
    if start.month >= 7:
        return start.year
    if (start.month, start.day) >= (summer_start.month, summer_start.day):
        return start.year
    return start.year - 1


def earliest_start(school_year: int, *, summer_start: MonthDay) -> date:
    """The first day a course of ``school_year`` may start: its summer session's first day."""
    return date(school_year, summer_start.month, summer_start.day)
