"""`seats compliance sweep`: the daily compliance work (TOR steps, provider reminders). Run by
cron or the task worker after core's sweep; core does not call it (core never imports this app).
Idempotent: a second run on one day changes nothing (once-only notice keys, dated steps)."""

from __future__ import annotations

from datetime import date

from .cycle import cycle_sweep
from .tor_review import tor_sweep


def run_compliance_sweep(*, as_of: date) -> dict[str, int]:
    return {**tor_sweep(as_of), **cycle_sweep(as_of)}
