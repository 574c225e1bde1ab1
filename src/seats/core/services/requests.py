"""Pre-enrollment: submitting a request, the counselor's review, the LEA's and the provider's
decisions, the state's rejection, the Notice of Enrollment and the LEA's cancellation (SPEC 3.3).

The LEA and the provider decide independently. The Notice of Enrollment follows as soon as the
provider has accepted and the LEA has approved or let its window pass: here when the second
decision arrives, in the daily sweep when the window expires.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from seats.domain.bulk_approval import REVIEW_RULE, review_missing
from seats.domain.catalog import Session
from seats.domain.disclosure import NOTE_MAX_CHARS, reasons_for
from seats.domain.eligibility import ReasonKind, credit_limit_reason
from seats.domain.errors import GuardFailed, Ineligible, InvalidInput, MoveNotAllowed, NotPermitted
from seats.domain.lifecycle import check_move, moves_from
from seats.domain.names import name_key
from seats.domain.reasons import check_rejection_reason
from seats.domain.roles import Party
from seats.domain.statuses import Status

from ..models import CCA, CourseOffering, Decision, LocalRegistration, Student
from .actors import Actor
from .authority import lea_party, require
from .eligibility import Approvals, reasons_for_request
from .extensions import run_lea_approval
from .facts import move_facts, refresh_deadlines
from .lifecycle import apply_move, change_fields, lock_cca, move_status, today
from .records import record
from .students import StudentIdentity, find_student

_OVER_LIMIT = credit_limit_reason(Decimal(6), Decimal(1), Decimal(6), False)
assert _OVER_LIMIT is not None
_CREDIT_LIMIT_CODE = _OVER_LIMIT.code
_INITIATORS = {Party.FAMILY, Party.SCHOOL, Party.PROVIDER, Party.STATE}


def blocks_submission(reason_kind: ReasonKind, code: str) -> bool:
    """Approvals (Health 6-8, grade replacement, full course load) may follow the request; every
    other reason, the credit limit included, stops it."""
    return reason_kind is not ReasonKind.NEEDS_APPROVAL or code == _CREDIT_LIMIT_CODE


def submit_request(
    *,
    actor: Actor,
    student_id: int | None = None,
    identity: StudentIdentity | None = None,
    offering_id: int,
    school_year: int,
    session: str,
    as_of: date | None = None,
    approvals: Approvals = Approvals(),  # noqa: B008 - frozen dataclass
    early_graduation: bool = False,
) -> CCA:
    """File a CCA (Pending Execution) after running eligibility and the credit limit.

    The student is named by ``student_id`` (only within the actor's scope) or by ``identity``
    (SSID + date of birth + last name, see ``students.find_student``); a provider is told only
    the reasons about its course (``domain.disclosure``)."""
    as_of = as_of or today()
    session = _session(session)
    with transaction.atomic():
        offering = _offering(offering_id)
        # What the role may do is checked before the student is looked up, so no refusal
        # depends on the student (SPEC 10: a probe learns nothing).
        party = actor.party
        if party not in _INITIATORS:
            raise NotPermitted("Your role cannot file a course request.", rule="SPEC 3")
        if party is Party.PROVIDER and offering.provider_id != actor.organisation_id:
            raise NotPermitted("A provider files requests for its own courses only.", rule="SPEC 3")
        if party not in (Party.SCHOOL, Party.STATE) and _grants_approval(approvals):
            raise NotPermitted(
                "Only the primary school records approvals (credit limit, Health, grade "
                "replacement).",
                rule="SPEC 3.4",
            )
        student = find_student(
            actor, student_id=student_id, identity=identity, provider_id=offering.provider_id
        )
        _check_session(offering, school_year, session, as_of)
        reasons = reasons_for_request(
            student=student,
            offering=offering,
            school_year=school_year,
            session=session,
            as_of=as_of,
            approvals=approvals,
        )
        blocking = [r for r in reasons if blocks_submission(r.kind, r.code)]
        if blocking:
            raise Ineligible(reasons_for(party, blocking))
        cca = _create(
            actor, student, offering, school_year, session, as_of, approvals, early_graduation
        )
        record(
            cca,
            actor=actor,
            action="submit",
            from_status="",
            to_status=cca.status,
            details={"pending_approvals": [r.code for r in reasons]},
        )
    return cca


def _session(value: str) -> str:
    try:
        return Session(value.strip().upper()).value
    except ValueError:
        known = ", ".join(s.value for s in Session)
        raise InvalidInput(
            f"Unknown session {value!r}; use one of {known}.", field="session"
        ) from None


def _grants_approval(approvals: Approvals) -> bool:
    return any(
        (
            approvals.credit_limit_agreed,
            approvals.health_approval,
            approvals.grade_replacement_approved,
            approvals.local_board_approved,
        )
    )


def _offering(offering_id: int) -> CourseOffering:
    try:
        return (
            CourseOffering.objects.select_for_update(of=("self",))
            .select_related("provider", "provider__parent")
            .get(pk=offering_id)
        )
    except (CourseOffering.DoesNotExist, ValueError, TypeError):
        raise InvalidInput(
            f"There is no course offering {offering_id}.", field="offering"
        ) from None


def _check_session(offering: CourseOffering, school_year: int, session: str, as_of: date) -> None:
    if Session(session).term_type.value != offering.term_type:
        raise InvalidInput(
            f"{offering.provider_title} is a {offering.term_type} course; session {session} is "
            f"a {Session(session).term_type.value}.",
            field="session",
        )
    current = as_of.year if as_of.month >= 7 else as_of.year - 1
    if school_year not in (current, current + 1):
        raise InvalidInput(
            f"Requests are for the current ({current}) or the upcoming ({current + 1}) school "
            f"year, not {school_year}.",
            field="school_year",
        )


def _create(
    actor: Actor,
    student: Student,
    offering: CourseOffering,
    school_year: int,
    session: str,
    as_of: date,
    approvals: Approvals,
    early_graduation: bool,
) -> CCA:
    now = timezone.now()
    registration = LocalRegistration.objects.filter(
        student=student, provider_id=offering.provider_id, completed_on__isnull=False
    ).exists()
    cca = CCA(
        student=student,
        offering=offering,
        provider_id=offering.provider_id,
        primary_lea=student.primary_lea,
        primary_school=student.primary_school,
        school_year=school_year,
        session=session,
        credit_attempted=offering.credit,
        status=Status.PENDING_EXECUTION.value,
        status_changed_at=now,
        version=1,
        submitted_by=actor.user,
        submitted_by_role=actor.role_name,
        submitted_at=now,
        submitted_on=as_of,
        counselor=actor.user if actor.party is Party.SCHOOL else None,
        credit_limit_agreed=approvals.credit_limit_agreed,
        health_approval=approvals.health_approval,
        grade_replacement=approvals.grade_replacement,
        grade_replacement_approved=approvals.grade_replacement_approved,
        early_graduation=early_graduation,
        local_registration_complete=registration,
        local_registration_completed_on=as_of if registration else None,
        search_last_name=name_key(student.legal_last_name),
        search_first_name=name_key(student.legal_first_name),
    )
    cca.student = student
    refresh_deadlines(cca)
    cca.save(force_insert=True)
    return cca


def _require_pending(cca: CCA, what: str) -> None:
    if cca.status != Status.PENDING_EXECUTION:
        raise MoveNotAllowed(
            f"{what} is made while the CCA is Pending Execution; it is {Status(cca.status).label}.",
            rule="SPEC 3.3",
            allowed=[m.label for m in moves_from(Status(cca.status))],
        )


def review_as_counselor(
    *,
    actor: Actor,
    cca_id: int,
    expected_version: int,
    seop_consistent: bool,
    note: str = "",
    approvals: Approvals | None = None,
) -> CCA:
    """The primary school's review: SEOP/PCCR consistency and any approvals it grants. A later
    review replaces the answer on the CCA; its history entry keeps what it replaced (from/to)."""
    note = note.strip()
    if len(note) > NOTE_MAX_CHARS:
        raise InvalidInput(
            f"The note has {len(note)} characters; at most {NOTE_MAX_CHARS} fit. Shorten it "
            "(nothing was saved).",
            field="note",
        )
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        require(actor, cca, Party.SCHOOL, Party.STATE)
        _require_pending(cca, "The counselor review")
        changes: dict[str, object] = {
            "seop_consistent": seop_consistent,
            "counselor_note": note,
            "counselor_reviewed_at": timezone.now(),
        }
        if actor.party is Party.SCHOOL:
            changes["counselor"] = actor.user
        if approvals is not None:
            changes.update(
                credit_limit_agreed=approvals.credit_limit_agreed,
                health_approval=approvals.health_approval,
                grade_replacement_approved=approvals.grade_replacement_approved,
            )
        change_fields(cca, actor=actor, action="counselor_review", changes=changes, reason=note)
    return cca


def decide_as_lea(
    *,
    actor: Actor,
    cca_id: int,
    expected_version: int,
    approve: bool,
    reason_code: str = "",
    accept_financial_responsibility: bool = False,
    as_of: date | None = None,
    in_bulk: bool = False,
) -> CCA:
    """The primary LEA approves (accepting financial responsibility) or rejects with a reason
    from the state's decision tree. The state decides for home-school students. ``in_bulk``:
    one of a bulk approval, which skips an unreviewed request when the LEA requires review."""
    as_of = as_of or today()
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        party = lea_party(actor, cca)
        _require_pending(cca, "The LEA decision")
        if cca.lea_decision:
            raise GuardFailed(f"The LEA already decided ({cca.lea_decision}).", rule="SPEC 3.3")
        skip = in_bulk and review_missing(
            lea_requires_review=cca.primary_lea.bulk_approval_needs_review,
            reviewed=cca.counselor_reviewed_at is not None,
        )
        if skip:
            raise GuardFailed(skip, rule=REVIEW_RULE)
        if not approve:
            reason = check_rejection_reason(Party.LEA, reason_code)
            cca.lea_decision, cca.lea_reason = Decision.REJECTED, reason.code
            cca.lea_decided_by, cca.lea_decided_at = actor.user, timezone.now()
            _reject(cca, Status.REJECTED_BY_LEA, actor, party, as_of, reason.label, reason.code)
            return cca
        _require_approvals(cca)
        if not accept_financial_responsibility:
            raise GuardFailed(
                "Approving a CCA accepts financial responsibility for it; confirm that.",
                rule="SPEC 3: the CCA is the LEA's contract",
            )
        run_lea_approval(cca=cca, actor=actor, as_of=as_of)  # apps' checks (core/extensions)
        change_fields(
            cca,
            actor=actor,
            action="lea_approve",
            changes={
                "lea_decision": Decision.APPROVED,
                "lea_decided_by": actor.user,
                "lea_decided_at": timezone.now(),
                "financial_responsibility_accepted": True,
            },
        )
        _issue_notice_if_ready(cca, as_of)
    return cca


def decide_as_provider(
    *,
    actor: Actor,
    cca_id: int,
    expected_version: int,
    accept: bool,
    reason_code: str = "",
    as_of: date | None = None,
) -> CCA:
    """The provider accepts or rejects, without regard to the LEA's decision."""
    as_of = as_of or today()
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        party = require(actor, cca, Party.PROVIDER)
        _require_pending(cca, "The provider decision")
        if cca.provider_decision:
            raise GuardFailed(
                f"The provider already decided ({cca.provider_decision}).", rule="SPEC 3.3"
            )
        if not accept:
            reason = check_rejection_reason(Party.PROVIDER, reason_code)
            cca.provider_decision, cca.provider_reason = Decision.REJECTED, reason.code
            cca.provider_decided_by, cca.provider_decided_at = actor.user, timezone.now()
            _reject(cca, Status.REJECTED_PROVIDER, actor, party, as_of, reason.label, reason.code)
            return cca
        _check_acceptable(cca)
        change_fields(
            cca,
            actor=actor,
            action="provider_accept",
            changes={
                "provider_decision": Decision.APPROVED,
                "provider_decided_by": actor.user,
                "provider_decided_at": timezone.now(),
                "provider_accepted_on": as_of,
            },
        )
        if cca.student.has_iep or cca.student.has_504:
            from .records import queue_notices

            queue_notices(cca, action="provider_accept_iep", event_key=f"h{cca.version}")
        _issue_notice_if_ready(cca, as_of)
    return cca


def _check_acceptable(cca: CCA) -> None:
    if not cca.local_registration_complete:
        raise GuardFailed(
            "Local registration is not complete; the provider accepts after it.",
            rule="SPEC 3.4: local registration before the provider accepts",
        )
    _require_approvals(cca)


def _require_approvals(cca: CCA) -> None:
    """Approvals that may follow a request must be recorded before it is accepted or approved."""
    approvals = Approvals(
        health_approval=cca.health_approval,
        grade_replacement=cca.grade_replacement,
        grade_replacement_approved=cca.grade_replacement_approved,
    )
    missing = approvals.missing(grade=cca.student.grade, is_health=cca.offering.is_health)
    if missing:
        raise GuardFailed(
            f"Still missing: {'; '.join(missing)}.",
            rule="SPEC 3.4: approvals before acceptance (Health 6-8, grade replacement)",
        )


def _reject(
    cca: CCA, target: Status, actor: Actor, party: Party, as_of: date, label: str, code: str
) -> None:
    facts = move_facts(cca, party=party, as_of=as_of, reason=label)
    move = check_move(Status(cca.status), target, facts)
    apply_move(cca, move, actor=actor, as_of=as_of, reason=label, details={"reason_code": code})


def _issue_notice_if_ready(cca: CCA, as_of: date) -> bool:
    """Issue the Notice of Enrollment (as the state's system) once both sides allow it."""
    facts = move_facts(cca, party=Party.SYSTEM, as_of=as_of)
    try:
        move = check_move(Status(cca.status), Status.ENROLLMENT_COMPLETE, facts)
    except GuardFailed:
        return False
    apply_move(
        cca,
        move,
        actor=Actor.system(),
        as_of=as_of,
        details={
            "basis": "lea_approved"
            if cca.lea_decision == Decision.APPROVED
            else "lea_window_expired"
        },
    )
    return True


def issue_notice_of_enrollment(
    *, actor: Actor, cca_id: int, expected_version: int, as_of: date | None = None
) -> CCA:
    """The state (or the sweep) issues the Notice of Enrollment."""
    return move_status(
        actor=actor,
        cca_id=cca_id,
        to=Status.ENROLLMENT_COMPLETE,
        expected_version=expected_version,
        as_of=as_of,
    )


def reject_as_state(
    *, actor: Actor, cca_id: int, expected_version: int, reason_code: str, as_of: date | None = None
) -> CCA:
    """The state rejects: a parent withdrew the request before the notice, or a duplicate."""
    reason = check_rejection_reason(Party.STATE, reason_code)
    return move_status(
        actor=actor,
        cca_id=cca_id,
        to=Status.REJECTED_BY_STATE,
        expected_version=expected_version,
        as_of=as_of,
        reason=reason.label,
    )


def cancel_as_lea(
    *, actor: Actor, cca_id: int, expected_version: int, reason: str, as_of: date | None = None
) -> CCA:
    """The LEA cancels a Notice of Enrollment the state issued on its silence (72 business h)."""
    if not reason.strip():
        raise InvalidInput("Say why the LEA cancels the enrollment.", field="reason")
    return move_status(
        actor=actor,
        cca_id=cca_id,
        to=Status.CANCELLED_BY_LEA,
        expected_version=expected_version,
        as_of=as_of,
        reason=reason,
    )
