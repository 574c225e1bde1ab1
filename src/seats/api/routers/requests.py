"""Filing a course request, completing a student's local registration with a provider, and
entering a student's SSID."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from seats.core.services.eligibility import Approvals
from seats.core.services.requests import submit_request
from seats.core.services.students import (
    RegistrationForm,
    StudentIdentity,
    assign_ssid,
    complete_local_registration,
)

from .. import clock
from ..auth import viewer
from ..params import WRITE_ERRORS, IdempotencyKey, StudentId
from ..schemas_in import RegistrationIn, SsidIn, SubmitIn
from ..schemas_out import CCADetail, RegistrationOut, SsidOut
from ..writes import cca_response, json_response, write
from . import ccas

router = Router(tags=["Requests"])


# POST /ccas shares its path with the list, so it joins the CCA router (one URL pattern).
@ccas.router.post(
    "/ccas", response={201: CCADetail, **WRITE_ERRORS}, summary="Submit a course request"
)
def submit(
    request: HttpRequest, payload: SubmitIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    """File a CCA (Pending Execution) for a student, after eligibility and the credit limit.
    Name the student by ``student_id`` if your role already sees the student, otherwise by
    ``student`` (SSID, date of birth, last name). A student you cannot act for and one that does
    not exist get the same 404. A refusal for eligibility is a 422 listing the reasons you may
    see (``reasons``; a provider sees those about its course)."""
    who = viewer(request)

    def produce() -> HttpResponse:
        cca = submit_request(
            actor=who.actor,
            student_id=payload.student_id,
            identity=StudentIdentity(**payload.student.model_dump()) if payload.student else None,
            offering_id=payload.offering_id,
            school_year=payload.school_year,
            session=payload.session.value,
            as_of=clock.today(),
            approvals=Approvals(**payload.approvals.model_dump())
            if payload.approvals
            else Approvals(),
            early_graduation=payload.early_graduation,
        )
        return cca_response(cca.pk, who, status=201, location=True)

    return write(request, produce)


@router.post(
    "/students/{student_id}/local-registration",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Complete local registration",
)
def local_registration(
    request: HttpRequest,
    student_id: StudentId,
    payload: RegistrationIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    """The family's local registration with a provider (SPEC 3.4); completing it starts the
    provider's decision clock on the student's pending requests with that provider."""
    who = viewer(request)

    def produce() -> HttpResponse:
        form = RegistrationForm(**payload.model_dump(exclude={"provider"}))
        registration = complete_local_registration(
            actor=who.actor,
            student_id=student_id,
            provider_code=payload.provider,
            form=form,
            as_of=clock.today(),
        )
        data = {
            "student_id": registration.student_id,
            "provider": {"code": registration.provider.code, "name": registration.provider.name},
            "completed_on": registration.completed_on,
        }
        return json_response(RegistrationOut, data)

    return write(request, produce)


@router.post(
    "/students/{student_id}/ssid",
    response={200: SsidOut, **WRITE_ERRORS},
    summary="Enter the student's SSID",
)
def ssid(
    request: HttpRequest,
    student_id: StudentId,
    payload: SsidIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    """The state enters any student's SSID; a provider enters one for a home-school student it
    serves (SPEC 3.1: Confirmed needs an SSID). The same service as the web page: 6-16 digits,
    unique, and an audit entry; a student that already has another SSID is refused. A student
    you cannot act for and one that does not exist get the same 404."""
    who = viewer(request)

    def produce() -> HttpResponse:
        student = assign_ssid(
            actor=who.actor, student_id=student_id, ssid=payload.ssid, channel="api"
        )
        return json_response(SsidOut, {"student_id": student.pk, "ssid": student.ssid})

    return write(request, produce)
