"""Business days, school days and calendar files (SPEC 3.3 "Counting")."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seats.domain.calendars import (
    BusinessCalendar,
    CalendarExhausted,
    SchoolCalendar,
    default_school_days,
    default_state_calendar,
    parse_calendar_csv,
    parse_calendar_file,
    parse_calendar_ics,
    school_year_bounds,
    school_year_label,
    school_year_of,
)
from seats.domain.errors import InvalidInput

UT = BusinessCalendar()
D = date.fromisoformat

# Utah's legal holidays (Utah Code 63G-1-301) as the state observes them: Saturday -> Friday,
# Sunday -> Monday.
HOLIDAYS = [
    ("2026-01-01", "New Year"),
    ("2026-01-19", "Martin Luther King"),
    ("2026-02-16", "Washington"),
    ("2026-05-25", "Memorial"),
    ("2026-06-19", "Juneteenth"),
    ("2026-07-03", "Independence Day (observed)"),
    ("2026-07-24", "Pioneer"),
    ("2026-09-07", "Labor"),
    ("2026-10-12", "Columbus"),
    ("2026-11-11", "Veterans"),
    ("2026-11-26", "Thanksgiving"),
    ("2026-12-25", "Christmas"),
    ("2027-06-18", "Juneteenth"),  # Saturday 06-19 observed Friday
    ("2027-07-05", "Independence"),  # Sunday 07-04 observed Monday
    ("2027-07-23", "Pioneer Day (observed)"),  # Saturday 07-24 observed Friday
    ("2027-12-24", "Christmas Day (observed)"),
    ("2027-12-31", "New Year"),  # 2028-01-01 is a Saturday
    ("2028-11-10", "Veterans"),  # Saturday 11-11 observed Friday
    ("2025-11-27", "Thanksgiving"),
    ("2025-07-24", "Pioneer"),
]


@pytest.mark.parametrize(("day", "name"), HOLIDAYS)
def test_every_utah_holiday_is_not_a_business_day(day: str, name: str) -> None:
    d = D(day)
    assert d.weekday() < 5, "the observed date is a weekday"
    assert not UT.is_business_day(d)
    assert name.lower() in (UT.holiday_name(d) or "").lower()


@pytest.mark.parametrize(
    "day",
    ["2026-11-27", "2027-07-22", "2027-07-26", "2026-07-02", "2026-07-06", "2027-12-30"],
)
def test_days_around_holidays_are_business_days(day: str) -> None:
    """The day after Thanksgiving is not a Utah holiday; observed dates do not spread."""
    assert UT.is_business_day(D(day))
    assert UT.holiday_name(D(day)) is None


def test_a_year_has_exactly_twelve_holidays_on_weekdays() -> None:
    year = [D("2026-01-01") + timedelta(days=i) for i in range(365)]
    closed = [d for d in year if d.weekday() < 5 and not UT.is_business_day(d)]
    assert len(closed) == 12


@pytest.mark.parametrize("day", ["2025-08-23", "2025-08-24", "2027-07-24", "2026-07-04"])
def test_weekends_are_not_business_days(day: str) -> None:
    assert not UT.is_business_day(D(day))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-09-08", 1, "2025-09-09"),  # start day excluded
        ("2025-09-06", 1, "2025-09-08"),  # Saturday start: Monday is the 1st
        ("2025-09-05", 3, "2025-09-10"),  # over a weekend
        ("2026-07-01", 3, "2026-07-07"),  # Independence Day observed Fri 07-03
        ("2027-07-21", 3, "2027-07-27"),  # Pioneer Day observed Fri 07-23
        ("2025-11-25", 3, "2025-12-01"),  # Thanksgiving Thu; Friday counts
        ("2027-12-22", 6, "2028-01-03"),  # Christmas Fri 12-24 and New Year Fri 12-31 observed
        ("2026-05-22", 5, "2026-06-01"),  # Memorial Day
        ("2025-09-08", 0, "2025-09-08"),
    ],
)
def test_add_business_days(start: str, n: int, expected: str) -> None:
    assert UT.add_business_days(D(start), n) == D(expected)


def test_add_business_days_refuses_negative_counts() -> None:
    with pytest.raises(ValueError):
        UT.add_business_days(D("2025-09-08"), -1)


def test_previous_and_next_business_day_skip_holidays() -> None:
    assert UT.next_business_day(D("2027-07-22")) == D("2027-07-26")
    assert UT.previous_business_day(D("2027-07-26")) == D("2027-07-22")


def test_extra_closures_and_reopened_days_override_the_package() -> None:
    cal = BusinessCalendar(
        extra_closures=frozenset({D("2025-11-28")}), reopened=frozenset({D("2025-11-11")})
    )
    assert not cal.is_business_day(D("2025-11-28"))
    assert cal.holiday_name(D("2025-11-28")) == "State closure"
    assert cal.is_business_day(D("2025-11-11"))
    assert cal.holiday_name(D("2025-11-11")) is None
    assert UT.is_business_day(D("2025-11-28")) and not UT.is_business_day(D("2025-11-11"))
    # Tue 11-25 + 3: Wed 26, (Thu holiday), (Fri closed), Mon 12-01, Tue 12-02.
    assert cal.add_business_days(D("2025-11-25"), 3) == D("2025-12-02")
    assert not cal.is_business_day(D("2025-11-15")), "reopening never makes a Saturday a workday"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-07-03", "2026-07-06"),  # observed holiday -> Monday
        ("2026-07-04", "2026-07-06"),  # Saturday
        ("2027-07-23", "2027-07-26"),
        ("2026-07-07", "2026-07-07"),  # a business day stays
    ],
)
def test_roll_forward(day: str, expected: str) -> None:
    assert UT.roll_forward(D(day)) == D(expected)


def test_calendar_day_periods_end_on_a_business_day() -> None:
    assert UT.add_calendar_days(D("2026-06-04"), 30) == D("2026-07-06")  # Sat 07-04
    assert UT.add_calendar_days(D("2026-06-08"), 30) == D("2026-07-08")  # Wed stays


def test_business_days_between_counts_after_start_through_end() -> None:
    assert UT.business_days_between(D("2025-11-25"), D("2025-12-01")) == 3
    assert UT.business_days_between(D("2025-11-25"), D("2025-11-25")) == 0


days_2020s = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@settings(deadline=None)
@given(days_2020s, st.integers(min_value=1, max_value=80))
def test_add_business_days_properties(start: date, n: int) -> None:
    end = UT.add_business_days(start, n)
    assert UT.is_business_day(end)
    assert end > start
    assert UT.business_days_between(start, end) == n
    assert UT.add_business_days(start, n + 1) > end
    assert UT.next_business_day(end) == UT.add_business_days(start, n + 1)


@settings(deadline=None)
@given(days_2020s, st.integers(min_value=0, max_value=120))
def test_add_calendar_days_is_the_first_business_day_on_or_after(start: date, n: int) -> None:
    end = UT.add_calendar_days(start, n)
    target = start + timedelta(days=n)
    assert UT.is_business_day(end) and end >= target
    assert UT.business_days_between(target, end - timedelta(days=1)) == 0


# --- School years and school calendars ---------------------------------------------------------


def test_school_years_run_july_to_june() -> None:
    assert school_year_of(D("2025-07-01")) == 2025
    assert school_year_of(D("2026-06-30")) == 2025
    assert school_year_label(2025) == "2025-26" and school_year_label(2099) == "2099-00"
    assert school_year_bounds(2025) == (D("2025-07-01"), D("2026-06-30"))


def _school(*days: str) -> SchoolCalendar:
    return SchoolCalendar.of("Test district", [D(d) for d in days])


def test_the_school_calendar_alone_decides_even_on_holidays() -> None:
    cal = _school("2025-11-26", "2025-11-27", "2025-11-29", "2025-12-01")
    assert cal.is_school_day(D("2025-11-27")), "in session on Thanksgiving: it counts"
    assert cal.add_school_days(D("2025-11-26"), 2) == D("2025-11-29")  # Saturday session
    assert not cal.is_school_day(D("2025-11-28"))
    assert "2025-11-27" not in cal  # type: ignore[operator]


def test_start_day_is_excluded_whether_or_not_a_school_day() -> None:
    cal = _school("2025-09-02", "2025-09-03", "2025-09-05")
    assert cal.add_school_days(D("2025-09-02"), 1) == D("2025-09-03")
    assert cal.add_school_days(D("2025-09-04"), 1) == D("2025-09-05")
    assert cal.add_school_days(D("2025-09-01"), 1) == D("2025-09-02")
    assert cal.next_school_day(D("2025-09-03")) == D("2025-09-05")
    assert cal.school_days_between(D("2025-09-02"), D("2025-09-05")) == 2


def test_calendar_exhausted_says_which_calendar_and_what_to_do() -> None:
    cal = _school("2025-09-02", "2025-09-03")
    with pytest.raises(CalendarExhausted) as err:
        cal.add_school_days(D("2025-09-01"), 3)
    assert isinstance(err.value, InvalidInput)
    text = str(err.value)
    assert "Test district" in text and "2025-09-03" in text and "next school year" in text
    assert err.value.field == "calendar"
    with pytest.raises(CalendarExhausted, match="last loaded day: none"):
        SchoolCalendar.of("Empty", []).add_school_days(D("2025-09-01"), 1)
    with pytest.raises(ValueError):
        cal.add_school_days(D("2025-09-01"), 0)


@settings(deadline=None)
@given(
    st.sets(st.dates(min_value=date(2025, 8, 1), max_value=date(2026, 6, 1)), min_size=30),
    st.dates(min_value=date(2025, 7, 1), max_value=date(2026, 1, 1)),
    st.integers(min_value=1, max_value=20),
)
def test_add_school_days_properties(days: set[date], start: date, n: int) -> None:
    cal = SchoolCalendar.of("H", days)
    after = sorted(d for d in days if d > start)
    if len(after) < n:
        with pytest.raises(CalendarExhausted):
            cal.add_school_days(start, n)
        return
    end = cal.add_school_days(start, n)
    assert end == after[n - 1] and end in cal
    assert cal.school_days_between(start, end) == n


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_default_state_calendar_is_plausible(year: int) -> None:
    days = default_school_days(year)
    first, last = days[0], days[-1]
    assert first.month == 8 and 14 <= first.day <= 24 and first.weekday() == 2
    assert (last.month == 5 and last.day >= 22) or (last.month == 6 and last.day <= 7)
    assert 165 <= len(days) <= 185, len(days)
    assert all(UT.is_business_day(d) for d in days)
    thanksgiving = next(
        D(f"{year}-11-{d:02d}") for d in range(22, 29) if D(f"{year}-11-{d:02d}").weekday() == 3
    )
    for off in (-1, 0, 1):
        assert thanksgiving + timedelta(days=off) not in days
    assert thanksgiving - timedelta(days=2) in days
    assert not any(D(f"{year}-12-22") <= d <= D(f"{year + 1}-01-02") for d in days)
    march_gaps = [d for d in days if d.month in (3, 4)]
    longest = max((b - a).days for a, b in pairwise(march_gaps))
    assert longest >= 9, "a spring break week (plus the weekends) in March/April"


def test_default_state_calendar_spans_the_years_asked() -> None:
    cal = default_state_calendar([2026, 2025])
    assert cal.name == "Default state calendar"
    assert cal.first_day == default_school_days(2025)[0]
    assert cal.last_day == default_school_days(2026)[-1]


# --- Calendar files -----------------------------------------------------------------------------


def test_csv_with_bom_blank_lines_and_crlf() -> None:
    text = "\ufeffdate\r\n2025-08-21\r\n\r\n2025-08-20\r\n  2025-08-22 \r\n"
    assert parse_calendar_csv(text) == [D("2025-08-20"), D("2025-08-21"), D("2025-08-22")]
    assert parse_calendar_file("x.csv", text.encode("utf-8")) == parse_calendar_csv(text)
    assert parse_calendar_file("x.csv", b"\xef\xbb\xbfDate\n2025-08-20\n") == [D("2025-08-20")]


def test_csv_reports_every_bad_line_with_line_and_column() -> None:
    text = "date\n2025-08-20\n2025-02-30\n\nnot a date\n2025-08-20\n2025-08-21,extra\n"
    with pytest.raises(InvalidInput) as err:
        parse_calendar_csv(text, source="district.csv")
    msg = str(err.value)
    assert msg.startswith("district.csv:")
    assert "line 3, column 1 (date): '2025-02-30' is not a date" in msg
    assert "line 5, column 1 (date): 'not a date'" in msg
    assert "line 6, column 1 (date): 2025-08-20 repeats line 2" in msg
    assert "line 7: expected 1 column (date), found 2" in msg
    assert "Nothing was loaded" in msg


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "header must be exactly 'date'"),
        ("day\n2025-08-20\n", "got 'day'"),
        ("date,note\n2025-08-20,x\n", "header"),
        ("date\n\n\n", "lists no school days"),
    ],
)
def test_csv_header_and_empty_files(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment):
        parse_calendar_csv(text)


def test_csv_line_numbers_follow_the_file_even_with_quoted_newlines() -> None:
    with pytest.raises(InvalidInput, match="line 4, column 1"):
        parse_calendar_csv('date\n"2025-08-20\n"\n2025-13-01\n')


def test_non_utf8_file_is_refused_clearly() -> None:
    with pytest.raises(InvalidInput, match="not UTF-8") as err:
        parse_calendar_file("cal.csv", "date\n2025-08-20\nJos\xe9\n".encode("latin-1"))
    assert err.value.field == "file"


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\nUID:{i}@x\r\n{e}END:VEVENT\r\n" for i, e in enumerate(events))
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}END:VCALENDAR\r\n".encode()
    )


def test_ics_all_day_multi_day_timed_and_duration_events() -> None:
    data = _ics(
        "DTSTART;VALUE=DATE:20250820\r\nDTEND;VALUE=DATE:20250823\r\n",  # Wed-Fri (end excl.)
        "DTSTART;VALUE=DATE:20250825\r\n",  # one day, no DTEND
        "DTSTART:20250826T150000Z\r\nDTEND:20250828T160000Z\r\n",  # timed: its start day
        "DTSTART:20250901T030000Z\r\nDURATION:PT1H\r\n",  # 21:00 Aug 31 in Denver
        "DTSTART;VALUE=DATE:20250908\r\nDURATION:P2D\r\n",
        "DTSTART;VALUE=DATE:20250915\r\nSTATUS:CANCELLED\r\n",
    )
    expected = ["2025-08-20", "2025-08-21", "2025-08-22", "2025-08-25", "2025-08-26"]
    expected += ["2025-08-31", "2025-09-08", "2025-09-09"]
    assert parse_calendar_ics(data) == [D(d) for d in expected]
    assert parse_calendar_file("anything.txt", b"\xef\xbb\xbf" + data) == [D(d) for d in expected]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"BEGIN:VCALENDAR\r\ngarbage\r\nEND:VCALENDAR\r\n", "not a valid iCalendar"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250820\r\n", "not a valid"),
        (_ics("DTSTART;VALUE=DATE:2025xx20\r\n"), "event 1 has an unreadable date"),
        (_ics("SUMMARY:no start\r\n"), "event 1 has no DTSTART"),
        (_ics("DTSTART;VALUE=DATE:20250820\r\nRRULE:FREQ=DAILY;COUNT=5\r\n"), "repeats"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "has no events"),
    ],
)
def test_broken_ics_files_are_refused_clearly(data: bytes, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment) as err:
        parse_calendar_file("school.ics", data)
    assert str(err.value).startswith("school.ics")


def test_a_file_named_ics_is_read_as_icalendar() -> None:
    with pytest.raises(InvalidInput, match="not a valid iCalendar"):
        parse_calendar_file("school.ics", b"date\n2025-08-20\n")


def _counted_day_by_day(calendar: BusinessCalendar, start: date, end: date) -> int:
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_business_day(day)
    return count


@settings(deadline=None)
@given(
    days_2020s,
    st.integers(min_value=-30, max_value=900),
    st.sets(st.integers(min_value=-5, max_value=900), max_size=8),
)
def test_business_days_between_agrees_with_counting_each_day(
    start: date, n: int, offsets: set[int]
) -> None:
    """The arithmetic count (issue 14) equals walking the days, across years, with the state's
    own closures and reopened days (a holiday among them when one falls in the range)."""
    holidays = [d for d in (start + timedelta(days=k) for k in range(n)) if UT.holiday_name(d)]
    listed = sorted({start + timedelta(days=k) for k in offsets} | set(holidays[:2]))
    calendar = BusinessCalendar(
        extra_closures=frozenset(listed[::2]), reopened=frozenset(listed[1::2])
    )
    end = start + timedelta(days=n)
    assert calendar.business_days_between(start, end) == _counted_day_by_day(calendar, start, end)
