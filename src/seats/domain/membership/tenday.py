"""The ten-day rule (004 D.3 and E.2, R277-419; SPEC 9).

A student of a program is counted in membership on each school day of the program's calendar
while enrolled, except after ``gap_days`` (10) consecutive school days with no engagement:

* School days come from the program's school calendar alone (``seats.domain.calendars``): a
  break's days, weekends and holidays are not school days, so they neither count as silence nor
  as membership. A student silent over a two-week winter break keeps membership.
* On a school day D the student is in membership when they engaged on D, or when fewer than
  ``gap_days`` school days of the enrollment before D passed since the last engagement (or since
  the entry date: a new student starts in membership). A gap of exactly 10 silent school days
  therefore loses nothing; the 11th consecutive silent school day is the first day out.
* Membership resumes on the day of the next engagement ("membership resumes with the next
  engagement"). An engagement on a day that is not a school day (a Saturday assignment) counts for
  the next school day.
* Membership days are only school days from the entry date to the exit date (the last day
  enrolled, inclusive).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..calendars import SchoolCalendar
from .rules import MembershipRules


@dataclass(frozen=True)
class Span:
    """An enrollment: ``entry`` (first day) to ``exit`` (last day enrolled, inclusive)."""

    entry: date
    exit: date | None = None

    def contains(self, day: date) -> bool:
        return self.entry <= day and (self.exit is None or day <= self.exit)


@dataclass(frozen=True)
class Gap:
    """A time out of membership: the ``silent_days`` (the gap_days school days with no
    engagement that ended it), the school days out, and the engagement that ended it."""

    silent_days: tuple[date, ...]
    out_days: tuple[date, ...]
    returned_on: date | None  # the school day membership resumed (None: still out)

    @property
    def left_on(self) -> date:
        """The first school day not in membership (the SIS exit date of the adjustment)."""
        return self.out_days[0]

    @property
    def started_on(self) -> date:
        """The first silent school day: the gap's identity (one warning per gap)."""
        return self.silent_days[0]


@dataclass(frozen=True)
class Membership:
    school_days: tuple[date, ...]  # school days of the enrollment up to ``through``
    member_days: tuple[date, ...]
    gaps: tuple[Gap, ...]
    engaged_days: frozenset[date]  # school days credited with engagement
    streak: int  # consecutive silent school days ending on ``through`` (0: engaged last day)
    streak_started: date | None  # first school day of that streak

    @property
    def days(self) -> int:
        return len(self.member_days)

    def in_membership(self, day: date) -> bool:
        i = bisect.bisect_left(self.member_days, day)
        return i < len(self.member_days) and self.member_days[i] == day

    def gap_on(self, day: date) -> Gap | None:
        for gap in self.gaps:
            if gap.out_days[0] <= day and (gap.returned_on is None or day < gap.returned_on):
                return gap
        return None


def enrolled_school_days(calendar: SchoolCalendar, span: Span, through: date) -> tuple[date, ...]:
    """The calendar's school days from the entry date to the exit date and ``through``."""
    last = through if span.exit is None else min(through, span.exit)
    lo = bisect.bisect_left(calendar.days, span.entry)
    hi = bisect.bisect_right(calendar.days, last)
    return calendar.days[lo:hi]


_DAY_SETS: dict[int, tuple[tuple[date, ...], frozenset[date]]] = {}


def _day_set(calendar: SchoolCalendar) -> frozenset[date]:
    """The calendar's days as a set, kept per calendar (thousands of enrollments share one)."""
    key = id(calendar.days)
    found = _DAY_SETS.get(key)
    if found is None or found[0] is not calendar.days:
        if len(_DAY_SETS) > 256:
            _DAY_SETS.clear()
        found = (calendar.days, frozenset(calendar.days))
        _DAY_SETS[key] = found
    return found[1]


def credited_days(
    calendar: SchoolCalendar, span: Span, events: Iterable[date], through: date
) -> frozenset[date]:
    """The school day each engagement counts for: its own day, or the next school day."""
    days = calendar.days
    school = _day_set(calendar)
    last = through if span.exit is None else min(through, span.exit)
    out: set[date] = set()
    for event in events:
        if event < span.entry or event > last:
            continue
        if event in school:  # the usual case: evidence on a school day
            out.add(event)
            continue
        i = bisect.bisect_left(days, event)
        if i < len(days) and days[i] <= through and span.contains(days[i]):
            out.add(days[i])
    return frozenset(out)


def membership(
    calendar: SchoolCalendar,
    span: Span,
    events: Iterable[date],
    rules: MembershipRules,
    *,
    through: date,
) -> Membership:
    """Membership days and gaps of one enrollment from its entry date up to ``through``."""
    school_days = enrolled_school_days(calendar, span, through)
    engaged = credited_days(calendar, span, events, through)
    limit = rules.gap_days
    members: list[date] = []
    gaps: list[Gap] = []
    silent = 0  # silent school days before the current day
    out: list[date] = []
    silent_run: tuple[date, ...] = ()
    for i, day in enumerate(school_days):
        if day in engaged:
            if out:
                gaps.append(Gap(silent_run, tuple(out), day))
                out = []
            members.append(day)
            silent = 0
            continue
        if silent < limit:
            members.append(day)
        else:
            if not out:
                silent_run = school_days[i - limit : i]
            out.append(day)
        silent += 1
    if out:
        gaps.append(Gap(silent_run, tuple(out), None))
    started = school_days[len(school_days) - silent] if silent else None
    return Membership(
        school_days=school_days,
        member_days=tuple(members),
        gaps=tuple(gaps),
        engaged_days=engaged,
        streak=silent,
        streak_started=started,
    )


def silent_streak(
    calendar: SchoolCalendar, span: Span, events: Iterable[date], day: date
) -> tuple[int, date | None]:
    """Consecutive school days with no engagement ending on ``day`` (``day`` included when it
    is a school day without engagement yet), and the first of them. Roster and warnings."""
    school_days = enrolled_school_days(calendar, span, day)
    engaged = credited_days(calendar, span, events, day)
    count = 0
    for d in reversed(school_days):
        if d in engaged:
            break
        count += 1
    return count, (school_days[len(school_days) - count] if count else None)


def warning_due(streak: int, rules: MembershipRules) -> bool:
    """The warning is due from ``warning_days`` silent school days until the student is out
    (a streak above gap_days means the student already left membership)."""
    return rules.warning_days <= streak <= rules.gap_days
