"""Business days and school days, counted as Utah law computes time (SPEC 3.3 "Counting").

* A period of N days after an event excludes the event's own day and includes the last day:
  ``add_business_days(d, 3)`` is the 3rd business day after ``d``.
* Business days are Monday-Friday except the state's legal holidays (observed dates included),
  from the ``holidays`` package, adjusted by the state's own data (extra closures, removals).
* A school calendar alone decides which days are school days (a school in session on a holiday
  counts that day). Where an organisation has no calendar, the default state calendar serves.
* A period counted in calendar days that ends on a non-business day ends on the next business
  day (``roll_forward``); fixed dates never move.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from . import dates
from .errors import InvalidInput

ONE_DAY = timedelta(days=1)
#: Time of day is the state's (SPEC 3.3); a timed calendar event belongs to the state's day.
STATE_TIME_ZONE = "America/Denver"


@lru_cache(maxsize=64)
def _state_holidays(state: str, year: int) -> dict[date, str]:
    table = holidays_lib.country_holidays("US", subdiv=state, years=year, observed=True)
    return {d: name for d, name in table.items() if d.year == year}


@dataclass(frozen=True)
class BusinessCalendar:
    """Monday-Friday minus the state's holidays; ``extra_closures`` and ``reopened`` are the
    state's own corrections to the package's list (data the state maintains)."""

    state: str = "UT"
    extra_closures: frozenset[date] = frozenset()
    reopened: frozenset[date] = frozenset()
    name: str = "Utah business days"

    def holiday_name(self, day: date) -> str | None:
        if day in self.reopened:
            return None
        if day in self.extra_closures:
            return "State closure"
        return _state_holidays(self.state, day.year).get(day)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        day += ONE_DAY
        while not self.is_business_day(day):
            day += ONE_DAY
        return day

    def previous_business_day(self, day: date) -> date:
        """The last business day strictly before ``day``."""
        day -= ONE_DAY
        while not self.is_business_day(day):
            day -= ONE_DAY
        return day

    def roll_forward(self, day: date) -> date:
        """``day`` itself when it is a business day, else the next business day."""
        return day if self.is_business_day(day) else self.next_business_day(day)

    def add_business_days(self, start: date, n: int) -> date:
        """The ``n``-th business day after ``start`` (``start`` itself not counted)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        for _ in range(n):
            day = self.next_business_day(day)
        return day

    def business_days_between(self, start: date, end: date) -> int:
        """Business days in (start, end]: how many were used of a period that began on start.

        Counted arithmetically (weekdays, less the closed weekdays in the range), not day by
        day: a queue of requests months overdue asked this for every row (issue 14)."""
        if end <= start:
            return 0
        weeks, rest = divmod((end - start).days, 7)
        first = start.weekday()
        count = weeks * 5 + sum(1 for n in range(1, rest + 1) if (first + n) % 7 < 5)
        closed = set(self.extra_closures)
        for year in range(start.year, end.year + 1):
            closed.update(_state_holidays(self.state, year))
        closed -= self.reopened
        return count - sum(1 for d in closed if start < d <= end and d.weekday() < 5)

    def add_calendar_days(self, start: date, n: int) -> date:
        """``n`` calendar days after ``start``, moved to the next business day if it is not one."""
        return self.roll_forward(start + timedelta(days=n))


class CalendarExhausted(InvalidInput):
    """A school calendar has too few school days loaded to count the period."""


