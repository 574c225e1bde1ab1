"""Pupil accounting (SPEC 9, docs/membership.md): an LMS pushes engagement events in bulk; the
LEA's staff and the state read membership, ADM, the SIS adjustments and "why (not) in
membership". Scoped like the web pages: a teacher's or pupil-accounting token its own LEA, the
state's every LEA read-only, every other role nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router
from pydantic import BaseModel, Field

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose, Student
from seats.core.services.audit import log_access
from seats.domain import dates
from seats.domain.calendars import school_year_of
from seats.domain.errors import NotFound
from seats.membership.models import Enrollment, Program, Source
from seats.membership.selectors import records, reports
from seats.membership.services import programs as programs_service
from seats.membership.services.authority import actor_lea_id
from seats.membership.services.events import MAX_ROWS, ingest
from seats.membership.services.soep import provider_feed

from ..auth import viewer
from ..params import ERRORS, WRITE_ERRORS
from ..schemas_in import MAX_ID, NO_NUL, Code, Day, Id, In

router = Router(tags=["Pupil accounting"])

Year = Annotated[int | None, Query(ge=2000, le=2100, description="School year (2026 = 2026-27).")]


class EventBatch(BaseModel):
    source_system: str = Field(
        min_length=1, max_length=64, description="The LMS sending the batch (ids are its own)."
    )
    events: list[dict[str, Any]] = Field(
        max_length=MAX_ROWS,
        description=(
            "Each item: ssid, program (code), date (YYYY-MM-DD), kind (synchronous_online, "
            "conference, assignment, in_person, direct_instruction, excused_absence: "
            "attendance-validated programs only), minutes (home and hospital), external_id "
            "(the LMS's own event id, required), note. Items are checked here, not by the "
            "schema, so every bad item is named by its index and field."
        ),
    )


class BatchResult(BaseModel):
    rows: int
    added: int
    duplicates: int


class ProgramMembership(BaseModel):
    code: str
    name: str
    kind: str
    lea: str
    students: int
    membership_days: int
    aggregate_days: Decimal
    days_in_session: int
    adm: Decimal


class AdjustmentOut(BaseModel):
    enrollment_id: int
    ssid: str | None
    program: str
    left_membership_on: date
    returned_on: date | None
    silent_school_days: list[date]


class WhyOut(BaseModel):
    enrollment_id: int
    date: date
    in_membership: bool
    reasons: list[str]
    rules: list[str]
    silent_school_days: list[date]


@router.post(
    "/membership/events",
    response={200: BatchResult, **WRITE_ERRORS},
    summary="Record engagement events from an LMS (idempotent by external_id)",
)
def post_events(request: HttpRequest, payload: EventBatch) -> dict[str, int]:
    who = viewer(request)
    lea_id = actor_lea_id(who.actor)
    result = ingest(
        actor=who.actor,
        lea_id=lea_id or 0,
        rows=payload.events,
        source=Source.LMS,
        source_system=payload.source_system,
    )
    return {"rows": result.rows, "added": result.added, "duplicates": result.duplicates}


class ProviderBatch(BaseModel):
    events: list[dict[str, Any]] = Field(
        max_length=MAX_ROWS,
        description=(
            "Each item: cca_id, date (YYYY-MM-DD), kind (synchronous_online, conference, "
            "assignment), external_id (the LMS's own event id). Sets each CCA's last activity "
            "date and, when the student is in a program of the primary LEA, is its evidence."
        ),
    )


class ProviderResult(BaseModel):
    rows: int
    ccas_updated: int
    events_added: int
    duplicates: int


@router.post(
    "/membership/provider-events",
    response={200: ProviderResult, **WRITE_ERRORS},
    summary="A provider's LMS reports engagement in its online courses (SOEP)",
)
def post_provider_events(request: HttpRequest, payload: ProviderBatch) -> dict[str, int]:
    result = provider_feed(viewer=viewer(request), rows=payload.events)
    return {
        "rows": result.rows,
        "ccas_updated": result.ccas_updated,
        "events_added": result.events_added,
        "duplicates": result.duplicates,
    }


def _year(school_year: int | None) -> tuple[int, date]:
    today = clock.today()
    year = school_year or school_year_of(today)
    return year, today


@router.get(
    "/membership/programs",
    response={200: list[ProgramMembership], **ERRORS},
    summary="Membership days, aggregate days and ADM per program",
)
def list_programs(request: HttpRequest, school_year: Year = None) -> list[dict[str, Any]]:
    who = viewer(request)
    year, today = _year(school_year)
    out = []
    for r in reports.program_reports(who, year, today):
        out.append(
            {
                "code": r.program.code,
                "name": r.program.name,
                "kind": r.program.kind,
                "lea": r.program.lea.code,
                "students": r.summary.students,
                "membership_days": r.summary.membership_days,
                "aggregate_days": r.summary.aggregate_days,
                "days_in_session": r.summary.days_in_session,
                "adm": r.summary.adm,
            }
        )
    return out


@router.get(
    "/membership/adjustments",
    response={200: list[AdjustmentOut], **ERRORS},
    summary="Who left membership on which date, and who came back (the SIS adjustments)",
)
def list_adjustments(request: HttpRequest, school_year: Year = None) -> list[dict[str, Any]]:
    who = viewer(request)
    year, today = _year(school_year)
    rows = reports.adjustments(who, year, today)
    log_access(
        who,
        action=AccessAction.EXPORT,
        what=f"membership adjustments {year}",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        rows=len(rows),
        channel="api",
    )
    return [
        {
            "enrollment_id": a.enrollment.pk,
            "ssid": a.enrollment.student.ssid,
            "program": a.enrollment.program.code,
            "left_membership_on": a.left_on,
            "returned_on": a.returned_on,
            "silent_school_days": list(a.silent_days),
        }
        for a in rows
    ]


@router.get(
    "/membership/enrollments/{enrollment_id}/why",
    response={200: WhyOut, **ERRORS},
    summary="Why a student is (not) in membership on a date",
)
def why(request: HttpRequest, enrollment_id: int, on: date) -> dict[str, Any]:
    who = viewer(request)
    found = reports.why_on(who, enrollment_id, on)
    if found is None:
        raise NotFound(f"There is no enrollment {enrollment_id}.", field="enrollment_id")
    dates.checked(on, "on")
    enrollment, answer = found
    log_access(
        who,
        action=AccessAction.VIEW,
        what=f"membership enrollment {enrollment.pk}",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        student=enrollment.student,
        channel="api",
    )
    return {
        "enrollment_id": enrollment.pk,
        "date": on,
        "in_membership": answer.in_membership,
        "reasons": list(answer.reasons),
        "rules": list(answer.rules),
        "silent_school_days": list(answer.silent_days),
    }


# --- Programs and enrollments (the LEA's pupil-accounting staff; the state reads) ------------

ProgramId = Annotated[int, Path(ge=1, le=MAX_ID, description="The program's id.")]
EnrollmentId = Annotated[int, Path(ge=1, le=MAX_ID, description="The enrollment's id.")]
Name = Annotated[str, Field(min_length=1, max_length=200, json_schema_extra=NO_NUL)]


class MembershipProgramIn(In):
    code: Annotated[str, Field(min_length=1, max_length=32, json_schema_extra=NO_NUL)]
    name: Name
    kind: Code = Field(
        description="attendance, online, blended, competency, home_hospital, cte_tech_college"
    )
    calendar_id: Id = Field(
        description="One of the LEA's school calendars (the LEA's or a school's)."
    )
    school_id: Id | None = None


class MembershipProgramPatch(In):
    name: Name | None = None
    kind: Code | None = None
    calendar_id: Id | None = None
    school_id: Id | None = None
    is_active: bool | None = None


class MembershipProgramOut(BaseModel):
    id: int
    lea: str
    code: str
    name: str
    kind: str
    calendar_id: int
    school_id: int | None
    is_active: bool


class EligibilityFacts(In):
    half_time_or_more: bool | None = None
    enrolled_elsewhere: bool | None = None
    has_certificate_of_completion: bool | None = None
    in_yic: bool | None = None
    utah_resident: bool | None = None
    retained_senior: bool | None = None
    pccr_consistent: bool | None = None
    counselor_approved: bool | None = None
    regular_instruction: bool | None = None
    cte_offered_at_school: bool | None = None
    cte_meets_requirement: bool | None = None

    def given(self) -> dict[str, bool]:
        facts = self.model_dump(include=set(programs_service.FLAGS))
        return {k: v for k, v in facts.items() if v is not None}


class MembershipEnrollmentIn(EligibilityFacts):
    program_id: Id
    ssid: Annotated[str, Field(min_length=1, max_length=16, json_schema_extra=NO_NUL)]
    entry_on: Day
    exit_on: Day | None = None
    teacher_id: Id | None = None
    counselor_id: Id | None = None


class MembershipEnrollmentPatch(EligibilityFacts):
    entry_on: Day | None = None
    teacher_id: Id | None = None
    counselor_id: Id | None = None


class MembershipExitIn(In):
    exit_on: Day
    note: Annotated[str, Field(max_length=500, json_schema_extra=NO_NUL)] = ""


class EligibilityProblemOut(BaseModel):
    reason: str
    text: str
    rule: str


class MembershipEnrollmentOut(BaseModel):
    id: int
    program_id: int
    program: str
    ssid: str | None
    entry_on: date
    exit_on: date | None
    teacher_id: int | None
    counselor_id: int | None
    facts: dict[str, bool]
    eligibility_problems: list[EligibilityProblemOut]


def _program_out(p: Program) -> dict[str, Any]:
    return {
        "id": p.pk,
        "lea": p.lea.code,
        "code": p.code,
        "name": p.name,
        "kind": p.kind,
        "calendar_id": p.calendar_id,
        "school_id": p.school_id,
        "is_active": p.is_active,
    }


def _enrollment_out(e: Enrollment) -> dict[str, Any]:
    return {
        "id": e.pk,
        "program_id": e.program_id,
        "program": e.program.code,
        "ssid": e.student.ssid,
        "entry_on": e.entry_on,
        "exit_on": e.exit_on,
        "teacher_id": e.teacher_id,
        "counselor_id": e.counselor_id,
        "facts": {f: getattr(e, f) for f in programs_service.FLAGS},
        "eligibility_problems": [
            {"reason": p.reason.value, "text": p.text, "rule": p.rule}
            for p in programs_service.eligibility(e)
        ],
    }


def _scoped_program(request: HttpRequest, program_id: int) -> Program:
    found = records.program_for(viewer(request), program_id)
    if found is None:  # another LEA's program answers like a missing one
        raise NotFound(f"There is no program {program_id}.", field="program_id")
    return found


def _scoped_enrollment(request: HttpRequest, enrollment_id: int) -> Enrollment:
    found = records.enrollment_for(viewer(request), enrollment_id)
    if found is None:
        raise NotFound(f"There is no enrollment {enrollment_id}.", field="enrollment_id")
    return found


@router.post(
    "/membership/programs",
    response={201: MembershipProgramOut, **WRITE_ERRORS},
    summary="Create a program of the caller's LEA (pupil-accounting staff)",
)
def create_membership_program(
    request: HttpRequest, payload: MembershipProgramIn
) -> tuple[int, dict[str, Any]]:
    who = viewer(request)
    program = programs_service.create_program(
        actor=who.actor,
        lea_id=actor_lea_id(who.actor) or 0,
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        calendar_id=payload.calendar_id,
        school_id=payload.school_id,
    )
    program = Program.objects.select_related("lea").get(pk=program.pk)
    return 201, _program_out(program)


@router.patch(
    "/membership/programs/{program_id}",
    response={200: MembershipProgramOut, **WRITE_ERRORS},
    summary="Edit a program (name, kind, calendar, school, active)",
)
def update_membership_program(
    request: HttpRequest, program_id: ProgramId, payload: MembershipProgramPatch
) -> dict[str, Any]:
    found = _scoped_program(request, program_id)
    given = payload.model_dump(exclude_unset=True)
    kwargs: dict[str, Any] = {k: v for k, v in given.items() if k != "school_id"}
    if "school_id" in given:
        kwargs["school_id"] = given["school_id"]
    program = programs_service.update_program(
        actor=viewer(request).actor, program_id=found.pk, **kwargs
    )
    return _program_out(Program.objects.select_related("lea").get(pk=program.pk))


@router.post(
    "/membership/enrollments",
    response={201: MembershipEnrollmentOut, **WRITE_ERRORS},
    summary="Enroll a student of the LEA in a program; every failed eligibility check returned",
)
def create_membership_enrollment(
    request: HttpRequest, payload: MembershipEnrollmentIn
) -> tuple[int, dict[str, Any]]:
    program = _scoped_program(request, payload.program_id)
    student = (
        Student.objects.filter(ssid=payload.ssid.strip(), primary_lea_id=program.lea_id)
        .only("pk")
        .first()
    )
    if student is None:
        raise NotFound("The LEA has no student with this SSID.", field="ssid")
    enrollment = programs_service.enroll(
        actor=viewer(request).actor,
        program_id=program.pk,
        student_id=student.pk,
        entry_on=payload.entry_on,
        exit_on=payload.exit_on,
        teacher_id=payload.teacher_id,
        counselor_id=payload.counselor_id,
        **payload.given(),
    )
    return 201, _enrollment_out(_scoped_enrollment(request, enrollment.pk))


@router.get(
    "/membership/enrollments/{enrollment_id}",
    response={200: MembershipEnrollmentOut, **ERRORS},
    summary="An enrollment, its eligibility facts and every failed eligibility check",
)
def get_membership_enrollment(request: HttpRequest, enrollment_id: EnrollmentId) -> dict[str, Any]:
    found = _scoped_enrollment(request, enrollment_id)
    log_access(
        viewer(request),
        action=AccessAction.VIEW,
        what=f"membership enrollment {found.pk}",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        student=found.student,
        channel="api",
    )
    return _enrollment_out(found)


@router.patch(
    "/membership/enrollments/{enrollment_id}",
    response={200: MembershipEnrollmentOut, **WRITE_ERRORS},
    summary="Correct an enrollment (entry date, teacher, counselor, eligibility facts)",
)
def update_membership_enrollment(
    request: HttpRequest, enrollment_id: EnrollmentId, payload: MembershipEnrollmentPatch
) -> dict[str, Any]:
    found = _scoped_enrollment(request, enrollment_id)
    given = payload.model_dump(exclude_unset=True)
    kwargs: dict[str, Any] = {k: given[k] for k in ("teacher_id", "counselor_id") if k in given}
    programs_service.update_enrollment(
        actor=viewer(request).actor,
        enrollment_id=found.pk,
        entry_on=given.get("entry_on"),
        **kwargs,
        **payload.given(),
    )
    return _enrollment_out(_scoped_enrollment(request, found.pk))


@router.post(
    "/membership/enrollments/{enrollment_id}/exit",
    response={200: MembershipEnrollmentOut, **WRITE_ERRORS},
    summary="Record the last day enrolled (nothing is deleted; the history keeps the change)",
)
def exit_membership_enrollment(
    request: HttpRequest, enrollment_id: EnrollmentId, payload: MembershipExitIn
) -> dict[str, Any]:
    found = _scoped_enrollment(request, enrollment_id)
    programs_service.exit_enrollment(
        actor=viewer(request).actor,
        enrollment_id=found.pk,
        exit_on=payload.exit_on,
        note=payload.note,
    )
    return _enrollment_out(_scoped_enrollment(request, found.pk))
