"""Documenting continued enrollment (004 E.3): each student's status is checked and recorded at
least once every ``check_days`` (10) consecutive school days of the program's calendar.

The first check is due on the 10th school day of the enrollment (the entry day counts when it is a
school day); each later one on the 10th school day after the previous check. A check is overdue
on the school days after its due day while the student is enrolled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..calendars import CalendarExhausted, SchoolCalendar
from .rules import MembershipRules
from .tenday import Span


@dataclass(frozen=True)
class CheckStatus:
    due_on: date | None  # None: the calendar is not loaded that far
    overdue: bool
    school_days_late: int


def check_status(
    calendar: SchoolCalendar,
    span: Span,
    last_check: date | None,
    rules: MembershipRules,
    *,
    as_of: date,
) -> CheckStatus:
    anchor = last_check if last_check is not None else span.entry - timedelta(days=1)
    try:
        due = calendar.add_school_days(anchor, rules.check_days)
    except CalendarExhausted:
        return CheckStatus(None, False, 0)
    end = as_of if span.exit is None else min(as_of, span.exit)
    late = calendar.school_days_between(due, end) if end > due else 0
    return CheckStatus(due, late > 0, late)