@dataclass(frozen=True)
class SchoolCalendar:
    """The instructional days of one organisation (or the default state calendar)."""

    name: str
    days: tuple[date, ...] = field(default=())

    @classmethod
    def of(cls, name: str, days: Iterable[date]) -> SchoolCalendar:
        return cls(name, tuple(sorted(set(days))))

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        i = bisect.bisect_left(self.days, day)
        return i < len(self.days) and self.days[i] == day

    def is_school_day(self, day: date) -> bool:
        return day in self

    def add_school_days(self, start: date, n: int) -> date:
        """The ``n``-th school day after ``start`` (``start`` not counted, school day or not)."""
        if n < 1:
            raise ValueError("n must be >= 1")
        i = bisect.bisect_right(self.days, start) + n - 1
        if i >= len(self.days):
            last = self.days[-1].isoformat() if self.days else "none"
            raise CalendarExhausted(
                f"The school calendar '{self.name}' has fewer than {n} school days after "
                f"{start.isoformat()} (last loaded day: {last}); "
                "load the next school year's calendar.",
                rule="SPEC 3.3: school days come from the school calendar",
                field="calendar",
            )
        return self.days[i]

    def next_school_day(self, day: date) -> date:
        return self.add_school_days(day, 1)

    def school_days_between(self, start: date, end: date) -> int:
        """School days in (start, end]."""
        return bisect.bisect_right(self.days, end) - bisect.bisect_right(self.days, start)

    @property
    def first_day(self) -> date | None:
        return self.days[0] if self.days else None

    @property
    def last_day(self) -> date | None:
        return self.days[-1] if self.days else None


# --- School years -----------------------------------------------------------------------------


def school_year_of(day: date) -> int:
    """The school year (named by the year it starts in) that ``day`` falls in: July-June."""
    return day.year if day.month >= 7 else day.year - 1


def school_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def school_year_bounds(year: int) -> tuple[date, date]:
    return date(year, 7, 1), date(year + 1, 6, 30)


# --- The default state calendar ---------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def default_school_days(year: int, business: BusinessCalendar | None = None) -> list[date]:
    """A plausible state calendar for school year ``year``: business days from the third
    Wednesday of August to the last Friday before June, minus Thanksgiving week's Wednesday-Friday,
    a winter break (Dec 22 - Jan 2) and a spring break (the week of the last Monday in March)."""
    business = business or BusinessCalendar()
    start = _nth_weekday(year, 8, 2, 3)
    end = _nth_weekday(year + 1, 6, 4, 1) - timedelta(days=7)
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    breaks = {thanksgiving - timedelta(days=1), thanksgiving + timedelta(days=1)}
    breaks |= {date(year, 12, 22) + timedelta(days=i) for i in range(12)}
    last_march_monday = _nth_weekday(year + 1, 3, 0, 4)
    if (last_march_monday + timedelta(days=7)).month == 3:
        last_march_monday += timedelta(days=7)
    breaks |= {last_march_monday + timedelta(days=i) for i in range(5)}
    days, day = [], start
    while day <= end:
        if business.is_business_day(day) and day not in breaks:
            days.append(day)
        day += ONE_DAY
    return days


def default_state_calendar(
    years: Iterable[int], business: BusinessCalendar | None = None
) -> SchoolCalendar:
    days: list[date] = []
    for year in sorted(set(years)):
        days.extend(default_school_days(year, business))
    return SchoolCalendar.of("Default state calendar", days)


# --- Reading calendar files -------------------------------------------------------------------


def parse_iso_date(text: str, *, where: str, field_name: str = "date") -> date:
    """Parse an ISO date (YYYY-MM-DD) or raise ``InvalidInput`` saying where and what."""
    value = text.strip()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{where}: {value!r} is not a date (use YYYY-MM-DD, a real calendar day).",
            field=field_name,
        ) from None
    if not dates.in_range(day):
        raise InvalidInput(f"{where}: {dates.out_of_range(day)}", field=field_name)
    return day


