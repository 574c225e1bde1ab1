"""Every decision and change a role can make on a CCA, each by calling the same service the
web app calls, as the token's role (see ``writes.cca_write`` for the checks every one runs)."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from ninja import Router

from seats.core.services import corrections, enrollment, lifecycle, requests
from seats.core.services.eligibility import Approvals

from .. import clock
from ..params import WRITE_ERRORS, CcaId, IdempotencyKey, IfMatch
from ..schemas_in import (
    ApprovalsIn,
    AtRiskIn,
    CorrectionDecisionIn,
    CounselorReviewIn,
    CourseStartIn,
    LeaDecisionIn,
    MoveIn,
    ProgressIn,
    ProviderDecisionIn,
    ReasonIn,
    RequiredReasonIn,
    SecondHalfStartIn,
    StateRejectionIn,
    TeacherIn,
    TranscriptDueIn,
    TranscriptIn,
)
from ..schemas_out import CCADetail
from ..writes import cca_write

router = Router(tags=["CCA actions"])
RESPONSES = {200: CCADetail, **WRITE_ERRORS}


def approvals(data: ApprovalsIn | None) -> Approvals | None:
    return Approvals(**data.model_dump()) if data is not None else None


def post(path: str, summary: str):
    return router.post(path, response=RESPONSES, summary=summary)


@post("/ccas/{cca_id}/moves", "Move the status")
def move(
    request: HttpRequest,
    cca_id: CcaId,
    payload: MoveIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    """Any move of the status machine the role may make (SPEC 3.2): confirm, closeouts with a
    final grade, withdrawals with a document reference, the state's corrections."""
    return cca_write(
        request,
        cca_id,
        lambda actor, version: lifecycle.move_status(
            actor=actor,
            cca_id=cca_id,
            to=payload.to,
            expected_version=version,
            as_of=clock.today(),
            reason=payload.reason,
            document_ref=payload.document_ref,
            final_grade=payload.final_grade,
            completion_date=payload.completion_date,
            withdrawal_date=payload.withdrawal_date,
        ),
    )


@post("/ccas/{cca_id}/counselor-review", "Counselor review")
def counselor_review(
    request: HttpRequest,
    cca_id: CcaId,
    payload: CounselorReviewIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: requests.review_as_counselor(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            seop_consistent=payload.seop_consistent,
            note=payload.note,
            approvals=approvals(payload.approvals),
        ),
    )


