"""Background task (django-tasks; the database worker runs it): the daily compliance sweep."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from seats.core import clock


@task()
def compliance_sweep(as_of: str | None = None) -> dict[str, int]:
    from .services.sweep import run_compliance_sweep

    return run_compliance_sweep(as_of=date.fromisoformat(as_of) if as_of else clock.today())
