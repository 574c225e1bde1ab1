"""Adult education through the API (issue 12): students (their program year's enrollment),
contact hours in bulk, assessments, and the NRS tables. Scoped exactly as the web pages
(``seats.adulted.selectors.access``): program staff and directors their organisation's programs,
the state's adult-education specialist every program, SOEP's roles nothing (a 404, like a
record that does not exist)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator

from seats.adulted.models import Assessment, ContactHour, Enrollment, RecordChange
from seats.adulted.selectors import access, file_checks, records, reports, summaries, wpu
from seats.adulted.services import corrections
from seats.adulted.services import records as record_services
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import HourEntry, record_hours
from seats.domain.adulted.hours import Kind

from ..auth import viewer
from ..pagination import page
from ..params import ERRORS, WRITE_ERRORS, Cursor, Limit
from ..schemas_in import BIRTH_DATE_PATTERN, NO_NUL, Code, Day, Id, In, Text

router = Router(tags=["Adult education"])


def _born(value: dt.date) -> dt.date:
    if not dt.date(1900, 1, 1) <= value <= dt.date(2100, 12, 31):
        raise ValueError("must be between 1900-01-01 and 2100-12-31")
    return value


Year = Annotated[int | None, Query(ge=2000, le=2100, description="Program year (July 1).")]
ReportYear = Annotated[int, Query(ge=2000, le=2100, description="Program year (July 1).")]
ProgramId = Annotated[int | None, Query(ge=1, le=2_147_483_647, description="A program's id.")]


class RequirementOut(Schema):
    key: str
    label: str
    met_on: dt.date | None
    missing: str


class EnrollmentOut(Schema):
    id: int
    student_id: int
    first_name: str
    last_name: str
    program: str
    fiscal_year: int
    area_of_focus: str
    entry_date: dt.date
    exit_date: dt.date | None
    exit_reason: str
    funding_code: int | None
    efl: str
    hours_total: Decimal
    instructional_hours: Decimal
    levels_gained: int
    enrollee_on: dt.date | None
    requirements: list[RequirementOut]


class EnrollmentPage(Schema):
    items: list[EnrollmentOut]
    next_cursor: str | None
    limit: int


class HourIn(In):
    enrollment_id: Id
    day: Day
    kind: Kind
    hours: int | None = Field(default=None, ge=0, le=24, description="Whole contact hours.")
    minutes: int | None = Field(default=None, ge=0, le=24 * 60)


class HoursIn(In):
    program_id: Id
    entries: list[HourIn] = Field(min_length=1, max_length=10_000)


class WrittenOut(Schema):
    written: int


class ScoreIn(In):
    scale: int = Field(ge=-1_000_000, le=1_000_000)
    raw: int | None = Field(default=None, ge=0, le=1_000_000)


class AssessmentIn(In):
    enrollment_id: Id
    test: Code
    form: Code = ""
    day: Day
    administrator: Code
    scores: dict[Code, ScoreIn] = Field(min_length=1, max_length=8)


class AssessmentOut(Schema):
    id: int
    test: str
    day: dt.date
    table_effective: dt.date
    role: str
    valid_for_gain: bool | None
    note: str
    levels: dict[str, str]
    corrects_id: int | None = None
    void: bool = False
    void_reason: str = ""


class GainRowOut(Schema):
    level: str
    enrollees: int
    with_gain: int
    levels_gained: int
    percent: Decimal
    no_gain: dict[str, int]


class NotCountedOut(Schema):
    enrollment_id: int
    program: str
    reasons: list[str]


class HoursRowOut(Schema):
    program: str
    level: str
    hours: Decimal


class ProgramTotalOut(Schema):
    program: str
    name: str
    students: int
    enrollees: int
    enrollee_hours: Decimal
    funding_eligible_hours: Decimal


class NrsOut(Schema):
    fiscal_year: int
    program: str | None
    students: int
    enrollees: int
    gains: list[GainRowOut]
    participants: dict[str, dict[str, int]]
    hours: list[HoursRowOut]
    funding_eligible_hours: dict[str, Decimal]
    programs: list[ProgramTotalOut]
    not_counted: list[NotCountedOut]


class WpuStudentOut(Schema):
    enrollment_id: int
    name: str
    ssid: str
    program: str
    district_code: str
    district: str
    age: int
    funding_code: int | None
    clock_hours: Decimal
    eligible: bool
    wpu: Decimal
    reason: str


class WpuDistrictOut(Schema):
    district_code: str
    district: str
    students: int
    eligible: int
    clock_hours: Decimal
    wpu: Decimal


class WpuOut(Schema):
    fiscal_year: int
    program: str | None
    hours_per_wpu: int
    age_on: dt.date
    total_wpu: Decimal
    districts: list[WpuDistrictOut]
    students: list[WpuStudentOut]


class FileItemOut(Schema):
    item: str
    label: str
    perpetual: bool


class FileProgramOut(Schema):
    program: str
    name: str
    students: int
    with_missing: int
    missing_by_item: dict[str, int]


class FileStudentOut(Schema):
    enrollment_id: int
    program: str
    name: str
    missing: list[FileItemOut]


class StudentFilesOut(Schema):
    fiscal_year: int
    program: str | None
    programs: list[FileProgramOut]
    students: list[FileStudentOut]


Area = Literal["ESOL", "ABE", "AHSC"]
FundingCode = Annotated[int, Field(ge=1, le=9, description="Funding code 1-9 (002).")]
TEXT_WITH_A_LETTER = "^[^\\u0000]*\\S[^\\u0000]*$"
Name = Annotated[
    str, Field(min_length=1, max_length=80, json_schema_extra={"pattern": TEXT_WITH_A_LETTER})
]
Short = Annotated[str, Field(max_length=120, json_schema_extra=NO_NUL)]
Reason = Annotated[
    str, Field(min_length=1, max_length=240, json_schema_extra={"pattern": TEXT_WITH_A_LETTER})
]
BirthDay = Annotated[
    dt.date,
    AfterValidator(_born),
    Field(json_schema_extra={"pattern": BIRTH_DATE_PATTERN, "description": "1900 to 2100"}),
]


class AdultStudentIn(In):
    """A new student and the program year's enrollment. Every edit check runs at once; a 422
    names the first field and its ``detail`` lists every problem."""

    program_id: Id
    fiscal_year: Annotated[int, Field(ge=2000, le=2100, description="Program year (July 1).")]
    first_name: Name
    last_name: Name
    date_of_birth: BirthDay
    sex: Annotated[str, Field(max_length=16, json_schema_extra=NO_NUL)] = ""
    ethnicity: Annotated[str, Field(max_length=64, json_schema_extra=NO_NUL)] = ""
    ssid: Annotated[str, Field(max_length=16, json_schema_extra={"pattern": "^[0-9]*$"})] = ""
    has_ssn: bool = True
    k12_enrolled: bool = False
    graduated: bool = False
    entry_date: Day
    area_of_focus: Area
    funding_code: FundingCode | None = None
    residency_proof: Short = ""


class SeopIn(In):
    """The program year's SEOP, whole (a PUT replaces it; the history keeps what changed)."""

    goals: Text = ""
    prior_achievements: Text = ""
    work_history: Text = ""
    core_goal: Annotated[str, Field(max_length=200, json_schema_extra=NO_NUL)] = ""
    core_goal_on: Day | None = None
    counselor: Short = ""
    counselor_signed_on: Day | None = None
    student_signed_on: Day | None = None
    waiver_refused: bool = Field(
        default=False, description="The student refused to sign the Waiver of Release."
    )


