"""The text the state enters in a provider's annual report."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from seats.core.models import Organisation
from seats.core.services.actors import Actor
from seats.domain.errors import InvalidInput, NotFound

from ..models import ReportText
from .authority import check_state

TEXT_LIMIT = 5000


def save_report_text(
    *, actor: Actor, provider_id: int, school_year: int, improvement_plan: str, audit_results: str
) -> ReportText:
    """Record the improvement plan summary and the audit results (each up to 5,000 characters)."""
    check_state(actor, what="enter the annual report's text")
    for name, text in (("improvement_plan", improvement_plan), ("audit_results", audit_results)):
        if len(text) > TEXT_LIMIT:
            raise InvalidInput(f"At most {TEXT_LIMIT:,} characters.", field=name)
    if not Organisation.objects.filter(pk=provider_id, kind="provider").exists():
        raise NotFound("No such provider.")
    with transaction.atomic():
        row, _ = ReportText.objects.update_or_create(
            provider_id=provider_id,
            school_year=school_year,
            defaults={
                "improvement_plan": improvement_plan.strip(),
                "audit_results": audit_results.strip(),
                "updated_by": actor.user,
                "updated_at": timezone.now(),
            },
        )
    return row