def parse_calendar_csv(text: str, *, source: str = "calendar file") -> list[date]:
    """One ISO date a line under the header ``date``. Every bad line is reported, with its line
    and column, in one error (so a registrar fixes the file once); blank lines are ignored;
    duplicates are an error because they usually mean a copy-paste slip."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or [c.strip().lower() for c in header] != ["date"]:
        got = ",".join(header) if header else "an empty first line"
        raise InvalidInput(
            f"{source}, line 1: the header must be exactly 'date' (got {got!r}).", field="date"
        )
    days: list[date] = []
    seen: dict[date, int] = {}
    problems: list[str] = []
    for row in reader:
        line_no = reader.line_num
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != 1:
            problems.append(f"line {line_no}: expected 1 column (date), found {len(row)}")
            continue
        try:
            day = parse_iso_date(row[0], where=f"line {line_no}, column 1 (date)")
        except InvalidInput as exc:
            problems.append(exc.message.rstrip("."))
            continue
        if day in seen:
            problems.append(f"line {line_no}, column 1 (date): {day} repeats line {seen[day]}")
            continue
        seen[day] = line_no
        days.append(day)
    if problems:
        shown = "; ".join(problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise InvalidInput(f"{source}: {shown}{more}. Nothing was loaded.", field="date")
    if not days:
        raise InvalidInput(f"{source}: the file lists no school days.", field="date")
    return sorted(days)


def _local_day(value: date, tz: ZoneInfo) -> date:
    """The state's calendar day of a DTSTART/DTEND value: a timed event in another zone (often
    UTC from exporters) belongs to the day it is in the state."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(tz)
        return value.date()
    return value


def _event_days(event: Any, n: int, source: str, tz: ZoneInfo) -> list[date]:
    if event.get("RRULE") is not None or event.get("RDATE") is not None:
        raise InvalidInput(
            f"{source}: event {n} repeats (RRULE/RDATE); export the calendar with each school "
            "day (or range of days) as its own event.",
            field="file",
        )
    try:
        start = event.get("DTSTART")
        if start is None:
            raise InvalidInput(f"{source}: event {n} has no DTSTART.", field="DTSTART")
        first = start.dt
        end = event.get("DTEND")
        end_value = end.dt if end is not None else None
        duration = event.get("DURATION")
        length = duration.dt if duration is not None else None
    except InvalidInput:
        raise
    except Exception as exc:  # icalendar raises its own errors for unreadable values
        raise InvalidInput(
            f"{source}: event {n} has an unreadable date ({exc}).", field="file"
        ) from None
    if not isinstance(first, date):
        raise InvalidInput(f"{source}: event {n} has an unreadable DTSTART.", field="DTSTART")
    first_day = _local_day(first, tz)
    if isinstance(first, datetime):
        return [first_day]  # a timed event marks the day it starts on
    if end_value is None and isinstance(length, timedelta):
        end_value = first + length
    last_day = first_day + ONE_DAY  # all-day DTEND is exclusive
    if isinstance(end_value, date):
        last_day = max(_local_day(end_value, tz), last_day)
    return [first_day + timedelta(days=i) for i in range((last_day - first_day).days)]


def parse_calendar_ics(
    data: bytes, *, source: str = "calendar file", tz: str = STATE_TIME_ZONE
) -> list[date]:
    """Each VEVENT marks instructional days. An all-day event covers DTSTART up to (not
    including) DTEND, or DURATION; a timed event counts the day it starts on, in the state's
    time zone. Cancelled events are skipped; repeating events are refused rather than guessed."""
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises ValueError and friends for broken files
        raise InvalidInput(f"{source}: not a valid iCalendar file ({exc}).", field="file") from None
    zone = ZoneInfo(tz)
    days: set[date] = set()
    for n, event in enumerate(cal.walk("VEVENT"), start=1):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        days.update(_event_days(event, n, source, zone))
    if not days:
        raise InvalidInput(f"{source}: the iCalendar file has no events.", field="file")
    return sorted(days)


def parse_calendar_file(name: str, data: bytes) -> list[date]:
    """Read a calendar file by its content (iCalendar when it starts with BEGIN:VCALENDAR) or,
    failing that, by its name (``.ics``); anything else must be a UTF-8 CSV."""
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:15].upper()
    if head.startswith(b"BEGIN:VCALENDAR") or name.lower().endswith((".ics", ".ical")):
        return parse_calendar_ics(data.removeprefix(b"\xef\xbb\xbf"), source=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8 CSV.", field="file"
        ) from None
    return parse_calendar_csv(text, source=name)