class SeopOut(Schema):
    enrollment_id: int
    goals: str
    prior_achievements: str
    work_history: str
    core_goal: str
    core_goal_on: dt.date | None
    counselor: str
    counselor_signed_on: dt.date | None
    student_signed_on: dt.date | None
    waiver_refused: bool
    signatures: str


class FundingCodeIn(In):
    code: FundingCode
    on: Day
    reason: Short = ""


class ChangeOut(Schema):
    id: int
    what: str
    action: str
    target_id: int | None
    new_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str
    by: str
    role: str
    at: dt.datetime


class VoidIn(In):
    reason: Reason


class HourCorrectionIn(In):
    reason: Reason
    day: Day | None = None
    kind: Kind | None = None
    hours: int | None = Field(default=None, ge=0, le=24, description="Whole contact hours.")
    minutes: int | None = Field(default=None, ge=0, le=24 * 60)


class HourOut(Schema):
    id: int
    enrollment_id: int
    day: dt.date
    kind: str
    hours: Decimal
    minutes: int | None
    corrects_id: int | None
    void: bool
    void_reason: str


class AssessmentCorrectionIn(In):
    reason: Reason
    test: Code
    form: Code = ""
    day: Day
    administrator: Code
    scores: dict[Code, ScoreIn] = Field(min_length=1, max_length=8)


