"""The ten-day rule on fixed calendars (004 D.3, E.2; SPEC 9)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from seats.domain.membership.rules import MembershipRules
from seats.domain.membership.tenday import Span, membership, silent_streak, warning_due

from .helpers import CALENDAR, RULES, nth

ENTRY = date(2026, 8, 17)
SPAN = Span(ENTRY)


def test_engaging_every_day_is_every_school_day() -> None:
    through = nth(30)
    result = membership(CALENDAR, SPAN, CALENDAR.days[:30], RULES, through=through)
    assert result.days == 30 and result.gaps == () and result.streak == 0


def test_a_gap_of_exactly_ten_school_days_keeps_membership() -> None:
    # engaged on day 1, silent on days 2-11 (ten school days), engaged on day 12
    events = [nth(1), nth(12)]
    result = membership(CALENDAR, SPAN, events, RULES, through=nth(12))
    assert result.days == 12
    assert result.gaps == ()


def test_a_gap_of_eleven_school_days_loses_the_eleventh() -> None:
    events = [nth(1), nth(13)]  # silent on days 2-12: eleven school days
    result = membership(CALENDAR, SPAN, events, RULES, through=nth(13))
    assert result.days == 12
    (gap,) = result.gaps
    assert gap.silent_days == tuple(nth(i) for i in range(2, 12))
    assert len(gap.silent_days) == 10
    assert gap.out_days == (nth(12),)
    assert gap.left_on == nth(12) and gap.returned_on == nth(13)
    assert not result.in_membership(nth(12)) and result.in_membership(nth(13))


def test_labor_day_is_not_a_school_day_and_not_silence() -> None:
    # Labor Day (Mon Sep 7) sits inside the silence; it is not one of the ten days
    events = [nth(1), nth(13)]
    result = membership(CALENDAR, SPAN, events, RULES, through=nth(13))
    assert date(2026, 9, 7) not in result.gaps[0].silent_days
    assert date(2026, 9, 7) not in result.member_days


def test_silent_over_the_two_week_break_keeps_membership() -> None:
    # last engagement Friday Dec 11; silent Dec 14-18 (5 school days), the break (0), back
    # Jan 4-8 silent (5), engaged Mon Jan 11: ten school days of silence, no loss
    events = [date(2026, 12, 11), date(2027, 1, 11)]
    span = Span(date(2026, 12, 1))
    result = membership(CALENDAR, span, events, RULES, through=date(2027, 1, 11))
    assert result.gaps == ()
    assert result.days == len(result.school_days)
    # fourteen calendar-weekdays of silence without the break would have ended membership
    assert date(2026, 12, 21) not in result.school_days


def test_return_after_a_gap_and_a_second_gap() -> None:
    events = [nth(1), nth(20), nth(40)]
    result = membership(CALENDAR, SPAN, events, RULES, through=nth(45))
    assert [g.returned_on for g in result.gaps] == [nth(20), nth(40)]
    assert result.gaps[0].out_days == tuple(nth(i) for i in range(12, 20))
    assert result.gaps[1].out_days == tuple(nth(i) for i in range(31, 40))
    assert result.streak == 5 and result.streak_started == nth(41)


def test_a_new_student_starts_in_membership() -> None:
    result = membership(CALENDAR, SPAN, [], RULES, through=nth(15))
    assert result.days == 10
    (gap,) = result.gaps
    assert gap.silent_days[0] == nth(1) and gap.left_on == nth(11) and gap.returned_on is None


def test_a_weekend_assignment_counts_for_monday() -> None:
    saturday = date(2026, 8, 29)
    events = [nth(1), saturday]
    result = membership(CALENDAR, SPAN, events, RULES, through=nth(25))
    assert date(2026, 8, 31) in result.engaged_days
    assert result.gaps[0].silent_days[0] == date(2026, 9, 1)


def test_days_outside_the_enrollment_do_not_count() -> None:
    span = Span(nth(5), nth(14))
    result = membership(CALENDAR, span, [nth(3), nth(5), nth(14), nth(16)], RULES, through=nth(30))
    assert result.school_days[0] == nth(5) and result.school_days[-1] == nth(14)
    assert result.engaged_days == {nth(5), nth(14)}
    assert result.days == 10


def test_the_limit_is_a_policy_setting() -> None:
    rules = MembershipRules(gap_days=5, warning_days=3)
    result = membership(CALENDAR, SPAN, [nth(1), nth(8)], rules, through=nth(8))
    assert result.gaps[0].out_days == (nth(7),)


def test_silent_streak_and_the_warning_day() -> None:
    events = [nth(1)]
    assert silent_streak(CALENDAR, SPAN, events, nth(7)) == (6, nth(2))
    streak, started = silent_streak(CALENDAR, SPAN, events, nth(8))
    assert streak == 7 and started == nth(2)
    assert not warning_due(6, RULES) and warning_due(7, RULES) and warning_due(10, RULES)
    assert not warning_due(11, RULES)
    # a Saturday is not a school day: the streak is Friday's
    assert silent_streak(CALENDAR, SPAN, events, date(2026, 8, 22))[0] == 4


school_day_index = st.integers(min_value=0, max_value=len(CALENDAR.days) - 1)
day_offsets = st.lists(st.integers(min_value=-3, max_value=300), max_size=40)


@settings(max_examples=200, deadline=None)
@given(day_offsets, st.integers(0, 60), st.integers(2, 20), st.integers(0, 300))
def test_membership_days_never_exceed_school_days(
    offsets: list[int], entry_index: int, limit: int, through_offset: int
) -> None:
    rules = MembershipRules(gap_days=limit, warning_days=limit - 1)
    entry = CALENDAR.days[entry_index]
    events = [entry + timedelta(days=o) for o in offsets]
    through = entry + timedelta(days=through_offset)
    result = membership(CALENDAR, Span(entry), events, rules, through=through)
    assert result.days <= len(result.school_days)
    assert set(result.member_days) <= set(CALENDAR.days)
    out = sum(len(g.out_days) for g in result.gaps)
    assert result.days + out == len(result.school_days)


@settings(max_examples=200, deadline=None)
@given(day_offsets, st.integers(-3, 300), st.integers(0, 300))
def test_adding_an_event_never_removes_membership(
    offsets: list[int], extra: int, through_offset: int
) -> None:
    entry = CALENDAR.days[10]
    events = [entry + timedelta(days=o) for o in offsets]
    through = entry + timedelta(days=through_offset)
    before = membership(CALENDAR, Span(entry), events, RULES, through=through)
    after = membership(
        CALENDAR, Span(entry), [*events, entry + timedelta(days=extra)], RULES, through=through
    )
    assert set(before.member_days) <= set(after.member_days)


# --- The run-by-run count equals the rule stated day by day ------------------------------------


def _day_by_day(span: Span, events: list[date], limit: int, through: date) -> tuple:
    """The ten-day rule as the policy states it, one school day at a time (the oracle)."""
    last = through if span.exit is None else min(through, span.exit)
    school = [d for d in CALENDAR.days if span.entry <= d <= last]
    engaged = set()
    for event in events:
        if span.entry <= event <= last:
            credited = next((d for d in CALENDAR.days if d >= event), None)
            if credited is not None and credited <= last:
                engaged.add(credited)
    members, gaps, out, run, silent = [], [], [], (), 0
    for i, day in enumerate(school):
        if day in engaged:
            if out:
                gaps.append((run, tuple(out), day))
                out = []
            members.append(day)
            silent = 0
            continue
        if silent < limit:
            members.append(day)
        else:
            if not out:
                run = tuple(school[i - limit : i])
            out.append(day)
        silent += 1
    if out:
        gaps.append((run, tuple(out), None))
    started = school[len(school) - silent] if silent else None
    return tuple(school), tuple(members), tuple(gaps), frozenset(engaged), silent, started


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(min_value=-10, max_value=320), max_size=60),
    st.integers(0, len(CALENDAR.days) - 1),
    st.one_of(st.none(), st.integers(0, 300)),
    st.integers(2, 15),
    st.integers(-5, 330),
)
def test_the_run_count_equals_the_rule_day_by_day(
    offsets: list[int], entry_index: int, length: int | None, limit: int, through_offset: int
) -> None:
    entry = CALENDAR.days[entry_index] - timedelta(days=entry_index % 3)  # some on weekends
    span = Span(entry, None if length is None else entry + timedelta(days=length))
    events = [entry + timedelta(days=o) for o in offsets]
    through = entry + timedelta(days=through_offset)
    rules = MembershipRules(gap_days=limit, warning_days=limit - 1)
    result = membership(CALENDAR, span, events, rules, through=through)
    school, members, gaps, engaged, silent, started = _day_by_day(span, events, limit, through)
    assert result.school_days == school
    assert result.member_days == members and result.days == len(members)
    assert tuple((g.silent_days, g.out_days, g.returned_on) for g in result.gaps) == gaps
    assert result.engaged_days == engaged
    assert (result.streak, result.streak_started) == (silent, started)
    assert all(result.in_membership(d) == (d in members) for d in school)
    if through >= entry:
        assert silent_streak(CALENDAR, span, events, through) == (silent, started)


def test_gaps_of_ten_and_eleven_around_the_break_and_the_end_of_the_calendar() -> None:
    # Dec 7 engaged; Dec 8-18 (9 school days), break, Jan 4: the tenth; back Jan 5 (no gap)
    span = Span(date(2026, 12, 1))
    ten = membership(
        CALENDAR, span, [date(2026, 12, 7), date(2027, 1, 5)], RULES, through=date(2027, 1, 5)
    )
    assert ten.gaps == () and ten.days == len(ten.school_days)
    # back Jan 6: Jan 5 is the eleventh silent school day, the one day out
    eleven = membership(
        CALENDAR, span, [date(2026, 12, 7), date(2027, 1, 6)], RULES, through=date(2027, 1, 6)
    )
    (gap,) = eleven.gaps
    assert gap.out_days == (date(2027, 1, 5),) and gap.returned_on == date(2027, 1, 6)
    # an event after the calendar's last day counts for nothing
    end = membership(CALENDAR, span, [date(2027, 6, 5)], RULES, through=date(2027, 6, 30))
    assert end.engaged_days == frozenset() and end.days == RULES.gap_days
