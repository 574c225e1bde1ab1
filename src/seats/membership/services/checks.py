"""The documented check of continued enrollment (004 E.3): who, when, outcome."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from seats.core.clock import today
from seats.core.services.actors import Actor
from seats.domain import dates
from seats.domain.errors import InvalidInput, NotFound

from ..models import CheckOutcome, Enrollment, EnrollmentCheck
from .authority import RECORDERS, check_lea


def record_check(
    *,
    actor: Actor,
    enrollment_id: int,
    outcome: CheckOutcome | str,
    checked_on: date | None = None,
    note: str = "",
) -> EnrollmentCheck:
    """Record that the student's continued enrollment was checked; an ``exited`` outcome also
    records the exit (the last day enrolled is the check's day unless one is recorded)."""
    try:
        outcome = CheckOutcome(outcome)
    except ValueError:
        choices = ", ".join(c.value for c in CheckOutcome)
        raise InvalidInput(f"outcome must be one of {choices}.", field="outcome") from None
    day = dates.checked(checked_on, "checked_on") or today()
    if day > today():
        raise InvalidInput("A check cannot be recorded for a future day.", field="checked_on")
    note = note.strip()
    if len(note) > 500:
        raise InvalidInput("A note is at most 500 characters.", field="note")
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .select_related("program")
            .filter(pk=enrollment_id)
            .first()
        )
        if enrollment is None:
            raise NotFound(f"There is no enrollment {enrollment_id}.", field="enrollment")
        check_lea(actor, enrollment.program.lea_id, what="record a check", roles=RECORDERS)
        if day < enrollment.entry_on:
            raise InvalidInput("The check is before the enrollment began.", field="checked_on")
        if outcome is CheckOutcome.EXITED and enrollment.exit_on is None:
            if enrollment.events.filter(on__gt=day).exists():
                raise InvalidInput(
                    "Engagement is recorded after that day; the student did not leave then.",
                    field="checked_on",
                )
            enrollment.exit_on = day
            enrollment.save(update_fields=["exit_on"])
        return EnrollmentCheck.objects.create(
            enrollment=enrollment,
            checked_on=day,
            outcome=outcome.value,
            note=note,
            checked_by=actor.user,
            checked_by_role=actor.role_name,
            recorded_at=timezone.now(),
        )
