"""Which notices each event sends, and to whom (SPEC 4). One table, read by the services that
queue notices and by the delivery worker that renders them."""

from __future__ import annotations

from enum import StrEnum


class NoticeKind(StrEnum):
    REQUEST_RECEIVED = "request_received"
    DECISION_NEEDED = "decision_needed"
    DEADLINE_REMINDER = "deadline_reminder"
    NOTICE_OF_ENROLLMENT = "notice_of_enrollment"
    NOTICE_OF_REJECTION = "notice_of_rejection"
    STUDENT_ENROLLED = "student_enrolled"
    ENROLLMENT_CANCELLED = "enrollment_cancelled"
    IEP_FORWARDING_REQUEST = "iep_forwarding_request"
    NOT_CONFIRMED_CLOSED = "not_confirmed_closed"
    INTENT_TO_WITHDRAW = "intent_to_withdraw"
    ADMINISTRATIVE_WITHDRAWAL = "administrative_withdrawal"
    AT_RISK = "at_risk"
    TRANSCRIPT_ISSUED = "transcript_issued"
    STATUS_CORRECTED = "status_corrected"
    CORRECTION_DENIED = "correction_denied"
    OVERDUE = "overdue"
    # Pupil accounting (SPEC 9): to a student's teacher and counselor before the ten-day limit.
    MEMBERSHIP_WARNING = "membership_warning"
    # Provider compliance (seats.compliance): no CCA; the notice names its reader (``user``)
    # and carries its subject line's words in ``context["course"]``.
    TOR_MISALIGNED = "tor_misaligned"
    TOR_NONCOMPLIANCE = "tor_noncompliance"
    CORRECTIVE_ACTION = "corrective_action"
    OBLIGATION_REMINDER = "obligation_reminder"
    OBLIGATION_OVERDUE = "obligation_overdue"


class Audience(StrEnum):
    STUDENT = "student"
    GUARDIANS = "guardians"
    COUNSELOR = "counselor"  # the CCA's counselor, else the primary school's counselors
    PRIMARY_SCHOOL = "primary_school"
    LEA = "lea"  # the primary LEA's approvers; the state for HOME students
    PROVIDER = "provider"
    STATE = "state"


FAMILY = (Audience.STUDENT, Audience.GUARDIANS)
_REJECTION = (
    (
        NoticeKind.NOTICE_OF_REJECTION,
        (*FAMILY, Audience.COUNSELOR, Audience.LEA, Audience.PROVIDER),
    ),
)
_ADMIN_WD = ((NoticeKind.ADMINISTRATIVE_WITHDRAWAL, (*FAMILY, Audience.COUNSELOR, Audience.LEA)),)

#: action (a history action name) -> ((notice kind, audiences), ...)
NOTICES_BY_ACTION: dict[str, tuple[tuple[NoticeKind, tuple[Audience, ...]], ...]] = {
    "submit": (
        (NoticeKind.REQUEST_RECEIVED, FAMILY),
        (NoticeKind.DECISION_NEEDED, (Audience.COUNSELOR, Audience.LEA, Audience.PROVIDER)),
    ),
    "reject_by_lea": _REJECTION,
    "reject_by_provider": _REJECTION,
    "reject_by_state": _REJECTION,
    "issue_notice_of_enrollment": (
        (
            NoticeKind.NOTICE_OF_ENROLLMENT,
            (*FAMILY, Audience.PRIMARY_SCHOOL, Audience.PROVIDER, Audience.LEA),
        ),
        (NoticeKind.STUDENT_ENROLLED, (Audience.PRIMARY_SCHOOL,)),
    ),
    "cancel_by_lea": (
        (NoticeKind.ENROLLMENT_CANCELLED, (*FAMILY, Audience.PROVIDER, Audience.COUNSELOR)),
    ),
    "provider_accept_iep": (
        (NoticeKind.IEP_FORWARDING_REQUEST, (Audience.LEA, Audience.PRIMARY_SCHOOL)),
    ),
    "not_confirmed_closed": ((NoticeKind.NOT_CONFIRMED_CLOSED, (*FAMILY, Audience.COUNSELOR)),),
    "intent_to_withdraw": ((NoticeKind.INTENT_TO_WITHDRAW, (*FAMILY, Audience.COUNSELOR)),),
    "administrative_withdrawal": _ADMIN_WD,
    "administrative_withdrawal_quarter": _ADMIN_WD,
    "flag_at_risk": ((NoticeKind.AT_RISK, (Audience.COUNSELOR, Audience.GUARDIANS, Audience.LEA)),),
    "issue_transcript": (
        (NoticeKind.TRANSCRIPT_ISSUED, (*FAMILY, Audience.PRIMARY_SCHOOL, Audience.STATE)),
    ),
    "correct_not_confirmed_closed": (
        (NoticeKind.STATUS_CORRECTED, (Audience.PROVIDER, Audience.COUNSELOR, *FAMILY)),
    ),
    "deny_correction": ((NoticeKind.CORRECTION_DENIED, (Audience.PROVIDER,)),),
    "reactivate": (
        (NoticeKind.STATUS_CORRECTED, (Audience.PROVIDER, Audience.COUNSELOR, *FAMILY)),
    ),
}

#: Who is reminded of (and flagged for) each deadline the sweep watches.
DEADLINE_AUDIENCE: dict[str, Audience] = {
    "lea_decision_due": Audience.LEA,
    "provider_decision_due": Audience.PROVIDER,
    "lea_cancellation_due": Audience.LEA,
    "iep_forwarding_due": Audience.LEA,
    "confirmation_due": Audience.PROVIDER,
    "administrative_withdrawal_due": Audience.PROVIDER,
    "transcript_due": Audience.PROVIDER,
    "closeout_date": Audience.PROVIDER,
    "late_pass_final_due": Audience.PROVIDER,
}


def notices_for(action: str) -> tuple[tuple[NoticeKind, tuple[Audience, ...]], ...]:
    return NOTICES_BY_ACTION.get(action, ())
