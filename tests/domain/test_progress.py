"""The at-risk flag and the dates a provider reports (issue 9): pure rules."""

from __future__ import annotations

from datetime import date

from seats.domain.progress import (
    activity_date_problem,
    at_risk_after_close,
    start_before_submission,
)

TODAY = date(2025, 11, 3)
START = date(2025, 9, 8)


def test_a_closed_cca_is_not_at_risk() -> None:
    assert at_risk_after_close() == (False, None)


def test_activity_dates_after_today_or_before_the_start_are_refused() -> None:
    assert "after today (2025-11-03)" in activity_date_problem(
        date(2025, 11, 4), today=TODAY, course_start=START
    )
    assert "before the course started (2025-09-08)" in activity_date_problem(
        date(2025, 9, 7), today=TODAY, course_start=START
    )
    for day in (START, TODAY, date(2025, 10, 1)):
        assert activity_date_problem(day, today=TODAY, course_start=START) is None
    assert activity_date_problem(date(2025, 9, 1), today=TODAY, course_start=None) is None


def test_a_course_starts_on_or_after_its_submission() -> None:
    assert "before the request was submitted (2025-09-02)" in start_before_submission(
        date(2025, 9, 1), date(2025, 9, 2)
    )
    assert start_before_submission(date(2025, 9, 2), date(2025, 9, 2)) is None
    assert start_before_submission(date(2025, 9, 1), None) is None
