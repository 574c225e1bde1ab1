"""The yearly provider cycle (issue 11, part 4): what each provider has done, reminders before
each date, overdue flags and notices, the iCalendar feed."""

from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time

from seats.compliance.services.cycle import ics_feed, mark_done, provider_calendar
from seats.compliance.services.sweep import run_compliance_sweep
from seats.core.models import Notice
from seats.core.services.policy import set_policy
from seats.domain.compliance.calendar import Obligation, State
from seats.domain.compliance.ics import Event, calendar_text, fold
from seats.domain.errors import NotPermitted
from seats.domain.roles import Role
from tests.factories import build_world

from .helpers import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def states(world, day: date) -> dict[Obligation, State]:
    rows = provider_calendar(provider_id=world.provider.pk, school_year=2025, as_of=day)
    return {r.dated.obligation: r.state for r in rows}


def sweep(day: date) -> None:
    with freeze_time(f"{day.isoformat()} 14:00:00"):
        run_compliance_sweep(as_of=day)


def kinds(kind: str) -> list[str]:
    return sorted(n.context["course"] for n in Notice.objects.filter(kind=kind))


def test_reminder_before_overdue_after_and_done_stops_both(world) -> None:
    assert states(world, date(2025, 9, 1))[Obligation.TEACHING_ASSIGNMENTS] is State.UPCOMING
    sweep(date(2025, 9, 29))
    assert "Teaching assignments recorded in CACTUS/USIMS" in kinds("obligation_reminder")
    reminders = Notice.objects.filter(kind="obligation_reminder").count()
    sweep(date(2025, 9, 30))
    assert Notice.objects.filter(kind="obligation_reminder").count() == reminders, "once"
    sweep(date(2025, 10, 14))
    assert "Teaching assignments recorded in CACTUS/USIMS" in kinds("obligation_overdue")
    assert states(world, date(2025, 10, 14))[Obligation.TEACHING_ASSIGNMENTS] is State.OVERDUE
    with pytest.raises(NotPermitted):
        mark_done(
            actor=world.actor(Role.PROVIDER_ADMIN),
            provider_id=world.provider.pk,
            school_year=2025,
            obligation="annual_renewal",
            done_on=date(2026, 3, 1),
        )
    mark_done(
        actor=world.actor(Role.STATE_SPECIALIST),
        provider_id=world.provider.pk,
        school_year=2025,
        obligation="annual_renewal",
        done_on=date(2026, 3, 1),
    )
    sweep(date(2026, 4, 1))
    renewal = Notice.objects.filter(kind="obligation_overdue", dedupe_key__contains=":2025:annual")
    assert not renewal.exists(), "done before its date: no overdue notice"
    late = Notice.objects.filter(kind="obligation_overdue", dedupe_key__contains=":2025:course_req")
    assert late.exists(), "the Course Request Spreadsheet of 2025 was not sent"
    assert states(world, date(2026, 4, 1))[Obligation.ANNUAL_RENEWAL] is State.DONE


def test_the_dates_are_the_years_policy(world) -> None:
    set_policy(
        school_year=2025,
        key="course_request_due",
        value="02-28",
        effective_on=date(2025, 7, 1),
        reason="State e-mail of 2025-12-01",
    )
    rows = provider_calendar(
        provider_id=world.provider.pk, school_year=2025, as_of=date(2026, 1, 5)
    )
    due = {r.dated.obligation: r.dated.due for r in rows}
    assert due[Obligation.COURSE_REQUEST] == date(2026, 2, 28)
    assert "course_request_due" in next(
        r.dated.source for r in rows if r.dated.obligation is Obligation.COURSE_REQUEST
    )


def test_the_ics_feed_follows_rfc_5545(world) -> None:
    with freeze_time("2025-09-01 12:00:00"):
        text = ics_feed(actor=SYSTEM, provider_id=world.provider.pk, as_of=date(2025, 9, 1))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith(
        "END:VCALENDAR\r\n"
    )
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.count("BEGIN:VEVENT") == 10, "five obligations, this year and next"
    assert "DTSTART;VALUE=DATE:20251013\r\n" in text and "DTSTAMP:20250901T120000Z" in text
    assert "UID:PRV1-2025-teaching_assignments@seats" in text and "TRIGGER:-P14D" in text


def test_text_is_escaped_and_long_lines_fold_inside_no_character() -> None:
    text = calendar_text([Event("u1", date(2026, 2, 15), "Due; a, b\\c\nd", "é" * 80)], name="n")
    assert "SUMMARY:Due\\; a\\, b\\\\c\\nd\r\n" in text
    folded = fold("DESCRIPTION:" + "é" * 80)
    assert all(len(p.encode()) <= 75 for p in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "é" * 80
