"""The days the queued daily sweep has claimed (one row per day, the claim is the insert)."""

from __future__ import annotations

from django.db import models


class SweepRun(models.Model):
    """One queued sweep per day, however many times it was queued or however many workers
    pull from the queue: the worker that inserts the day's row runs it, the others see the row
    and stop. A run that died (its lease passed without ``finished_at``) may be taken over by a
    conditional UPDATE, so two workers never both take it (the healthchecks ``sendalerts``
    pattern)."""

    as_of = models.DateField(unique=True)
    claimed_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=120)
    attempts = models.PositiveSmallIntegerField(default=1)
    finished_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-as_of"]

    def __str__(self) -> str:
        state = "finished" if self.finished_at else "claimed"
        return f"sweep {self.as_of.isoformat()} ({state})"
