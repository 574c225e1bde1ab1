"""Home and hospital minutes, ADM and the cap, eligibility, checks and "why" (004; SPEC 9)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seats.domain.errors import InvalidInput
from seats.domain.membership import homehospital
from seats.domain.membership.adm import counted_days, summarize
from seats.domain.membership.checks import check_status
from seats.domain.membership.eligibility import Facts, Reason, problems
from seats.domain.membership.explain import why
from seats.domain.membership.kinds import EventKind, ProgramKind, event_problem
from seats.domain.membership.rules import MembershipRules
from seats.domain.membership.tenday import Span, membership
from seats.domain.policy import Policy

from .helpers import CALENDAR, RULES, nth

# --- home and hospital ---------------------------------------------------------------------

LABOR_WEEK = date(2026, 9, 7)  # Monday Labor Day: four school days that week


def test_a_week_with_a_holiday_still_needs_120_minutes() -> None:
    span = Span(date(2026, 8, 31))
    sessions = [(date(2026, 9, 8), 60), (date(2026, 9, 10), 59)]  # 119 minutes
    weeks = homehospital.weeks(CALENDAR, span, sessions, RULES, through=date(2026, 9, 13))
    labor = next(w for w in weeks if w.monday == LABOR_WEEK)
    assert len(labor.school_days) == 4 and labor.minutes == 119
    assert not labor.met and not labor.counts
    more = [*sessions, (date(2026, 9, 11), 1)]
    weeks = homehospital.weeks(CALENDAR, span, more, RULES, through=date(2026, 9, 13))
    labor = next(w for w in weeks if w.monday == LABOR_WEEK)
    assert labor.met and labor.counts
    assert date(2026, 9, 8) in homehospital.member_days(weeks)


def test_a_week_without_school_days_needs_nothing_and_an_open_week_counts_for_now() -> None:
    span = Span(date(2026, 12, 14))
    weeks = homehospital.weeks(CALENDAR, span, [], RULES, through=date(2027, 1, 6))
    assert [w.monday for w in weeks] == [date(2026, 12, 14), date(2027, 1, 4)]
    assert not weeks[0].counts  # finished with 0 minutes
    assert weeks[1].counts and not weeks[1].finished


# --- ADM -----------------------------------------------------------------------------------


def test_adm_over_a_partial_year() -> None:
    summary = summarize([170, 85], 170, RULES)  # a full-year and a half-year student
    assert summary.aggregate_days == Decimal(255)
    assert summary.adm == Decimal("1.500")
    assert summarize([34], 170, RULES).adm == Decimal("0.200")


def test_the_180_day_cap_prorates_a_longer_calendar() -> None:
    assert counted_days(185, 185, RULES) == Decimal("180.00")
    assert counted_days(92, 185, RULES) == Decimal("89.51")
    summary = summarize([185, 185], 185, RULES)
    assert summary.adm == Decimal("2.000") and summary.counted_session == 180
    assert counted_days(200, 180, RULES) == Decimal(180)  # never above the days in session
    assert summarize([], 0, RULES).adm == 0


# --- eligibility ---------------------------------------------------------------------------

BORN = date(2011, 3, 1)  # 15 on September 1, 2026


def test_eligible_student_has_no_problems() -> None:
    assert problems(Facts(BORN), ProgramKind.ONLINE, 2026, RULES) == []


def test_every_problem_is_returned_at_once() -> None:
    facts = Facts(
        date_of_birth=date(2006, 1, 1),  # 20 on September 1
        has_diploma=True,
        has_certificate_of_completion=True,
        in_yic=True,
        utah_resident=False,
        enrolled_elsewhere=True,
        half_time_or_more=False,
        counselor_approved=False,
    )
    found = [p.reason for p in problems(facts, ProgramKind.ONLINE, 2026, RULES)]
    assert found == [
        Reason.DIPLOMA,
        Reason.CERTIFICATE,
        Reason.YIC,
        Reason.NOT_RESIDENT,
        Reason.NOT_SCHOOL_AGE,
        Reason.UNDER_HALF_TIME,
        Reason.COUNSELOR,
    ]


def test_retained_senior_and_half_time_elsewhere() -> None:
    old = Facts(date(2007, 6, 1), retained_senior=True, enrolled_elsewhere=True)
    assert problems(old, ProgramKind.ATTENDANCE, 2026, RULES) == []
    assert problems(Facts(date(2007, 6, 1)), ProgramKind.ATTENDANCE, 2026, RULES)[0].reason is (
        Reason.NOT_SCHOOL_AGE
    )
    young = Facts(date(2021, 9, 2))  # 4 on September 1
    assert [p.reason for p in problems(young, ProgramKind.ONLINE, 2026, RULES)] == [
        Reason.NOT_SCHOOL_AGE
    ]


def test_cte_conditions_only_for_cte() -> None:
    facts = Facts(BORN, cte_offered_at_school=True, cte_meets_requirement=False)
    assert problems(facts, ProgramKind.ONLINE, 2026, RULES) == []
    found = [p.reason for p in problems(facts, ProgramKind.CTE_TECH_COLLEGE, 2026, RULES)]
    assert found == [Reason.CTE_OFFERED, Reason.CTE_REQUIREMENT]


# --- kinds and rules -----------------------------------------------------------------------


def test_event_kinds_per_program() -> None:
    assert event_problem(ProgramKind.ONLINE, EventKind.ASSIGNMENT, None) is None
    assert "not in_person" in (event_problem(ProgramKind.ONLINE, EventKind.IN_PERSON, None) or "")
    assert event_problem(ProgramKind.BLENDED, EventKind.IN_PERSON, None) is None
    assert event_problem(ProgramKind.HOME_HOSPITAL, EventKind.DIRECT_INSTRUCTION, None)
    assert event_problem(ProgramKind.HOME_HOSPITAL, EventKind.DIRECT_INSTRUCTION, 30) is None
    assert event_problem(ProgramKind.ONLINE, EventKind.CONFERENCE, 5000)


def test_rules_come_from_the_policy_and_are_checked() -> None:
    policy = Policy(2026).with_overrides({"membership_gap_days": 15, "membership_warning_days": 12})
    rules = MembershipRules.of(policy)
    assert rules.gap_days == 15 and rules.warning_days == 12
    with pytest.raises(InvalidInput, match="below membership_gap_days"):
        MembershipRules(gap_days=10, warning_days=10)


# --- checks --------------------------------------------------------------------------------


def test_continued_enrollment_check_every_ten_school_days() -> None:
    span = Span(nth(1))
    first = check_status(CALENDAR, span, None, RULES, as_of=nth(10))
    assert first.due_on == nth(10) and not first.overdue
    late = check_status(CALENDAR, span, None, RULES, as_of=nth(13))
    assert late.overdue and late.school_days_late == 3
    after = check_status(CALENDAR, span, nth(12), RULES, as_of=nth(13))
    assert after.due_on == nth(22) and not after.overdue
    left = check_status(CALENDAR, Span(nth(1), nth(9)), None, RULES, as_of=nth(30))
    assert not left.overdue
    beyond = check_status(CALENDAR, span, CALENDAR.days[-3], RULES, as_of=CALENDAR.days[-1])
    assert beyond.due_on is None and not beyond.overdue


# --- why -----------------------------------------------------------------------------------


def _why(day: date, events: list[date], **kw: object):  # type: ignore[no-untyped-def]
    span = Span(nth(1))
    result = membership(CALENDAR, span, events, RULES, through=nth(40))
    kw.setdefault("problems", [])
    return why(day, calendar=CALENDAR, span=span, result=result, rules=RULES, **kw)  # type: ignore[arg-type]


def test_why_out_names_the_ten_school_days() -> None:
    answer = _why(nth(14), [nth(1), nth(20)])
    assert not answer.in_membership
    assert answer.silent_days == tuple(nth(i) for i in range(2, 12))
    assert nth(2).isoformat() in answer.reasons[0] and nth(11).isoformat() in answer.reasons[0]
    assert f"resumed on {nth(20).isoformat()}" in answer.reasons[0]


def test_why_in_and_other_reasons() -> None:
    assert _why(nth(20), [nth(1), nth(20)]).in_membership
    inside = _why(nth(6), [nth(1)])
    assert inside.in_membership and "School day 5" in inside.reasons[0]
    weekend = _why(date(2026, 8, 22), [nth(1)])
    assert not weekend.in_membership and "not a school day" in weekend.reasons[0]
    before = _why(date(2026, 8, 1), [])
    assert not before.in_membership and "begins on" in before.reasons[0]
    bad = problems(Facts(BORN, in_yic=True), ProgramKind.ONLINE, 2026, RULES)
    answer = _why(nth(2), [nth(1)], problems=bad)
    assert not answer.in_membership and "YIC" in answer.reasons[0]


# --- CSV -----------------------------------------------------------------------------------


def test_events_csv_rows_are_located_by_line_and_column() -> None:
    from seats.domain.membership.csvrows import parse_events_csv

    text = "SSID,program,date,kind,minutes\n1,ONL,2026-09-01,assignment,\n\n2,ONL,bad\n"
    parsed = parse_events_csv(text)
    assert parsed.rows[0] == {
        "ssid": "1",
        "program": "ONL",
        "date": "2026-09-01",
        "kind": "assignment",
        "minutes": "",
    }
    assert parsed.rows[1] == {"__shape__": "expected 5 columns, found 3"}
    assert parsed.locate()(0, "date") == "line 2, column 3 (date)"
    assert parsed.locate()(1, "row") == "line 4 (row)"
    with pytest.raises(InvalidInput, match="header needs"):
        parse_events_csv("ssid,date\n1,2026-09-01\n")
    with pytest.raises(InvalidInput, match="no events"):
        parse_events_csv("ssid,program,date,kind\n")
