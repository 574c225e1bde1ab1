"""Home and hospital (004 D.4.b): at least 120 minutes (``weekly_minutes``) of direct
instructional contact with a licensed educator each week.

Interpretation (docs/membership.md): a week is Monday-Sunday; the requirement applies in full to
every week with at least one school day of the enrollment (a week with a holiday still needs
120 minutes: the policy names no proration), and a week without school days (a break) needs
nothing. The school days of a week that met the minutes are in membership; a week not yet over
is counted provisionally (its minutes may still come).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ..calendars import SchoolCalendar
from .rules import MembershipRules
from .tenday import Span, enrolled_school_days


@dataclass(frozen=True)
class Week:
    monday: date
    school_days: tuple[date, ...]
    minutes: int
    required: int
    finished: bool  # the week's Sunday is on or before the day asked about

    @property
    def met(self) -> bool:
        return self.minutes >= self.required

    @property
    def counts(self) -> bool:
        return self.met or not self.finished


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks(
    calendar: SchoolCalendar,
    span: Span,
    sessions: Iterable[tuple[date, int]],
    rules: MembershipRules,
    *,
    through: date,
) -> list[Week]:
    """Each week with school days of the enrollment up to ``through``, with its minutes."""
    minutes: dict[date, int] = defaultdict(int)
    for day, length in sessions:
        if span.contains(day) and day <= through:
            minutes[monday_of(day)] += length
    by_week: dict[date, list[date]] = defaultdict(list)
    for day in enrolled_school_days(calendar, span, through):
        by_week[monday_of(day)].append(day)
    return [
        Week(
            monday=monday,
            school_days=tuple(days),
            minutes=minutes.get(monday, 0),
            required=rules.weekly_minutes,
            finished=monday + timedelta(days=6) <= through,
        )
        for monday, days in sorted(by_week.items())
    ]


def member_days(week_list: Iterable[Week]) -> tuple[date, ...]:
    return tuple(d for w in week_list if w.counts for d in w.school_days)
