"""Adult education through the API (issue 12): students (their program year's enrollment),
contact hours in bulk, assessments, and the NRS tables. Scoped exactly as the web pages
(``seats.adulted.selectors.access``): program staff and directors their organisation's programs,
the state's adult-education specialist every program, SOEP's roles nothing (a 404, like a
record that does not exist)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from seats.adulted.models import Enrollment
from seats.adulted.selectors import access, file_checks, records, reports, summaries, wpu
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import HourEntry, record_hours
from seats.domain.adulted.hours import Kind

from ..auth import viewer
from ..pagination import page
from ..params import ERRORS, WRITE_ERRORS, Cursor, Limit
from ..schemas_in import Code, Day, Id, In

router = Router(tags=["Adult education"])

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
    return 201, {
        "id": saved.pk,
        "test": saved.test,
        "day": saved.day,
        "table_effective": saved.table_effective,
        "role": saved.role,
        "valid_for_gain": saved.valid_for_gain,
        "note": saved.note,
        "levels": {s.area: s.level_code for s in saved.scores.all()},
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
