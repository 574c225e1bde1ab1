"""A day's queued sweep is claimed once; a dead run's claim is taken over by one worker only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from seats.core.models import SweepRun
from seats.core.services.sweep_runs import claim_day, finish_day, lease
from seats.core.tasks import daily_sweep

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 5)


def test_the_first_claim_wins_and_a_second_gets_nothing() -> None:
    first = claim_day(as_of=DAY, worker="a")
    assert first is not None and first.claimed_by == "a"
    assert claim_day(as_of=DAY, worker="b") is None
    assert SweepRun.objects.get().claimed_by == "a"


def test_a_finished_day_is_never_claimed_again_even_after_the_lease() -> None:
    run = claim_day(as_of=DAY, worker="a")
    finish_day(run, report={"ok": True})
    later = timezone.now() + lease() * 2
    assert claim_day(as_of=DAY, worker="b", now=later) is None


def test_a_dead_run_is_taken_over_after_its_lease_by_one_worker() -> None:
    start = timezone.now()
    claim_day(as_of=DAY, worker="dead", now=start)
    assert claim_day(as_of=DAY, worker="b", now=start + lease() - timedelta(seconds=1)) is None
    after = start + lease() + timedelta(seconds=1)
    taken = claim_day(as_of=DAY, worker="b", now=after)
    assert taken is not None and (taken.claimed_by, taken.attempts) == ("b", 2)
    assert claim_day(as_of=DAY, worker="c", now=after) is None  # b's fresh claim holds
    finish_day(run := SweepRun.objects.get(), report={})
    assert run.claimed_by == "b"


def test_a_worker_that_lost_its_claim_does_not_mark_the_day_finished() -> None:
    start = timezone.now()
    stale = claim_day(as_of=DAY, worker="dead", now=start)
    claim_day(as_of=DAY, worker="b", now=start + lease() + timedelta(seconds=1))
    finish_day(stale, report={"from": "dead"})
    assert SweepRun.objects.get().finished_at is None


def test_the_queued_sweep_runs_once_per_day() -> None:
    first = daily_sweep.call(DAY.isoformat())
    second = daily_sweep.call(DAY.isoformat())
    assert "notices_of_enrollment" in first
    assert second == {"as_of": DAY.isoformat(), "skipped": "already claimed by another run"}
    assert SweepRun.objects.get().report == first
