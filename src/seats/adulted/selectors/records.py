"""A student's record: enrollments, enrollee status explained, the timeline, the checklist."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from seats.core import clock
from seats.core.services.policy import policy_for
from seats.domain.adulted import checklist as checklist_rules
from seats.domain.adulted import funding
from seats.domain.adulted.enrollee import EnrolleeStatus, status_from_dates
from seats.domain.calendars import school_year_of

from ..models import AdultStudent, Assessment, ChecklistItem, ContactHour, Enrollment


def status_of(e: Enrollment) -> EnrolleeStatus:
    """The enrollee status from the figures stored on the enrollment (kept current)."""
    return status_from_dates(
        fiscal_year=e.fiscal_year,
        hours_on=e.hours_reached_on,
        hours_total=e.hours_total,
        efl_day=e.efl_on,
        seop_core_goal_day=e.seop_on,
        funding_code_day=e.funding_code_on if e.funding_code else None,
        needed_hours=policy_for(e.fiscal_year).adulted_enrollee_hours,
    )


@dataclass(frozen=True)
class Event:
    day: date
    what: str
    detail: str


def tests_of(e: Enrollment) -> list[Assessment]:
    """The enrollment's assessments with their scores (two queries), by day."""
    return list(
        Assessment.objects.filter(enrollment=e).prefetch_related("scores").order_by("day", "pk")
    )


def timeline(
    e: Enrollment, *, limit: int = 200, tests: Sequence[Assessment] | None = None
) -> list[Event]:
    """Entry, assessments, SEOP, enrollee date, the days of hours (summed) and exit, by date.
    ``tests``: the assessments already read with their scores (``tests_of``), not read again."""
    events = [Event(e.entry_date, "Entry", f"{e.get_area_of_focus_display()}, {e.program.name}")]
    for a in tests_of(e) if tests is None else tests:
        scores = ", ".join(f"{s.area} {s.scale} ({s.level_code})" for s in a.scores.all())
        events.append(Event(a.day, f"Assessment {a.test}", f"{scores}. {a.note}".strip()))
    if e.seop_on:
        events.append(Event(e.seop_on, "SEOP core goal", ""))
    if e.funding_code and e.funding_code_on:
        events.append(Event(e.funding_code_on, "Funding code", funding.describe(e.funding_code)))
    if e.enrollee_on:
        events.append(Event(e.enrollee_on, "Enrollee status reached", ""))
    days: dict[date, Decimal] = {}
    for day, hours in ContactHour.objects.filter(enrollment=e).values_list("day", "hours"):
        days[day] = days.get(day, Decimal(0)) + hours
    events += [Event(d, "Contact hours", f"{h}") for d, h in days.items()]
    if e.exit_date:
        events.append(Event(e.exit_date, "Exit", e.get_exit_reason_display()))
    return sorted(events, key=lambda ev: ev.day, reverse=True)[:limit]


def checklist_of(student: AdultStudent, fiscal_year: int | None = None):  # type: ignore[no-untyped-def]
    year = fiscal_year or school_year_of(clock.today())
    rows = ChecklistItem.objects.filter(student=student, fiscal_year__in=[0, year]).select_related(
        "checked_by"
    )
    received = [
        checklist_rules.Received(
            r.item,
            r.received_on,
            r.checked_by.get_username() if r.checked_by else "",
            r.not_applicable,
        )
        for r in rows
    ]
    return checklist_rules.checklist(received, fiscal_year=year)


def wpu_of(e: Enrollment) -> funding.WpuResult:
    s = e.student
    return funding.wpu_for(
        born=s.date_of_birth,
        on=min(clock.today(), date(e.fiscal_year + 1, 6, 30)),
        k12_enrolled=s.k12_enrolled,
        graduated=s.graduated,
        hours=e.hours_total,
        hours_per_wpu=policy_for(e.fiscal_year).adulted_wpu_hours,
    )
