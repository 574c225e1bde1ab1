"""Membership of many enrollments at once: one query for events, one per calendar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from seats.core.services.memo import reference_data_memoized
from seats.domain.calendars import school_year_bounds, school_year_of
from seats.domain.membership import homehospital
from seats.domain.membership.eligibility import Problem, problems
from seats.domain.membership.homehospital import Week
from seats.domain.membership.kinds import ProgramKind
from seats.domain.membership.rules import MembershipRules
from seats.domain.membership.tenday import Gap, Membership, Span, membership_of

from ..models import Enrollment
from ..services.facts import (
    calendar_of,
    eligibility_of,
    event_ordinals,
    minutes_by_day,
    rules_for,
)


@dataclass(frozen=True)
class StudentYear:
    enrollment: Enrollment
    span: Span  # the enrollment clipped to the school year
    through: date
    school_days: int
    member_days: int
    gaps: tuple[Gap, ...]
    streak: int
    streak_started: date | None
    problems: tuple[Problem, ...]
    result: Membership | None
    weeks: tuple[Week, ...] | None
    rules: MembershipRules


def year_span(enrollment: Enrollment, school_year: int) -> Span | None:
    first, last = school_year_bounds(school_year)
    entry = max(enrollment.entry_on, first)
    exit_on = last if enrollment.exit_on is None else min(enrollment.exit_on, last)
    return Span(entry, exit_on) if entry <= exit_on else None


def compute(
    enrollments: Sequence[Enrollment], *, school_year: int, through: date
) -> list[StudentYear]:
    """Each enrollment's membership in ``school_year`` up to ``through`` (enrollments need
    ``program`` and ``student`` loaded)."""
    first, last = school_year_bounds(school_year)
    through = min(through, last)
    rules = rules_for(through if school_year_of(through) == school_year else last)
    hh = ProgramKind.HOME_HOSPITAL.value
    with reference_data_memoized():
        hh_ids = [e.pk for e in enrollments if e.program.kind == hh]
        days = event_ordinals([e.pk for e in enrollments if e.program.kind != hh], through)
        minutes = minutes_by_day(hh_ids, through) if hh_ids else {}
        out = []
        for enrollment in enrollments:
            entry = max(enrollment.entry_on, first)
            exit_on = last if enrollment.exit_on is None else min(enrollment.exit_on, last)
            if entry > exit_on:
                continue  # not enrolled in this school year
            span = Span(entry, exit_on)
            out.append(_one(enrollment, span, through, school_year, rules, days, minutes))
    return out


def _one(
    enrollment: Enrollment,
    span: Span,
    through: date,
    school_year: int,
    rules: MembershipRules,
    days: dict[int, list[int]],
    minutes: dict[int, list[tuple[date, int]]],
) -> StudentYear:
    calendar = calendar_of(enrollment.program)
    kind = enrollment.program.program_kind
    found = tuple(problems(eligibility_of(enrollment), kind, school_year, rules))
    if kind is ProgramKind.HOME_HOSPITAL:
        weeks = tuple(
            homehospital.weeks(
                calendar, span, minutes.get(enrollment.pk, []), rules, through=through
            )
        )
        school = sum(len(w.school_days) for w in weeks)
        member = 0 if found else len(homehospital.member_days(weeks))
        return StudentYear(
            enrollment, span, through, school, member, (), 0, None, found, None, weeks, rules
        )
    result = membership_of(calendar, span, days.get(enrollment.pk, ()), rules, through=through)
    return StudentYear(
        enrollment=enrollment,
        span=span,
        through=through,
        school_days=len(result.school_days),
        member_days=0 if found else result.days,
        gaps=result.gaps,
        streak=result.streak,
        streak_started=result.streak_started,
        problems=found,
        result=result,
        weeks=None,
        rules=rules,
    )
