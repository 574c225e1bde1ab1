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
from seats.adulted.selectors import access, records, reports
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


class NrsOut(Schema):
    fiscal_year: int
    program: str | None
    students: int
    enrollees: int
    gains: list[GainRowOut]
    participants: dict[str, dict[str, int]]
    hours: list[HoursRowOut]
    funding_eligible_hours: dict[str, Decimal]
    not_counted: list[NotCountedOut]


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
        "not_counted": [
            {"enrollment_id": s.key, "program": s.program, "reasons": reasons}
            for s, reasons in report.not_counted
        ],
    }
