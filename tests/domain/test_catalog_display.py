"""What the catalog shows of each course (issue 9): seats left, the disclaimer once, the dates
of each session."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from seats.domain.calendars import default_school_days
from seats.domain.catalog import (
    MATURE_DISCLAIMER,
    Session,
    TermType,
    description_without_disclaimer,
    seats_left,
    session_dates,
    sessions_of,
)


def test_seats_left_never_goes_below_zero_and_no_limit_is_none() -> None:
    assert seats_left(None, 50) is None
    assert seats_left(10, 3) == 7
    assert seats_left(2, 5) == 0


def test_the_disclaimer_is_taken_out_of_the_description_only() -> None:
    text = f"Novels of the 20th century.  {MATURE_DISCLAIMER} Read widely."
    assert description_without_disclaimer(text) == "Novels of the 20th century. Read widely."
    assert description_without_disclaimer(MATURE_DISCLAIMER) == ""
    assert description_without_disclaimer("Plain words.") == "Plain words."


def test_sessions_follow_the_term_type() -> None:
    assert sessions_of(TermType.SEMESTER) == [Session.S1, Session.S2]
    assert sessions_of("quarter") == [Session.Q1, Session.Q2, Session.Q3, Session.Q4]


def test_session_dates_split_the_school_days_without_gaps_or_overlap() -> None:
    days = default_school_days(2026)
    s1, s2 = session_dates("S1", days), session_dates(Session.S2, days)
    assert s1 is not None and s2 is not None
    assert s1[0] == days[0] and s2[1] == days[-1] and s1[1] < s2[0]
    assert days.index(s2[0]) == days.index(s1[1]) + 1
    quarters = [session_dates(q, days) for q in ("Q1", "Q2", "Q3", "Q4")]
    assert quarters[0] == (days[0], quarters[0][1]) and quarters[-1][1] == days[-1]  # type: ignore[index]
    assert quarters[1][0] > quarters[0][1] and quarters[2][0] == s2[0]  # type: ignore[index]


def test_session_dates_of_an_odd_or_tiny_calendar() -> None:
    five = [date(2026, 9, 1) + timedelta(days=i) for i in range(5)]
    assert session_dates("S1", five) == (five[0], five[2])  # the earlier half takes the odd day
    assert session_dates("S2", five) == (five[3], five[4])
    assert session_dates("Q4", five[:3]) is None
    with pytest.raises(ValueError):
        session_dates("S3", five)
