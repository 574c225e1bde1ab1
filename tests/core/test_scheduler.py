"""The demo server's scheduler sweeps each state day once and delivers the outbox on its own."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from seats.core.models import Delivery, DeliveryStatus, InboxMessage, OverdueFlag, SweepRun
from seats.core.scheduler import Scheduler, run_in_thread
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _late_request():
    """A request whose provider decision is a day overdue, so a sweep has work to do."""
    world = build_world()
    world.register()
    cca = world.submit()
    return cca, cca.provider_decision_due + timedelta(days=1)


def test_the_first_tick_sweeps_the_state_day_and_delivers_what_is_queued() -> None:
    cca, day = _late_request()
    with override_settings(SEATS_TODAY=day):
        report = Scheduler(worker="demo").tick()
    assert report.swept is not None and report.swept["as_of"] == day.isoformat()
    assert OverdueFlag.objects.filter(cca=cca, kind="provider_decision").exists()
    assert (
        report.sent > 0
        and report.sent == Delivery.objects.filter(status=DeliveryStatus.SENT).count()
    )
    assert not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists()
    assert InboxMessage.objects.exists()
    assert any("sweep" in line for line in report.lines())


def test_a_day_is_swept_once_and_the_next_day_again() -> None:
    _, day = _late_request()
    scheduler = Scheduler(worker="demo")
    with override_settings(SEATS_TODAY=day):
        scheduler.tick()
        second = scheduler.tick()
    assert second.swept is None and second.sent == 0
    with override_settings(SEATS_TODAY=day + timedelta(days=1)):
        third = scheduler.tick()
    assert third.swept is not None and third.swept["as_of"] == (day + timedelta(days=1)).isoformat()
    assert SweepRun.objects.count() == 2


def test_a_day_another_server_swept_is_left_alone() -> None:
    _, day = _late_request()
    with override_settings(SEATS_TODAY=day):
        Scheduler(worker="first").tick()
        other = Scheduler(worker="second").tick()
    assert other.swept == {"as_of": day.isoformat(), "skipped": "already claimed by another run"}
    assert SweepRun.objects.get().claimed_by == "first"


def test_the_thread_runs_ticks_until_stopped() -> None:
    _, day = _late_request()
    said: list[str] = []
    with override_settings(SEATS_TODAY=day):
        thread, stop = run_in_thread(interval=0.05, say=said.append)
        deadline = time.monotonic() + 20
        while not SweepRun.objects.filter(finished_at__isnull=False).exists():
            assert time.monotonic() < deadline, "the scheduler never swept"
            time.sleep(0.05)
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert any(line.startswith("[scheduler] sweep") for line in said)


def test_serve_refuses_a_too_short_interval() -> None:
    with pytest.raises(CommandError, match="at least 1 second"):
        call_command("serve", "--scheduler-interval", "0.1")
