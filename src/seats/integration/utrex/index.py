"""The SEATS side of the check, fetched set-based: the CCAs expected in UTREx for one school year
as compact ``SeatsCourse`` values indexed by the key UTREx gives a course record, and the
provider's calendar window."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Case, DateField, Value, When
from django.db.models.functions import Coalesce, TruncDate

from seats.core.models import Organisation
from seats.core.services.calendars import school_calendar_for
from seats.domain.calendars import STATE_TIME_ZONE, school_year_bounds
from seats.domain.statuses import TERMINAL

from .course import SeatsCourse, Window

Key = tuple[str, str, int, str]
DENVER = ZoneInfo(STATE_TIME_ZONE)
COURSE_FIELDS = (
    "pk",
    "provider_id",
    "student__ssid",
    "offering__core_code",
    "offering__usbe_title",
    "school_year",
    "session",
    "status",
    "credit_attempted",
    "credit_earned",
    "closed_on",
    "confirmation_date",
    "course_start_date",
)
_TERMINAL = frozenset(s.value for s in TERMINAL)


def closed_on() -> Case:
    """The day a closeout was reached (completion date, else the day of the status change, in
    state time), computed by the database so no timestamp is parsed per row."""
    return Case(
        When(
            status__in=_TERMINAL,
            then=Coalesce("completion_date", TruncDate("status_changed_at", tzinfo=DENVER)),
        ),
        default=Value(None),
        output_field=DateField(),
    )


class YearIndex:
    """The SEATS side of one school year: expected CCAs by key, and which were matched."""

    def __init__(self, year: int, courses: Iterable[SeatsCourse]) -> None:
        self.year = year
        self.by_key: dict[Key, SeatsCourse | list[SeatsCourse]] = {}
        self.matched: set[int] = set()
        for course in courses:
            key = (course.ssid, course.core_code, year, course.session)
            there = self.by_key.get(key)
            if there is None:
                self.by_key[key] = course
            elif isinstance(there, list):
                there.append(course)
            else:
                self.by_key[key] = [there, course]

    def courses(self) -> Iterable[SeatsCourse]:
        for value in self.by_key.values():
            yield from value if isinstance(value, list) else (value,)

    def take(
        self, key: Key, best: Callable[[list[SeatsCourse]], SeatsCourse]
    ) -> tuple[SeatsCourse | None, bool]:
        """An unmatched course under ``key`` (now matched; ``best`` chooses among several, as
        when a student took the same course twice in one session), and whether the key exists."""
        value = self.by_key.get(key)
        if value is None:
            return None, False
        if not isinstance(value, list):
            if value.cca_id in self.matched:
                return None, True
            self.matched.add(value.cca_id)
            return value, True
        free = [c for c in value if c.cca_id not in self.matched]
        if not free:
            return None, True
        course = best(free)
        self.matched.add(course.cca_id)
        return course, True

    def unmatched(self) -> list[SeatsCourse]:
        return [c for c in self.courses() if c.cca_id not in self.matched]


def courses_from(rows: Iterable[tuple]) -> Iterable[SeatsCourse]:
    """Compact courses: repeated strings, numbers and dates are shared, not copied per row."""
    intern = sys.intern
    numbers: dict[Decimal, Decimal] = {}
    days: dict[date | None, date | None] = {None: None}
    for row in rows:
        (
            pk,
            prov,
            ssid,
            code,
            title,
            year,
            session,
            status,
            att,
            earned,
            closed_on,
            conf,
            start,
        ) = row
        yield SeatsCourse(
            cca_id=pk,
            provider_id=prov,
            ssid=ssid or "",
            core_code=intern(code),
            usbe_title=intern(title),
            school_year=year,
            session=intern(session),
            status=intern(status),
            credit_attempted=numbers.setdefault(att, att),
            credit_earned=numbers.setdefault(earned, earned) if earned is not None else None,
            closed_on=days.setdefault(closed_on, closed_on),
            confirmation_date=days.setdefault(conf, conf),
            course_start=days.setdefault(start, start),
        )


def calendar_window(provider_id: int, school_year: int) -> Window:
    """First and last school day of the provider's calendar in the school year (the calendar
    service picks the provider's own, its LEA's, the state's or the default one)."""
    organisation = Organisation.objects.get(pk=provider_id)
    first, last = school_year_bounds(school_year)
    calendar = school_calendar_for(organisation, around=date(school_year, 10, 1))
    days = [d for d in calendar.days if first <= d <= last] or [first, last]
    return Window(days[0], days[-1], calendar.name)