@post("/ccas/{cca_id}/lea-decision", "LEA decision")
def lea_decision(
    request: HttpRequest,
    cca_id: CcaId,
    payload: LeaDecisionIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    """Approve (accepting financial responsibility) or reject with a reason code."""
    return cca_write(
        request,
        cca_id,
        lambda actor, version: requests.decide_as_lea(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            approve=payload.decision == "approve",
            reason_code=payload.reason_code,
            accept_financial_responsibility=payload.accept_financial_responsibility,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/provider-decision", "Provider decision")
def provider_decision(
    request: HttpRequest,
    cca_id: CcaId,
    payload: ProviderDecisionIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: requests.decide_as_provider(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            accept=payload.decision == "accept",
            reason_code=payload.reason_code,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/state-rejection", "State rejection")
def state_rejection(
    request: HttpRequest,
    cca_id: CcaId,
    payload: StateRejectionIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: requests.reject_as_state(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            reason_code=payload.reason_code,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/notice-of-enrollment", "Issue the Notice of Enrollment")
def notice_of_enrollment(
    request: HttpRequest,
    cca_id: CcaId,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: requests.issue_notice_of_enrollment(
            actor=actor, cca_id=cca_id, expected_version=version, as_of=clock.today()
        ),
    )


@post("/ccas/{cca_id}/lea-cancellation", "LEA cancellation")
def lea_cancellation(
    request: HttpRequest,
    cca_id: CcaId,
    payload: RequiredReasonIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    """Cancel a Notice of Enrollment the state issued on the LEA's silence (72 business hours)."""
    return cca_write(
        request,
        cca_id,
        lambda actor, version: requests.cancel_as_lea(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            reason=payload.reason,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/course-start", "Set the course start date")
def course_start(
    request: HttpRequest,
    cca_id: CcaId,
    payload: CourseStartIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.set_course_start(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            start=payload.course_start_date,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/second-half-start", "Set when the second 0.5 credit starts")
def second_half_start(
    request: HttpRequest,
    cca_id: CcaId,
    payload: SecondHalfStartIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    """A 1.0-credit course's second 0.5 credit starts the second withdrawal window
    (R277-726-2(19)(c)); changeable until that day has passed."""
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.set_second_half_start(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            start=payload.second_half_start,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/teacher-of-record", "Assign the teacher of record")
def teacher_of_record(
    request: HttpRequest,
    cca_id: CcaId,
    payload: TeacherIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.set_teacher_of_record(
            actor=actor, cca_id=cca_id, expected_version=version, teacher_id=payload.teacher_id
        ),
    )


@post("/ccas/{cca_id}/iep-forwarded", "Record the IEP / 504 plan forwarded")
def iep_forwarded(
    request: HttpRequest,
    cca_id: CcaId,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.forward_iep(
            actor=actor, cca_id=cca_id, expected_version=version, as_of=clock.today()
        ),
    )


@post("/ccas/{cca_id}/grade-progress", "Report grade progress")
def grade_progress(
    request: HttpRequest,
    cca_id: CcaId,
    payload: ProgressIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    percent = None if payload.percent is None else Decimal(str(payload.percent))
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.record_progress(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            percent=percent,
            letter=payload.letter,
            last_activity=payload.last_activity,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/at-risk", "Flag or clear at risk")
def at_risk(
    request: HttpRequest,
    cca_id: CcaId,
    payload: AtRiskIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.set_at_risk(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            at_risk=payload.at_risk,
            reason=payload.reason,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/intent-to-withdraw", "Send the notice of intent to withdraw")
def intent_to_withdraw(
    request: HttpRequest,
    cca_id: CcaId,
    payload: ReasonIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.send_intent_to_withdraw(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            reason=payload.reason,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/reinstatement", "Record a reinstatement request")
def reinstatement(
    request: HttpRequest,
    cca_id: CcaId,
    payload: ReasonIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.record_reinstatement_request(
            actor=actor, cca_id=cca_id, expected_version=version, reason=payload.reason
        ),
    )


@post("/ccas/{cca_id}/correction-request", "Ask the state to correct Not Confirmed Closed")
def correction_request(
    request: HttpRequest,
    cca_id: CcaId,
    payload: RequiredReasonIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.request_correction(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            reason=payload.reason,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/correction-decision", "Grant or deny a correction request")
def correction_decision(
    request: HttpRequest,
    cca_id: CcaId,
    payload: CorrectionDecisionIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    """The state answers the provider's request to correct a mistaken Not Confirmed Closed:
    ``grant`` returns it to Confirmed (refused for a request asked after its business days),
    ``deny`` keeps the status and tells the provider the reason. One answer per request."""
    service = (
        corrections.grant_correction if payload.decision == "grant" else corrections.deny_correction
    )
    return cca_write(
        request,
        cca_id,
        lambda actor, version: service(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            reason=payload.reason,
            as_of=clock.today(),
        ),
    )


@post("/ccas/{cca_id}/transcript-due", "Set TranscriptDue (seniors)")
def transcript_due(
    request: HttpRequest,
    cca_id: CcaId,
    payload: TranscriptDueIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.set_transcript_due(
            actor=actor, cca_id=cca_id, expected_version=version, due=payload.due
        ),
    )


@post("/ccas/{cca_id}/transcript", "Record the transcript issued")
def transcript(
    request: HttpRequest,
    cca_id: CcaId,
    payload: TranscriptIn,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    return cca_write(
        request,
        cca_id,
        lambda actor, version: enrollment.issue_transcript(
            actor=actor,
            cca_id=cca_id,
            expected_version=version,
            issued_on=payload.issued_on or clock.today(),
        ),
    )
