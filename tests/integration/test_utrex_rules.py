"""The UTREx SOEP record rules as plain functions: each rule passes a record as the manual wants
it and names the mismatch of one that is not; every mismatch of a record is reported."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seats.domain.statuses import PAID_THROUGH_CONFIRMED, TERMINAL, Status
from seats.integration.utrex.extract import ExtractRecord
from seats.integration.utrex.rules import (
    RULES,
    SeatsCourse,
    Window,
    check_record,
    credit_passed_by_june_30,
    is_clean,
    normalise_title,
)

WINDOW = Window(date(2025, 8, 20), date(2026, 5, 29), "Test calendar")


def course(**kw: object) -> SeatsCourse:
    values: dict[str, object] = dict(
        cca_id=7,
        provider_id=1,
        ssid="1234567",
        core_code="0100",
        usbe_title="Biology",
        school_year=2025,
        session="S1",
        status=Status.PASS_ALL_COMPLETE.value,
        credit_attempted=Decimal("0.50"),
        credit_earned=Decimal("0.50"),
        closed_on=date(2026, 1, 10),
        confirmation_date=date(2025, 9, 30),
    )
    return SeatsCourse(**(values | kw))  # type: ignore[arg-type]


def record(**kw: object) -> ExtractRecord:
    """A record exactly as the rules want it for ``course()``."""
    values: dict[str, object] = dict(
        line=2,
        ssid="1234567",
        core_code="0100",
        course_title="Biology",
        school_of_record="N",
        instructional_setting="OP",
        entry_date=date(2025, 8, 25),
        exit_date=date(2026, 1, 10),
        term="S1",
        school_year=2025,
        credit_attempted=Decimal("0.5"),
        credit_earned=Decimal("0.5"),
        membership_days=Decimal(0),
        enrollment_validation_type="L",
    )
    return ExtractRecord(**(values | kw))  # type: ignore[arg-type]


def rules_of(found) -> list[str]:
    return [m.rule for m in found]


def test_a_clean_record_passes_every_rule() -> None:
    assert check_record(record(), course(), WINDOW) == []


# One (rule, record change, course change, expected, found) per way a record can be wrong.
MISMATCHES = [
    ("SCHOOL_OF_RECORD", {"school_of_record": ""}, {}, "N", "(blank)"),
    ("SCHOOL_OF_RECORD", {"school_of_record": "Y"}, {}, "N", "Y"),
    ("INSTRUCTIONAL_SETTING", {"instructional_setting": "TR"}, {}, "OP", "TR"),
    ("SSID", {"ssid": "12AB"}, {}, "the student's SSID (digits)", "12AB"),
    ("SSID", {"ssid": ""}, {}, "the student's SSID (digits)", "(blank)"),
    ("SSID", {}, {"ssid": "7654321"}, "7654321", "1234567"),
    ("CORE_CODE", {"core_code": "0200"}, {}, "0100", "0200"),
    ("COURSE_TITLE", {"course_title": "Biology Online"}, {}, "Biology", "Biology Online"),
    ("ENTRY_EXIT_DATES", {"entry_date": None}, {}, "a date", "entry (blank)"),
    ("ENTRY_EXIT_DATES", {"exit_date": None}, {}, "a date", "exit (blank)"),
    (
        "ENTRY_EXIT_DATES",
        {"entry_date": date(2025, 6, 20)},
        {},
        "2025-07-01 to 2026-06-30",
        "entry 2025-06-20",
    ),
    (
        "ENTRY_EXIT_DATES",
        {"entry_date": date(2025, 8, 1)},
        {},
        "2025-08-20 to 2026-05-29",
        "entry 2025-08-01",
    ),
    (
        "ENTRY_EXIT_DATES",
        {"exit_date": date(2026, 6, 15)},
        {},
        "2025-08-20 to 2026-05-29",
        "exit 2026-06-15",
    ),
    (
        "ENTRY_EXIT_DATES",
        {"exit_date": date(2025, 8, 22)},
        {},
        "on or after 2025-08-25",
        "exit 2025-08-22",
    ),
    ("SESSION", {"term": "SU"}, {}, "Q1-Q4, S1 or S2", "SU"),
    ("SESSION", {"term": "S2"}, {}, "S1", "S2"),
    ("CREDIT_ATTEMPTED", {"credit_attempted": Decimal("1.0")}, {}, "0.5", "1"),
    ("CREDIT_ATTEMPTED", {"credit_attempted": None}, {}, "0.5", "(blank)"),
    ("CREDIT_EARNED", {"credit_earned": Decimal("0.25")}, {}, "0.5", "0.25"),
    ("CREDIT_EARNED", {"credit_earned": None}, {}, "0.5", "(blank)"),
    ("MEMBERSHIP_DAYS", {"membership_days": Decimal(5)}, {}, "0", "5"),
    ("MEMBERSHIP_DAYS", {"membership_days": None}, {}, "0", "(blank)"),
    ("VALIDATION_TYPE", {"enrollment_validation_type": "A"}, {}, "L", "A"),
    ("VALIDATION_TYPE", {"enrollment_validation_type": ""}, {}, "L", "(blank)"),
]


@pytest.mark.parametrize(("rule", "change", "seats", "expected", "found"), MISMATCHES)
def test_each_rule_names_its_mismatch(rule, change, seats, expected, found) -> None:
    mismatches = check_record(record(**change), course(**seats), WINDOW)
    assert [(m.rule, m.expected, m.found) for m in mismatches] == [(rule, expected, found)]
    assert mismatches[0].message


def test_every_mismatch_of_a_record_is_reported_not_only_the_first() -> None:
    bad = record(
        school_of_record="Y",
        course_title="BIO",
        credit_attempted=Decimal(1),
        membership_days=Decimal(3),
        enrollment_validation_type="",
    )
    assert rules_of(check_record(bad, course(), WINDOW)) == [
        "SCHOOL_OF_RECORD",
        "COURSE_TITLE",
        "CREDIT_ATTEMPTED",
        "MEMBERSHIP_DAYS",
        "VALIDATION_TYPE",
    ]


def test_without_a_seats_course_only_the_record_alone_rules_run() -> None:
    bad = record(school_of_record="", core_code="XXXX", credit_attempted=Decimal(9))
    assert rules_of(check_record(bad, None, None)) == ["SCHOOL_OF_RECORD"]
    needs_seats = {r.code for r in RULES if r.needs_seats}
    assert needs_seats == {"CORE_CODE", "COURSE_TITLE", "CREDIT_ATTEMPTED", "CREDIT_EARNED"}


def test_a_value_already_reported_as_unreadable_is_not_reported_again() -> None:
    unread = record(credit_attempted=None, entry_date=None, bad=frozenset({"credit_attempted"}))
    assert rules_of(check_record(unread, course(), WINDOW)) == ["ENTRY_EXIT_DATES"]
    unread = record(entry_date=None, bad=frozenset({"entry_date"}))
    assert check_record(unread, course(), WINDOW) == []


def test_open_courses_may_have_no_exit_date_yet() -> None:
    for status in (Status.CONFIRMED, Status.ANTICIPATED_LATE_PASS):
        open_course = course(status=status.value, credit_earned=None, closed_on=None)
        assert check_record(record(exit_date=None, credit_earned=None), open_course, WINDOW) == []


def test_titles_compare_without_case_and_extra_spaces() -> None:
    assert check_record(record(course_title="  BIOLOGY "), course(), WINDOW) == []
    assert normalise_title("Earth  and Space") == normalise_title("earth and space")


def test_blank_credit_earned_counts_as_zero() -> None:
    withdrawn = course(status=Status.STUDENT_WITHDRAWAL_AFTER_20.value, credit_earned=Decimal(0))
    assert check_record(record(credit_earned=None), withdrawn, WINDOW) == []
    assert check_record(record(credit_earned=Decimal(0)), withdrawn, WINDOW) == []


@pytest.mark.parametrize(
    ("status", "earned", "closed_on", "expected"),
    [
        (Status.PASS_ALL_COMPLETE, "0.5", date(2026, 5, 20), "0.5"),
        (Status.PASS_ALL_COMPLETE, "0.5", date(2026, 6, 30), "0.5"),
        (Status.PASS_ALL_COMPLETE, "0.5", date(2026, 7, 1), "0"),  # passed after June 30
        (Status.LATE_PASS, "0.5", date(2026, 7, 20), "0"),
        (Status.ANTICIPATED_LATE_PASS, None, None, "0"),
        (Status.CONFIRMED, None, None, "0"),
        (Status.ADMINISTRATIVE_WITHDRAWAL_QUARTER, "0.25", date(2025, 11, 3), "0.25"),
        (Status.COMPLETED_GRADE_TOO_LOW, "0", date(2026, 1, 9), "0"),
        (Status.QUARTER_EARNED_NOT_PASSING, "0.25", date(2026, 1, 9), "0.25"),
    ],
)
def test_credit_passed_by_june_30(status, earned, closed_on, expected) -> None:
    c = course(
        status=status.value,
        credit_earned=Decimal(earned) if earned is not None else None,
        closed_on=closed_on,
    )
    assert credit_passed_by_june_30(c) == Decimal(expected)


@given(
    status=st.sampled_from(sorted(PAID_THROUGH_CONFIRMED)),
    attempted=st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal("1.0")]),
    closed=st.dates(date(2025, 7, 1), date(2026, 9, 30)),
)
def test_credit_passed_never_exceeds_the_contract_and_only_for_closeouts_by_june_30(
    status, attempted, closed
) -> None:
    earned = Decimal("0.25") if "quarter" in status.value else attempted
    c = course(
        status=status.value, credit_attempted=attempted, credit_earned=earned, closed_on=closed
    )
    passed = credit_passed_by_june_30(c)
    assert Decimal(0) <= passed <= attempted
    if passed:
        assert status in TERMINAL and status is not Status.LATE_PASS
        assert closed <= date(2026, 6, 30)


@given(
    entry=st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    exit_=st.dates(date(2025, 1, 1), date(2026, 12, 31)),
)
def test_dates_pass_exactly_when_inside_the_calendar_and_in_order(entry, exit_) -> None:
    found = check_record(record(entry_date=entry, exit_date=exit_), course(), WINDOW)
    inside = all(WINDOW.first <= d <= WINDOW.last for d in (entry, exit_)) and entry <= exit_
    assert (found == []) == inside
    assert set(rules_of(found)) <= {"ENTRY_EXIT_DATES"}


@given(st.text(max_size=6))
def test_any_session_text_is_either_a_session_or_reported(term) -> None:
    found = rules_of(check_record(record(term=term), None, None))
    assert ("SESSION" in found) == (term not in {"Q1", "Q2", "Q3", "Q4", "S1", "S2"})


_CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "ssid": st.sampled_from(["1234567", "7654321", "", "12AB"]),
        "core_code": st.sampled_from(["0100", "0200"]),
        "course_title": st.sampled_from(["Biology", "BIOLOGY", "Chemistry"]),
        "school_of_record": st.sampled_from(["N", "Y", ""]),
        "instructional_setting": st.sampled_from(["OP", "TR"]),
        "entry_date": st.none() | st.dates(date(2025, 6, 1), date(2026, 7, 31)),
        "exit_date": st.none() | st.dates(date(2025, 6, 1), date(2026, 7, 31)),
        "term": st.sampled_from(["S1", "S2", "Q1", "SU"]),
        "school_year": st.sampled_from([2024, 2025]),
        "credit_attempted": st.sampled_from([None, Decimal("0.5"), Decimal("0.50"), Decimal(1)]),
        "credit_earned": st.sampled_from([None, Decimal(0), Decimal("0.5"), Decimal("0.25")]),
        "membership_days": st.sampled_from([None, Decimal(0), Decimal(2)]),
        "enrollment_validation_type": st.sampled_from(["L", "A", ""]),
    },
)


@given(
    change=_CHANGES,
    status=st.sampled_from(sorted(PAID_THROUGH_CONFIRMED)),
    closed=st.none() | st.dates(date(2025, 9, 1), date(2026, 8, 31)),
)
def test_the_clean_shortcut_never_hides_a_mismatch(change, status, closed) -> None:
    """``is_clean`` (the fast path of the check) is True only when no rule finds anything."""
    r = record(**change)
    c = course(status=status.value, closed_on=closed)
    if is_clean(r, c, WINDOW):
        assert check_record(r, c, WINDOW) == []
    if not change and status is Status.PASS_ALL_COMPLETE and closed == date(2026, 1, 10):
        assert is_clean(r, c, WINDOW)


def test_the_clean_shortcut_takes_the_common_case() -> None:
    assert is_clean(record(), course(), WINDOW)
    assert not is_clean(record(course_title="biology"), course(), WINDOW)  # rules decide
    assert check_record(record(course_title="biology"), course(), WINDOW) == []


def test_rules_have_unique_codes_and_say_what_they_check() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes)) == 11
    assert all(r.title and r.explanation for r in RULES)


def test_records_are_plain_values() -> None:
    assert dataclasses.is_dataclass(record()) and record().is_soep
    assert not record(instructional_setting="").is_soep
