""" "Why is this student (not) in membership on date D?" (SPEC 9), answered with the rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..calendars import SchoolCalendar
from .eligibility import Problem
from .homehospital import Week, monday_of
from .rules import HOME_HOSPITAL_RULE, TEN_DAY_RULE, MembershipRules
from .tenday import Membership, Span


@dataclass(frozen=True)
class Answer:
    in_membership: bool
    reasons: tuple[str, ...]
    rules: tuple[str, ...]
    silent_days: tuple[date, ...] = ()  # the school days of the gap, when that is the reason


def _dates(days: Sequence[date]) -> str:
    return ", ".join(d.isoformat() for d in days)


def why(
    day: date,
    *,
    calendar: SchoolCalendar,
    span: Span,
    result: Membership,
    problems: Sequence[Problem],
    rules: MembershipRules,
    weeks: Sequence[Week] | None = None,
) -> Answer:
    """The answer for ``day``; ``result`` must have been computed through ``day`` or later."""
    if problems:
        return Answer(False, tuple(p.text for p in problems), tuple(p.rule for p in problems))
    if day < span.entry:
        return Answer(False, (f"The enrollment begins on {span.entry.isoformat()}.",), ())
    if span.exit is not None and day > span.exit:
        return Answer(False, (f"The student left the program on {span.exit.isoformat()}.",), ())
    if not calendar.is_school_day(day):
        return Answer(
            False,
            (f"{day.isoformat()} is not a school day of the calendar '{calendar.name}'.",),
            ("SPEC 9: school days come from the program's school calendar",),
        )
    if weeks is not None:
        week = next((w for w in weeks if w.monday == monday_of(day)), None)
        if week is not None and not week.counts:
            return Answer(
                False,
                (
                    f"The week of {week.monday.isoformat()} had {week.minutes} minutes of direct "
                    f"instruction; at least {week.required} are required.",
                ),
                (HOME_HOSPITAL_RULE,),
            )
        minutes = week.minutes if week else 0
        return Answer(
            True,
            (f"The week of {monday_of(day).isoformat()} has {minutes} minutes of instruction.",),
            (HOME_HOSPITAL_RULE,),
        )
    gap = result.gap_on(day)
    if gap is not None:
        back = (
            f" Membership resumed on {gap.returned_on.isoformat()}."
            if gap.returned_on
            else " No engagement since."
        )
        return Answer(
            False,
            (
                f"No engagement on the {rules.gap_days} consecutive school days "
                f"{_dates(gap.silent_days)}; out of membership from {gap.left_on.isoformat()}."
                + back,
            ),
            (TEN_DAY_RULE,),
            silent_days=gap.silent_days,
        )
    if day in result.engaged_days:
        return Answer(True, (f"The student engaged on {day.isoformat()}.",), (TEN_DAY_RULE,))
    before = [d for d in result.school_days if d < day]
    last = max((d for d in result.engaged_days if d < day), default=None)
    since = len([d for d in before if last is None or d > last]) + 1
    start = f"last engagement counted on {last.isoformat()}" if last else "entry into the program"
    return Answer(
        True,
        (
            f"School day {since} without engagement since the {start}; the limit is "
            f"{rules.gap_days}.",
        ),
        (TEN_DAY_RULE,),
    )
