"""A student's record: enrollments, enrollee status explained, the timeline, the checklist."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from seats.core import clock
from seats.core.services.policy import policy_for
from seats.domain.adulted import checklist as checklist_rules
from seats.domain.adulted import funding
from seats.domain.adulted.enrollee import EnrolleeStatus, status_from_dates
from seats.domain.adulted.registration import seop_signed
from seats.domain.calendars import school_year_of

from ..models import (
    AdultStudent,
    Assessment,
    ChecklistItem,
    ContactHour,
    Enrollment,
    RecordChange,
    Seop,
)


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


def _facts(values: dict) -> str:  # type: ignore[type-arg]
    parts = []
    for key, value in values.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        parts.append(f"{key.replace('_', ' ')} {value if value not in (None, '') else 'none'}")
    return "; ".join(parts)


def describe_change(c: RecordChange) -> str:
    """A history row in words: from, to, who and why."""
    who = c.by.get_username() if c.by else "the system"
    if c.what == RecordChange.What.FUNDING_CODE:
        text = f"from {c.before.get('code') or 'none'} to {c.after.get('code')}"
        if c.after.get("on"):
            text += f" from {c.after['on']}"
    elif c.action == RecordChange.Action.VOID:
        text = f"voided ({_facts(c.before)})"
    elif c.what == RecordChange.What.SEOP:
        text = f"changed: {_facts(c.after)}" if c.before else f"recorded: {_facts(c.after)}"
    else:
        text = f"from ({_facts(c.before)}) to ({_facts(c.after)})"
    reason = f"; why: {c.reason}" if c.reason else ""
    return f"{text}; by {who} ({c.role}) at {c.at:%Y-%m-%d %H:%M}{reason}"


def changes_of(e: Enrollment, *, limit: int = 200) -> list[RecordChange]:
    rows = RecordChange.objects.filter(enrollment=e).select_related("by").order_by("-at", "-id")
    return list(rows[:limit])


CHANGE_TITLES = {
    ("funding_code", "set"): "Funding code set",
    ("hour", "void"): "Contact hours voided",
    ("hour", "correct"): "Contact hours corrected",
    ("hour", "replace"): "Contact hours replaced",
    ("assessment", "void"): "Assessment voided",
    ("assessment", "correct"): "Assessment corrected",
    ("seop", "set"): "SEOP recorded",
}


def tests_of(e: Enrollment) -> list[Assessment]:
    """The enrollment's assessments in force with their scores (two queries), by day."""
    return list(
        Assessment.objects.filter(enrollment=e).prefetch_related("scores").order_by("day", "pk")
    )


def timeline(
    e: Enrollment, *, limit: int = 200, tests: Sequence[Assessment] | None = None
) -> list[Event]:
    """Entry, assessments, SEOP, enrollee date, the days of hours (summed), exit, and every
    void and correction (on the day it was made), by date. ``tests``: the assessments in force
    already read with their scores (``tests_of``), not read again."""
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
    for c in changes_of(e, limit=limit):
        title = CHANGE_TITLES.get((c.what, c.action), c.get_what_display())
        events.append(Event(timezone.localdate(c.at), title, describe_change(c)))
    return sorted(events, key=lambda ev: ev.day, reverse=True)[:limit]


def hour_entries(e: Enrollment):  # type: ignore[no-untyped-def]
    """Every contact-hour entry of the program year, void ones included, latest day first."""
    return (
        ContactHour.all_objects.filter(enrollment=e)
        .select_related("entered_by", "voided_by")
        .order_by("-day", "kind", "-id")
    )


def assessments_of(e: Enrollment):  # type: ignore[no-untyped-def]
    """Every assessment of the program year, void ones included."""
    return (
        Assessment.all_objects.filter(enrollment=e)
        .select_related("voided_by")
        .prefetch_related("scores")
        .order_by("day", "pk")
    )


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


def seop_of(e: Enrollment) -> Seop | None:
    """The program year's SEOP, or None (one query, none cached on the enrollment)."""
    return Seop.objects.filter(enrollment=e).first()


def seop_signatures(seop) -> str:  # type: ignore[no-untyped-def]
    """The SEOP's signature state in words (002): "no SEOP yet" without one."""
    if seop is None:
        return "no SEOP yet"
    return seop_signed(
        counselor_signed_on=seop.counselor_signed_on,
        student_signed_on=seop.student_signed_on,
        waiver_refused=seop.waiver_refused,
    )
