"""Voids and corrections of contact hours and assessments (issue 12): nothing is deleted or
overwritten. A void keeps the row, marked with who, when and why; a correction voids the row
and writes the corrected one pointing back to it (``corrects``). Each is one history row
(``RecordChange``), and the enrollment's hours, levels and enrollee status are recomputed in
the same transaction (they are derived)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from seats.core.services.actors import Actor
from seats.core.services.policy import policy_for
from seats.domain.errors import Conflict, InvalidInput

from ..models import Assessment, ContactHour, Enrollment, RecordChange
from . import history, status
from .assessments import create_assessment
from .attendance import HourEntry, _hours_of, validate_entries
from .authority import check_program


def _reason(reason: str) -> str:
    if not reason.strip():
        raise InvalidInput("Say why (the history keeps the reason).", field="reason")
    return reason.strip()[:240]


def _void(row: ContactHour | Assessment, actor: Actor, reason: str) -> None:
    row.voided_at = timezone.now()
    row.voided_by = actor.user
    row.void_reason = reason
    row.save(update_fields=["voided_at", "voided_by", "void_reason"])


def _hour_facts(row: ContactHour) -> dict[str, Any]:
    return {"day": row.day, "kind": row.kind, "hours": row.hours, "minutes": row.minutes}


def _locked_hour(hour: ContactHour) -> ContactHour:
    row = (
        ContactHour.all_objects.select_for_update()
        .select_related("enrollment__program", "enrollment__student")
        .get(pk=hour.pk)
    )
    if row.is_void:
        raise Conflict("This entry is already void: correct the entry in force.", field="hour")
    return row


@transaction.atomic
def void_hour(*, actor: Actor, hour: ContactHour, reason: str) -> ContactHour:
    """Void a day's entry: it stays on the record, marked void, and counts for nothing."""
    row = _locked_hour(hour)
    enrollment = row.enrollment
    check_program(actor, enrollment.program, what="void contact hours")
    why = _reason(reason)
    _void(row, actor, why)
    history.record(
        actor=actor,
        enrollment=enrollment,
        what=RecordChange.What.HOUR,
        action=RecordChange.Action.VOID,
        before=_hour_facts(row),
        reason=why,
        target_id=row.pk,
    )
    status.refresh(enrollment)
    return row


@transaction.atomic
def correct_hour(
    *,
    actor: Actor,
    hour: ContactHour,
    reason: str,
    hours: Decimal | None = None,
    minutes: int | None = None,
    day: date | None = None,
    kind: str | None = None,
) -> ContactHour:
    """Correct a day's entry (its hours or minutes, day or kind): the old row is voided and the
    corrected one written, passing every edit check of a new entry."""
    row = _locked_hour(hour)
    enrollment = row.enrollment
    check_program(actor, enrollment.program, what="correct contact hours")
    why = _reason(reason)
    entry = HourEntry(
        enrollment.pk,
        day or row.day,
        kind or row.kind,
        hours=hours,
        minutes=minutes,
    )
    amount, given_minutes = _hours_of(
        entry, policy_for(enrollment.fiscal_year).adulted_contact_hour_minutes
    )
    if (entry.day, entry.kind, amount) == (row.day, row.kind, row.hours):
        raise InvalidInput(
            f"That is what the entry already says ({row.hours} hours on {row.day.isoformat()}).",
            field="hours",
        )
    _void(row, actor, f"corrected: {why}")
    problems = validate_entries([entry], {enrollment.pk: enrollment})
    if problems:
        raise problems[0][1]
    new = ContactHour.objects.create(
        enrollment=enrollment,
        day=entry.day,
        kind=entry.kind,
        hours=amount,
        minutes=given_minutes,
        entered_by=actor.user,
        corrects=row,
    )
    history.record(
        actor=actor,
        enrollment=enrollment,
        what=RecordChange.What.HOUR,
        action=RecordChange.Action.CORRECT,
        before=_hour_facts(row),
        after=_hour_facts(new),
        reason=why,
        target_id=row.pk,
        new_id=new.pk,
    )
    status.refresh(enrollment)
    return new


def _assessment_facts(a: Assessment) -> dict[str, Any]:
    return {
        "test": a.test,
        "form": a.form,
        "day": a.day,
        "administrator": a.administrator,
        "scores": {s.area: s.scale for s in a.scores.all()},
    }


def _locked_assessment(assessment: Assessment) -> Assessment:
    row = (
        Assessment.all_objects.select_for_update()
        .select_related("enrollment__program", "enrollment__student")
        .get(pk=assessment.pk)
    )
    if row.is_void:
        raise Conflict(
            "This assessment is already void: correct the one in force.", field="assessment"
        )
    return row


@transaction.atomic
def void_assessment(*, actor: Actor, assessment: Assessment, reason: str) -> Assessment:
    """Void an assessment: kept and shown, marked void; the EFL and gains are recomputed
    without it (a later test may become the intake)."""
    row = _locked_assessment(assessment)
    enrollment: Enrollment = row.enrollment
    check_program(actor, enrollment.program, what="void an assessment")
    why = _reason(reason)
    _void(row, actor, why)
    history.record(
        actor=actor,
        enrollment=enrollment,
        what=RecordChange.What.ASSESSMENT,
        action=RecordChange.Action.VOID,
        before=_assessment_facts(row),
        reason=why,
        target_id=row.pk,
    )
    status.refresh(enrollment)
    return row


@transaction.atomic
def correct_assessment(
    *,
    actor: Actor,
    assessment: Assessment,
    reason: str,
    test: str,
    day: date,
    administrator: str,
    scores: dict[str, tuple[int | None, int]],
    form: str = "",
) -> Assessment:
    """Correct an assessment (a mistyped score, date or form): the old one is voided and the
    corrected one placed on the NRS table in force on its date, passing every check of a new
    one; the EFL, gains and enrollee status follow."""
    row = _locked_assessment(assessment)
    enrollment: Enrollment = row.enrollment
    check_program(actor, enrollment.program, what="correct an assessment")
    why = _reason(reason)
    before = _assessment_facts(row)
    _void(row, actor, f"corrected: {why}")
    new = create_assessment(
        actor=actor,
        enrollment=enrollment,
        test=test,
        day=day,
        administrator=administrator,
        scores=scores,
        form=form,
        corrects=row,
    )
    after = _assessment_facts(new)
    if {k: v for k, v in after.items()} == before:
        raise InvalidInput("That is what the assessment already says.", field="scores")
    history.record(
        actor=actor,
        enrollment=enrollment,
        what=RecordChange.What.ASSESSMENT,
        action=RecordChange.Action.CORRECT,
        before=before,
        after=after,
        reason=why,
        target_id=row.pk,
        new_id=new.pk,
    )
    status.refresh(enrollment)
    new.refresh_from_db()
    return new
