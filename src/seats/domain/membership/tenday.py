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
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import repeat

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
    engaged_at: tuple[int, ...]  # positions in ``school_days`` credited with engagement
    gaps: tuple[Gap, ...]
    days: int  # membership days
    streak: int  # consecutive silent school days ending on ``through`` (0: engaged last day)
    streak_started: date | None  # first school day of that streak

    @cached_property
    def member_days(self) -> tuple[date, ...]:
        out = {d for gap in self.gaps for d in gap.out_days}
        return tuple(d for d in self.school_days if d not in out)

    @cached_property
    def engaged_days(self) -> frozenset[date]:
        """School days credited with engagement."""
        return frozenset(self.school_days[i] for i in self.engaged_at)

    def in_membership(self, day: date) -> bool:
        i = bisect.bisect_left(self.school_days, day)
        if i == len(self.school_days) or self.school_days[i] != day:
            return False
        return self.gap_on(day) is None

    def gap_on(self, day: date) -> Gap | None:
        for gap in self.gaps:
            if gap.out_days[0] <= day and (gap.returned_on is None or day < gap.returned_on):
                return gap
        return None


def enrolled_school_days(calendar: SchoolCalendar, span: Span, through: date) -> tuple[date, ...]:
    """The calendar's school days from the entry date to the exit date and ``through``."""
    lo, hi = _bounds(calendar, span, through)
    return calendar.days[lo:hi]


def _bounds(calendar: SchoolCalendar, span: Span, through: date) -> tuple[int, int]:
    last = through if span.exit is None else min(through, span.exit)
    lo = bisect.bisect_left(calendar.days, span.entry)
    return lo, max(lo, bisect.bisect_right(calendar.days, last))


class _Credit:
    """Per calendar: for every date (as an ordinal) from the first to the last school day, the
    index of the school day an engagement on it counts for (its own day or the next school
    day). Kept per calendar: thousands of enrollments share one."""

    def __init__(self, days: tuple[date, ...]) -> None:
        self.days = days
        self.first = days[0].toordinal() if days else 0
        self.last = days[-1].toordinal() if days else -1
        self.table: dict[int, int] = {}
        i = 0
        for ordinal in range(self.first, self.last + 1):
            if days[i].toordinal() < ordinal:
                i += 1
            self.table[ordinal] = i

    def index(self, ordinal: int) -> int:
        if ordinal < self.first:
            return 0
        if ordinal > self.last:
            return len(self.days)
        return self.table[ordinal]


_CREDITS: dict[int, _Credit] = {}


def _credit(calendar: SchoolCalendar) -> _Credit:
    found = _CREDITS.get(id(calendar.days))
    if found is None or found.days is not calendar.days:
        if len(_CREDITS) > 256:
            _CREDITS.clear()
        found = _CREDITS[id(calendar.days)] = _Credit(calendar.days)
    return found


def _positions(
    calendar: SchoolCalendar, span: Span, ordinals: Iterable[int], through: date, lo: int, hi: int
) -> list[int]:
    """The positions (from ``lo``, ascending) of the school days credited with engagement: an
    event from the entry date to the exit date (and ``through``) counts for its own day or the
    next school day, if that day is still in the enrollment (before ``hi``)."""
    last = through if span.exit is None else min(through, span.exit)
    found = sorted(set(ordinals))
    a = bisect.bisect_left(found, span.entry.toordinal())
    b = bisect.bisect_right(found, last.toordinal())
    if a or b < len(found):
        found = found[a:b]
    if not found:
        return []
    credit = _credit(calendar)
    if credit.first <= found[0] and found[-1] <= credit.last:  # the usual case: all in C
        credited = map(credit.table.__getitem__, found)
    else:
        credited = map(credit.index, found)
    at = list(dict.fromkeys(credited))  # ascending (the credit is monotonic), distinct
    return list(map(operator.sub, at[: bisect.bisect_left(at, hi)], repeat(lo)))


def membership(
    calendar: SchoolCalendar,
    span: Span,
    events: Iterable[date],
    rules: MembershipRules,
    *,
    through: date,
) -> Membership:
    """Membership days and gaps of one enrollment from its entry date up to ``through``."""
    return membership_of(calendar, span, [d.toordinal() for d in events], rules, through=through)


def membership_of(
    calendar: SchoolCalendar,
    span: Span,
    ordinals: Iterable[int],
    rules: MembershipRules,
    *,
    through: date,
) -> Membership:
    """``membership`` with the engagement days given as ordinals (``date.toordinal()``): the
    form a year's report reads for thousands of students at once.

    Counted run by run, not day by day: every run of silent school days (from the entry date,
    or after an engagement) of length L keeps min(L, gap_days) days in membership; a run longer
    than gap_days is a gap: its first gap_days days are the silent days that ended membership,
    the rest are out, and the engagement after it (if any) is the return."""
    lo, hi = _bounds(calendar, span, through)
    school_days = calendar.days[lo:hi]
    n = hi - lo
    engaged = _positions(calendar, span, ordinals, through, lo, hi)
    limit = rules.gap_days
    days = len(engaged)
    gaps: list[Gap] = []
    start = 0  # first school day of the current silent run
    for p in (*engaged, n):
        length = p - start
        if length > limit:
            gaps.append(
                Gap(
                    school_days[start : start + limit],
                    school_days[start + limit : p],
                    school_days[p] if p < n else None,
                )
            )
            days += limit
        else:
            days += length
        start = p + 1
    streak = n - engaged[-1] - 1 if engaged else n
    return Membership(
        school_days=school_days,
        engaged_at=tuple(engaged),
        gaps=tuple(gaps),
        days=days,
        streak=streak,
        streak_started=school_days[n - streak] if streak else None,
    )


def silent_streak(
    calendar: SchoolCalendar, span: Span, events: Iterable[date], day: date
) -> tuple[int, date | None]:
    """Consecutive school days with no engagement ending on ``day`` (``day`` included when it
    is a school day without engagement yet), and the first of them. Roster and warnings."""
    lo, hi = _bounds(calendar, span, day)
    engaged = _positions(calendar, span, [d.toordinal() for d in events], day, lo, hi)
    n = hi - lo
    count = n - engaged[-1] - 1 if engaged else n
    return count, (calendar.days[hi - count] if count else None)


def warning_due(streak: int, rules: MembershipRules) -> bool:
    """The warning is due from ``warning_days`` silent school days until the student is out
    (a streak above gap_days means the student already left membership)."""
    return rules.warning_days <= streak <= rules.gap_days
