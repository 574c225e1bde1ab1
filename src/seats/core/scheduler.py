"""The in-process scheduler of a demo or training server: cron and the task worker in one thread.

Production runs the daily sweep from a timer and notices from `seats deliver` or the task worker
(docs/operations.md). A person trying SEATS with `make run` has neither, and without them the
state's compliance view, the worklists and the inboxes would disagree until someone ran
`seats sweep` and `seats deliver` by hand. `seats serve` therefore starts this scheduler beside
the development server: at start and whenever the state's date changes it runs that day's sweep
(claimed, so once per day however many servers ask), and every few seconds it delivers what the
outbox holds. It calls the same services as the production processes; it only replaces the clock
that triggers them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import close_old_connections, connections

from seats.core import clock

from .services.delivery import WorkerReport, run_once
from .services.sweep_runs import sweep_day_once, worker_name

log = logging.getLogger(__name__)

#: Deliveries claimed at a time; a pass claims again until nothing is due.
BATCH = 500


@dataclass
class TickReport:
    """What one tick did: the sweep it ran (if the day was new) and the deliveries it made."""

    swept: dict[str, object] | None = None
    sent: int = 0
    failed: int = 0
    retrying: int = 0

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.swept is not None:
            if "skipped" in self.swept:
                out.append(f"sweep {self.swept['as_of']}: already run for this day")
            else:
                out.append(
                    f"sweep {self.swept['as_of']}: "
                    f"{self.swept['notices_of_enrollment']} Notices of Enrollment"
                )
        if self.sent or self.failed or self.retrying:
            out.append(f"notices sent {self.sent}, retrying {self.retrying}, failed {self.failed}")
        return out


@dataclass
class Scheduler:
    """Runs each state day's sweep once and drains the notice outbox, one tick at a time."""

    worker: str = field(default_factory=worker_name)
    last_swept: date | None = None

    def tick(self) -> TickReport:
        report = TickReport()
        today = clock.today()
        if today != self.last_swept:
            report.swept = sweep_day_once(as_of=today, worker=self.worker)
            self.last_swept = today
        passed: WorkerReport = run_once(worker=self.worker, batch=BATCH)
        report.sent, report.failed, report.retrying = passed.sent, passed.failed, passed.retrying
        return report


def run_in_thread(
    *, interval: float, say: Callable[[str], None] = print
) -> tuple[threading.Thread, threading.Event]:
    """Start the scheduler in a daemon thread; set the returned event to stop it."""

    stop = threading.Event()
    scheduler = Scheduler()

    def loop() -> None:
        while not stop.is_set():
            try:
                close_old_connections()
                for line in scheduler.tick().lines():
                    say(f"[scheduler] {line}")
            except Exception:  # a failed tick must not kill the server; the next one retries
                log.exception("scheduler tick failed")
            finally:
                connections.close_all()
            stop.wait(interval)

    thread = threading.Thread(target=loop, name="seats-scheduler", daemon=True)
    thread.start()
    return thread, stop