def _enrollment_out(e: Enrollment) -> dict[str, Any]:
    status = records.status_of(e)
    return {
        "id": e.pk,
        "student_id": e.student_id,
        "first_name": e.student.first_name,
        "last_name": e.student.last_name,
        "program": e.program.code,
        "fiscal_year": e.fiscal_year,
        "area_of_focus": e.area_of_focus,
        "entry_date": e.entry_date,
        "exit_date": e.exit_date,
        "exit_reason": e.exit_reason,
        "funding_code": e.funding_code,
        "efl": e.efl_code,
        "hours_total": e.hours_total,
        "instructional_hours": e.instructional_total,
        "levels_gained": e.levels_gained,
        "enrollee_on": status.reached_on,
        "requirements": [
            {"key": r.key, "label": r.label, "met_on": r.met_on, "missing": r.missing}
            for r in status.requirements
        ],
    }


@router.get(
    "/adult-ed/students", response={200: EnrollmentPage, **ERRORS}, summary="Adult-ed students"
)
def students(
    request: HttpRequest,
    program: ProgramId = None,
    year: Year = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """The program years (enrollments) the role may see, with enrollee status explained."""
    rows = access.enrollments_visible_to(viewer(request)).select_related("student", "program")
    if program:
        rows = rows.filter(program_id=program)
    if year:
        rows = rows.filter(fiscal_year=year)
    return page(rows, cursor=cursor, limit=limit, order="id", serialize=_enrollment_out)


@router.get(
    "/adult-ed/students/{enrollment_id}",
    response={200: EnrollmentOut, **ERRORS},
    summary="An adult-ed student's program year",
)
def student(request: HttpRequest, enrollment_id: int) -> dict[str, Any]:
    return _enrollment_out(access.enrollment_for(viewer(request), enrollment_id))


@router.post(
    "/adult-ed/hours", response={201: WrittenOut, **WRITE_ERRORS}, summary="Record contact hours"
)
def hours(request: HttpRequest, payload: HoursIn) -> tuple[int, dict[str, int]]:
    """Contact hours in bulk for one program, all or nothing: the first problem is a 422 naming
    the row; a day's entry of a kind replaces the one recorded before."""
    who = viewer(request)
    program = access.program_for(who, payload.program_id)
    entries = [
        HourEntry(
            e.enrollment_id,
            e.day,
            e.kind.value,
            hours=None if e.hours is None else Decimal(e.hours),
            minutes=e.minutes,
        )
        for e in payload.entries
    ]
    return 201, {"written": record_hours(actor=who.actor, program=program, entries=entries)}


@router.post(
    "/adult-ed/assessments",
    response={201: AssessmentOut, **WRITE_ERRORS},
    summary="Record an assessment",
)
def assessments(request: HttpRequest, payload: AssessmentIn) -> tuple[int, dict[str, Any]]:
    """Scores placed on the NRS table in force on the test date (a score outside every band is
    a 422 naming the bands); the EFL, gains and enrollee status follow."""
    who = viewer(request)
    enrollment = access.enrollment_for(who, payload.enrollment_id)
    saved = record_assessment(
        actor=who.actor,
        enrollment=enrollment,
        test=payload.test,
        form=payload.form,
        day=payload.day,
        administrator=payload.administrator,
        scores={area: (s.raw, s.scale) for area, s in payload.scores.items()},
    )
    return 201, _assessment_out(saved)


def _assessment_out(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "test": a.test,
        "day": a.day,
        "table_effective": a.table_effective,
        "role": a.role,
        "valid_for_gain": a.valid_for_gain,
        "note": a.note,
        "levels": {s.area: s.level_code for s in a.scores.all()},
        "corrects_id": a.corrects_id,
        "void": a.is_void,
        "void_reason": a.void_reason,
    }


@router.get("/adult-ed/reports/nrs", response={200: NrsOut, **ERRORS}, summary="NRS tables")
def nrs(request: HttpRequest, year: ReportYear, program: ProgramId = None) -> dict[str, Any]:
    """The NRS tables of a program year, live: of one program, or without ``program`` of every
    program the role sees (statewide for the state's specialist)."""
    who = viewer(request)
    rows = access.enrollments_visible_to(who)
    chosen = None
    if program:
        chosen = access.program_for(who, program)
        rows = rows.filter(program=chosen)
    report = reports.nrs_report(rows, year)
    totals = summaries.program_totals(rows, report)
    return {
        "fiscal_year": year,
        "program": chosen.code if chosen else None,
        "students": report.students,
        "enrollees": report.enrollees,
        "gains": [
            {
                "level": g.level,
                "enrollees": g.enrollees,
                "with_gain": g.with_gain,
                "levels_gained": g.levels_gained,
                "percent": g.percent,
                "no_gain": g.no_gain,
            }
            for g in report.gains
        ],
        "participants": report.participants,
        "hours": [
            {"program": p, "level": lv, "hours": h} for (p, lv), h in sorted(report.hours.items())
        ],
        "funding_eligible_hours": report.funding_hours,
        "programs": [
            {
                "program": t.code,
                "name": t.name,
                "students": t.students,
                "enrollees": t.enrollees,
                "enrollee_hours": t.enrollee_hours,
                "funding_eligible_hours": t.funding_hours,
            }
            for t in totals
        ],
        "not_counted": [
            {"enrollment_id": s.key, "program": s.program, "reasons": reasons}
            for s, reasons in report.not_counted
        ],
    }


def _chosen(request: HttpRequest, program: int | None):  # type: ignore[no-untyped-def]
    """(the program, its enrollments), or without ``program`` every program the role sees."""
    who = viewer(request)
    rows = access.enrollments_visible_to(who)
    if not program:
        return None, rows
    chosen = access.program_for(who, program)
    return chosen, rows.filter(program=chosen)


@router.get(
    "/adult-ed/reports/wpu",
    response={200: WpuOut, **ERRORS},
    summary="WPU of K-12 students aged 16-18",
)
def wpu_report(request: HttpRequest, year: ReportYear, program: ProgramId = None) -> dict[str, Any]:
    """The WPU that follows each K-12 student aged 16-18 in adult education (R277-733-6 A: 990
    clock hours per WPU, prorated, capped at 1), per student and per district (the student's
    K-12 LEA; "" when no K-12 record is linked); of one program or every program the role
    sees."""
    chosen, rows = _chosen(request, program)
    report = wpu.wpu_report(rows, year)
    return {
        "fiscal_year": year,
        "program": chosen.code if chosen else None,
        "hours_per_wpu": report.hours_per_wpu,
        "age_on": report.age_on,
        "total_wpu": report.total,
        "districts": [
            {
                "district_code": d.code,
                "district": d.name,
                "students": d.students,
                "eligible": d.eligible,
                "clock_hours": d.hours,
                "wpu": d.wpu,
            }
            for d in report.districts
        ],
        "students": [
            {
                "enrollment_id": line.key,
                "name": line.name,
                "ssid": line.ssid,
                "program": line.program,
                "district_code": line.district_code,
                "district": line.district,
                "age": line.age,
                "funding_code": line.funding_code,
                "clock_hours": line.result.hours,
                "eligible": line.result.eligible,
                "wpu": line.result.wpu,
                "reason": line.result.reason,
            }
            for line in report.lines
        ],
    }


@router.get(
    "/adult-ed/reports/student-files",
    response={200: StudentFilesOut, **ERRORS},
    summary="Missing student-file items",
)
def student_files(
    request: HttpRequest, year: ReportYear, program: ProgramId = None
) -> dict[str, Any]:
    """Per program, the students of the program year with a missing item of the student-file
    checklist (002, Student Records: four current-year, seven perpetual), and which."""
    chosen, rows = _chosen(request, program)
    report = file_checks.checklist_report(rows, year)
    return {
        "fiscal_year": year,
        "program": chosen.code if chosen else None,
        "programs": [
            {
                "program": p.program,
                "name": p.name,
                "students": p.students,
                "with_missing": p.with_missing,
                "missing_by_item": {key: n for key, _label, _kept, n in p.item_counts()},
            }
            for p in report.programs
        ],
        "students": [
            {
                "enrollment_id": m.key,
                "program": m.program,
                "name": m.name,
                "missing": [
                    {"item": i.item, "label": i.label, "perpetual": i.perpetual} for i in m.missing
                ],
            }
            for m in report.missing
        ],
    }


@router.post(
    "/adult-ed/students",
    response={201: EnrollmentOut, **WRITE_ERRORS},
    summary="Register and enrol an adult-ed student",
)
def register_adult_student(
    request: HttpRequest, payload: AdultStudentIn
) -> tuple[int, dict[str, Any]]:
    """A new student of a program and their program year: demographics, entry date (in the
    program year, not in the future), area of focus, funding code 1-9, proof of Utah residency,
    the SSID of a K-12 student (which links the record to SOEP eligibility). Program staff of
    the program or the state's specialist."""
    who = viewer(request)
    program = access.program_for(who, payload.program_id)
    e = record_services.register_and_enroll(
        actor=who.actor,
        program=program,
        **payload.model_dump(exclude={"program_id"}),
    )
    return 201, _enrollment_out(e)


def _seop_out(e: Enrollment) -> dict[str, Any]:
    seop = getattr(e, "seop", None)
    values = {k: getattr(seop, k) if seop else None for k in record_services.SEOP_FIELDS}
    for key in ("goals", "prior_achievements", "work_history", "core_goal", "counselor"):
        values[key] = values[key] or ""
    values["waiver_refused"] = bool(values["waiver_refused"])
    return {
        "enrollment_id": e.pk,
        **values,
        "signatures": records.seop_signatures(seop),
    }


@router.get(
    "/adult-ed/students/{enrollment_id}/seop",
    response={200: SeopOut, **ERRORS},
    summary="An adult-ed student's SEOP",
)
def adult_seop(request: HttpRequest, enrollment_id: int) -> dict[str, Any]:
    return _seop_out(access.enrollment_for(viewer(request), enrollment_id))


@router.put(
    "/adult-ed/students/{enrollment_id}/seop",
    response={200: SeopOut, **WRITE_ERRORS},
    summary="Record the program year's SEOP",
)
def save_adult_seop(request: HttpRequest, enrollment_id: int, payload: SeopIn) -> dict[str, Any]:
    """Goals, prior achievements, work history, the core goal (a requirement of enrollee
    status); signed by a counselor and the student, or the student's refusal to sign the Waiver
    of Release (never both). Dates are in the program year and not in the future."""
    who = viewer(request)
    e = access.enrollment_for(who, enrollment_id)
    record_services.save_seop(actor=who.actor, enrollment=e, **payload.model_dump())
    return _seop_out(access.enrollment_for(who, enrollment_id))


@router.post(
    "/adult-ed/students/{enrollment_id}/funding-code",
    response={200: EnrollmentOut, **WRITE_ERRORS},
    summary="Set or change the funding code",
)
def set_adult_funding_code(
    request: HttpRequest, enrollment_id: int, payload: FundingCodeIn
) -> dict[str, Any]:
    """From a day of the program year; the history keeps who, when, from and to."""
    who = viewer(request)
    e = access.enrollment_for(who, enrollment_id)
    record_services.set_funding_code(
        actor=who.actor, enrollment=e, code=payload.code, on=payload.on, reason=payload.reason
    )
    return _enrollment_out(access.enrollment_for(who, enrollment_id))


def _change_out(c: RecordChange) -> dict[str, Any]:
    return {
        "id": c.pk,
        "what": c.what,
        "action": c.action,
        "target_id": c.target_id,
        "new_id": c.new_id,
        "before": c.before,
        "after": c.after,
        "reason": c.reason,
        "by": c.by.get_username() if c.by else "",
        "role": c.role,
        "at": c.at,
    }


@router.get(
    "/adult-ed/students/{enrollment_id}/history",
    response={200: list[ChangeOut], **ERRORS},
    summary="An adult-ed record's corrections",
)
def adult_history(request: HttpRequest, enrollment_id: int) -> list[dict[str, Any]]:
    """Funding-code changes, voids and corrections of hours and assessments, SEOP changes:
    latest first (the last 200)."""
    e = access.enrollment_for(viewer(request), enrollment_id)
    return [_change_out(c) for c in records.changes_of(e)]


def _hour_out(h: ContactHour) -> dict[str, Any]:
    return {
        "id": h.pk,
        "enrollment_id": h.enrollment_id,
        "day": h.day,
        "kind": h.kind,
        "hours": h.hours,
        "minutes": h.minutes,
        "corrects_id": h.corrects_id,
        "void": h.is_void,
        "void_reason": h.void_reason,
    }


@router.post(
    "/adult-ed/hours/{hour_id}/void",
    response={200: HourOut, **WRITE_ERRORS},
    summary="Void a contact-hour entry",
)
def void_adult_hour(request: HttpRequest, hour_id: int, payload: VoidIn) -> dict[str, Any]:
    """The entry is kept, marked void with who, when and why; the hours, levels and enrollee
    status are recomputed. An entry already void is a 409."""
    who = viewer(request)
    hour = access.hour_for(who, hour_id)
    return _hour_out(corrections.void_hour(actor=who.actor, hour=hour, reason=payload.reason))


@router.post(
    "/adult-ed/hours/{hour_id}/correction",
    response={201: HourOut, **WRITE_ERRORS},
    summary="Correct a contact-hour entry",
)
def correct_adult_hour(
    request: HttpRequest, hour_id: int, payload: HourCorrectionIn
) -> tuple[int, dict[str, Any]]:
    """The old entry is voided ("corrected: reason") and the corrected one written, passing
    every edit check of a new entry; the answer is the new entry."""
    who = viewer(request)
    hour = access.hour_for(who, hour_id)
    new = corrections.correct_hour(
        actor=who.actor,
        hour=hour,
        reason=payload.reason,
        hours=None if payload.hours is None else Decimal(payload.hours),
        minutes=payload.minutes,
        day=payload.day,
        kind=payload.kind.value if payload.kind else None,
    )
    return 201, _hour_out(new)


@router.post(
    "/adult-ed/assessments/{assessment_id}/void",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary="Void an assessment",
)
def void_adult_assessment(
    request: HttpRequest, assessment_id: int, payload: VoidIn
) -> dict[str, Any]:
    """Kept and marked void; the EFL, gains and enrollee status are recomputed without it."""
    who = viewer(request)
    a = access.assessment_for(who, assessment_id)
    return _assessment_out(
        corrections.void_assessment(actor=who.actor, assessment=a, reason=payload.reason)
    )


@router.post(
    "/adult-ed/assessments/{assessment_id}/correction",
    response={201: AssessmentOut, **WRITE_ERRORS},
    summary="Correct an assessment",
)
def correct_adult_assessment(
    request: HttpRequest, assessment_id: int, payload: AssessmentCorrectionIn
) -> tuple[int, dict[str, Any]]:
    """The old assessment is voided and the corrected one placed on the NRS table in force on
    its date (a score outside every band is a 422 naming the bands); the answer is the new one."""
    who = viewer(request)
    a = access.assessment_for(who, assessment_id)
    new = corrections.correct_assessment(
        actor=who.actor,
        assessment=a,
        reason=payload.reason,
        test=payload.test,
        form=payload.form,
        day=payload.day,
        administrator=payload.administrator,
        scores={area: (s.raw, s.scale) for area, s in payload.scores.items()},
    )
    return 201, _assessment_out(new)
