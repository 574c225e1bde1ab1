"""The facts of a CCA's Notice of Enrollment or Notice of Rejection, read for the document that
``seats.domain.documents`` builds. The caller has already fetched the CCA through the viewer's
scope (``cca_for``); this module only reads what the notice says."""

from __future__ import annotations

from django.utils import timezone

from seats.domain.documents import DocumentFacts, DocumentKind, session_text
from seats.domain.reasons import reason_for_label
from seats.domain.roles import Party
from seats.domain.statuses import Status

from ..models import CCA, CCAHistory, Organisation
from ..services.policy import policy_for

#: Which party a rejection status names.
REJECTED_BY = {
    Status.REJECTED_BY_LEA: Party.LEA,
    Status.REJECTED_PROVIDER: Party.PROVIDER,
    Status.REJECTED_BY_STATE: Party.STATE,
}


def has_document(cca: CCA, kind: DocumentKind) -> bool:
    """Whether the CCA has this notice: a Notice of Enrollment once one was issued (it stays,
    marked, when the LEA cancels it), a Notice of Rejection for a rejected request."""
    if kind is DocumentKind.ENROLLMENT:
        return cca.noe_date is not None
    return Status(cca.status) in REJECTED_BY


def state_name() -> str:
    state = Organisation.objects.filter(kind="state").order_by("pk").first()
    return state.name if state is not None else "Utah State Board of Education"


def _entry(cca: CCA, to_status: str) -> CCAHistory | None:
    return (
        CCAHistory.objects.filter(cca=cca, to_status=to_status)
        .exclude(from_status=to_status)
        .order_by("seq")
        .first()
    )


def _public_rule(rule: str) -> str:
    """A reason's rule without the project's internal references (SPEC ...)."""
    return "; ".join(p.strip() for p in rule.split(";") if p.strip() and "SPEC" not in p)


def document_facts(cca: CCA, kind: DocumentKind) -> DocumentFacts:
    """The facts of the CCA's notice of ``kind`` (``has_document`` must hold)."""
    student = cca.student
    offering = cca.offering
    common = {
        "reference": f"CCA {cca.pk}",
        "student": f"{student.legal_first_name} {student.legal_last_name}",
        "grade": student.grade,
        "primary_lea": cca.primary_lea.name,
        "primary_school": cca.primary_school.name if cca.primary_school_id else "",
        "provider": cca.provider.name,
        "state": state_name(),
        "course_title": offering.usbe_title,
        "core_code": offering.core_code,
        "credit": cca.credit_attempted,
        "session": session_text(cca.session, cca.school_year),
        "home_school": student.is_home_school,
        "course_start": cca.course_start_date,
    }
    if kind is DocumentKind.ENROLLMENT:
        return _enrollment(cca, common)
    status = Status(cca.status)
    entry = _entry(cca, status.value)
    reason = entry.reason if entry is not None else ""
    known = reason_for_label(reason)
    at = entry.at if entry is not None else cca.status_changed_at
    return DocumentFacts(
        **common,
        issued_on=timezone.localdate(at),
        issued_automatically=entry is not None and entry.actor_id is None,
        rejected_by=REJECTED_BY[status],
        reason_label=known.label if known is not None else reason,
        reason_rule=_public_rule(known.rule) if known is not None else "",
    )


def _enrollment(cca: CCA, common: dict[str, object]) -> DocumentFacts:
    policy = policy_for(cca.school_year)
    cancelled = (
        _entry(cca, Status.CANCELLED_BY_LEA.value)
        if cca.status == Status.CANCELLED_BY_LEA
        else None
    )
    lea_silent = cca.noe_basis == "lea_window_expired"
    return DocumentFacts(
        **common,  # type: ignore[arg-type]
        issued_on=cca.noe_date,  # type: ignore[arg-type]
        issued_automatically=cca.noe_issued_by_id is None,
        lea_silent=lea_silent,
        lea_decision_days=policy.lea_decision_days,
        lea_cancellation_due=cca.lea_cancellation_due if lea_silent else None,
        cancelled_on=timezone.localdate(cancelled.at) if cancelled is not None else None,
        withdrawal_days=policy.withdrawal_period_days,
        withdrawal_unit=str(policy.withdrawal_period_unit.value),
        withdrawal_period_end=cca.withdrawal_period_end,
        confirmation_days=policy.confirmation_days,
    )
