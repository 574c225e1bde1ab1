"""Background tasks (django-tasks API; the database worker `seats db_worker` runs them).

Cron enqueues the daily sweep (`seats sweep --enqueue`) or runs it in-process (`seats sweep`);
either way the same service does the work, and a second run on one day changes nothing.
"""

from __future__ import annotations

from datetime import date

from django_tasks import task

from seats.core import clock

from .services.sweep_runs import sweep_day_once, worker_name


@task()
def daily_sweep(as_of: str | None = None) -> dict[str, object]:
    """Run the sweep for ``as_of`` (ISO date; default today in the state's time zone), once per
    day: a second queued sweep for a day that another worker ran or is running does nothing."""

    day = date.fromisoformat(as_of) if as_of else clock.today()
    return sweep_day_once(as_of=day, worker=worker_name())


@task()
def deliver_notices(batch: int = 50) -> dict[str, int]:
    """Fan out due notices and deliver what is due (e-mail and inbox); safe to run concurrently."""
    from .services.delivery import run_once

    report = run_once(batch=batch)
    return {
        "fanned_out": report.fanned_out,
        "claimed": report.claimed,
        "sent": report.sent,
        "retrying": report.retrying,
        "failed": report.failed,
    }
