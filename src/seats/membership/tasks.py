"""Background task of pupil accounting (django-tasks; `seats membership sweep --enqueue`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from seats.core import clock


@task()
def membership_sweep(as_of: str | None = None) -> dict[str, object]:
    """The daily warning sweep for ``as_of`` (default today); a second run changes nothing."""
    from .services.warnings import send_warnings

    report = send_warnings(as_of=date.fromisoformat(as_of) if as_of else clock.today())
    return {"checked": report.checked, "warned": report.warned, "notices": report.notices}
