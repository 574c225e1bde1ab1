"""Claiming a day's queued sweep, so that a day's sweep runs once however often it is queued.

The sweep itself is idempotent (flags and notices have natural keys), but a sweep queued twice
(a cron retry, two schedulers, an operator's extra ``--enqueue``) on a pool of workers would
still run twice at once, doubling the load of the heaviest job of the night. The queued task
therefore claims its day first: the claim is an INSERT on the unique day, committed before the
work starts, so exactly one worker wins it; the others find the row and stop. A claim whose
worker died (no ``finished_at`` after the lease) is taken over with a conditional UPDATE, which
again only one worker can win.
"""

from __future__ import annotations

import os
import socket
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from seats.core.models import SweepRun


def lease() -> timedelta:
    """How long a claimed day is held before another worker may take over a dead run."""
    return timedelta(seconds=settings.SEATS_SWEEP_LEASE_SECONDS)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def claim_day(*, as_of: date, worker: str, now: datetime | None = None) -> SweepRun | None:
    """The day's run if this worker now holds it, or None when another worker ran or runs it."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return SweepRun.objects.create(as_of=as_of, claimed_at=now, claimed_by=worker)
    except IntegrityError:
        pass
    stale = SweepRun.objects.filter(
        as_of=as_of, finished_at__isnull=True, claimed_at__lt=now - lease()
    )
    previous = stale.values_list("attempts", flat=True).first()
    if previous is None:
        return None
    taken = stale.filter(attempts=previous).update(
        claimed_at=now, claimed_by=worker, attempts=previous + 1
    )
    return SweepRun.objects.get(as_of=as_of) if taken else None


def finish_day(run: SweepRun, *, report: dict[str, object]) -> None:
    """Mark the day done, only while this worker still holds the claim."""
    SweepRun.objects.filter(pk=run.pk, claimed_by=run.claimed_by).update(
        finished_at=timezone.now(), report=report
    )


def sweep_day_once(*, as_of: date, worker: str) -> dict[str, object]:
    """Claim ``as_of``, run its sweep and record the report; a day another run holds is skipped.

    The queued task and the in-process scheduler of a demo server both come through here, so a
    day's sweep runs once whichever of them (or how many of them) asks first.
    """
    from .sweep import run_sweep

    run = claim_day(as_of=as_of, worker=worker)
    if run is None:
        return {"as_of": as_of.isoformat(), "skipped": "already claimed by another run"}
    report = run_sweep(as_of=as_of)
    result: dict[str, object] = {
        "as_of": report.as_of.isoformat(),
        "notices_of_enrollment": report.notices_of_enrollment,
        "deemed_approvals_refused": report.deemed_approvals_refused,
        "flags_raised": report.flags_raised,
        "flags_cleared": report.flags_cleared,
        "reminders": report.reminders,
    }
    finish_day(run, report=result)
    return result
