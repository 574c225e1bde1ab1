"""Adult education's reports beyond the NRS page (issue 12 items 8-10): the WPU of K-12
students aged 16-18 per student and per district, the student-file checklist's missing items
per program, and the files (CSV and Excel) of these and of the NRS tables.

Scope as every adult-education page: program staff and directors see their organisation's
programs, the state's specialist every program (statewide unless a program is chosen), SOEP's
roles nothing (404). The files are written by ``seats.integration.exports`` (openpyxl), like
the queue's and the funding statements'; each file that names students is logged as an export.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from seats.adulted.models import Program
from seats.adulted.selectors import access, file_checks, summaries, wpu
from seats.adulted.selectors.reports import NrsReport, nrs_report
from seats.core.models import AccessAction, AccessPurpose
from seats.core.selectors.access import Viewer
from seats.core.services.audit import log_access
from seats.domain.calendars import school_year_label
from seats.domain.roles import ADULTED_ROLES, Role
from seats.integration.exports import Column, write_xlsx_sheets

from ..permissions import allow
from ..statements.exports import XLSX, file_response
from .views import _program, _viewer, _year

PER_PAGE = 100
FORMATS = ("csv", "xlsx")


def _scope(request: HttpRequest, *, state_default: bool = True) -> tuple[Program | None, Any]:
    """(the program, its enrollments) or, for the specialist with ``scope=state`` (or without a
    chosen program when ``state_default``), (None, every enrollment)."""
    viewer = _viewer(request)
    enrollments = access.enrollments_visible_to(viewer)
    statewide = viewer.role is Role.ADULTED_SPECIALIST and (
        request.GET.get("scope") == "state" or (state_default and not request.GET.get("program"))
    )
    if statewide:
        return None, enrollments
    program = _program(request, required=False)
    return program, enrollments.filter(program=program)


def _keep(program: Program | None, year: int) -> str:
    """The query string that keeps the page's choice on its links and files."""
    return f"year={year}&program={program.pk}" if program else f"year={year}&scope=state"


def _file_name(stem: str, program: Program | None, year: int) -> str:
    return f"{stem}-{program.code if program else 'statewide'}-{year}"


def _log(viewer: Viewer, what: str, rows: int) -> None:
    log_access(
        viewer, action=AccessAction.EXPORT, what=what, rows=rows, purpose=AccessPurpose.EXPORT
    )


def _workbook(sheets: list[tuple[str, list[Column], Any]], name: str) -> tuple[HttpResponse, int]:
    buffer = io.BytesIO()
    count = write_xlsx_sheets(sheets, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response, count


def _format(file_format: str) -> str:
    if file_format not in FORMATS:
        raise Http404
    return file_format


# --- The WPU of K-12 students aged 16-18 -----------------------------------------------------

WPU_STUDENT_COLUMNS = [
    Column("Enrollment", lambda r: r.key),
    Column("Student", lambda r: r.name),
    Column("SSID", lambda r: r.ssid),
    Column("Program", lambda r: r.program),
    Column("District code", lambda r: r.district_code),
    Column("District", lambda r: r.district_label),
    Column("Age", lambda r: r.age),
    Column("Funding code", lambda r: r.funding_code),
    Column("Clock hours", lambda r: r.result.hours),
    Column("Eligible", lambda r: r.result.eligible),
    Column("WPU", lambda r: r.result.wpu),
    Column("Reason", lambda r: r.result.reason),
]
WPU_DISTRICT_COLUMNS = [
    Column("District code", lambda d: d.code),
    Column("District", lambda d: d.label),
    Column("K-12 students", lambda d: d.students),
    Column("Eligible students", lambda d: d.eligible),
    Column("Clock hours of eligible students", lambda d: d.hours),
    Column("WPU", lambda d: d.wpu),
]


@allow(ADULTED_ROLES)
def wpu_page(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    year = _year(request)
    program, enrollments = _scope(request)
    report = wpu.wpu_report(enrollments, year)
    page = Paginator(report.lines, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/adulted/wpu.html",
        {
            "program": program,
            "programs": access.programs_visible_to(viewer),
            "statewide": viewer.role is Role.ADULTED_SPECIALIST,
            "year": year,
            "year_label": school_year_label(year),
            "report": report,
            "district_bars": summaries.bars([(d.label, d.wpu) for d in report.districts]),
            "page": page,
            "keep": _keep(program, year),
        },
    )


@allow(ADULTED_ROLES)
def wpu_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """CSV: one line per student (``table=districts``: per district); Excel: both sheets."""
    file_format = _format(file_format)
    year = _year(request)
    program, enrollments = _scope(request)
    report = wpu.wpu_report(enrollments, year)
    name = _file_name("wpu", program, year)
    if file_format == "xlsx":
        response, count = _workbook(
            [
                (_("Districts"), WPU_DISTRICT_COLUMNS, report.districts),
                (_("Students"), WPU_STUDENT_COLUMNS, report.lines),
            ],
            name,
        )
    elif request.GET.get("table") == "districts":
        response, count = file_response(
            report.districts, WPU_DISTRICT_COLUMNS, name=f"{name}-districts", file_format="csv",
            title="",
        )  # fmt: skip
    else:
        response, count = file_response(
            report.lines, WPU_STUDENT_COLUMNS, name=name, file_format="csv", title=""
        )
    _log(_viewer(request), f"Adult-ed WPU ({file_format})", count)
    return response


# --- The student-file checklist per program --------------------------------------------------

CHECKLIST_PROGRAM_COLUMNS = [
    Column("Program", lambda p: p.program),
    Column("Name", lambda p: p.name),
    Column("Students", lambda p: p.students),
    Column("Students with a missing item", lambda p: p.with_missing),
    Column("Complete files", lambda p: p.complete),
]
CHECKLIST_STUDENT_COLUMNS = [
    Column("Enrollment", lambda m: m.key),
    Column("Program", lambda m: m.program),
    Column("Student", lambda m: m.name),
    Column("Missing current-year items", lambda m: "; ".join(s.label for s in m.current_year)),
    Column("Missing perpetual items", lambda m: "; ".join(s.label for s in m.perpetual)),
    Column("Missing items", lambda m: len(m.missing)),
]


def _item_columns(report: file_checks.ChecklistReport) -> list[Column]:
    """Per program, one column per item of the document: the students missing it."""
    from seats.domain.adulted.checklist import ITEMS

    return CHECKLIST_PROGRAM_COLUMNS + [
        Column(label, lambda p, key=key: p.by_item.get(key, 0)) for key, label in ITEMS.items()
    ]


@allow(ADULTED_ROLES)
def checklist_page(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    year = _year(request)
    program, enrollments = _scope(request, state_default=False)  # statewide: scope=state
    report = file_checks.checklist_report(enrollments, year)
    page = Paginator(report.missing, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/adulted/checklist.html",
        {
            "program": program,
            "programs": access.programs_visible_to(viewer),
            "statewide": viewer.role is Role.ADULTED_SPECIALIST,
            "year": year,
            "year_label": school_year_label(year),
            "report": report,
            "page": page,
            "keep": _keep(program, year),
        },
    )


@allow(ADULTED_ROLES)
def checklist_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """CSV: one line per student with a missing item; Excel: the programs and the students."""
    file_format = _format(file_format)
    year = _year(request)
    program, enrollments = _scope(request, state_default=False)
    report = file_checks.checklist_report(enrollments, year)
    name = _file_name("student-file-missing", program, year)
    if file_format == "xlsx":
        response, count = _workbook(
            [
                (_("Programs"), _item_columns(report), report.programs),
                (_("Students"), CHECKLIST_STUDENT_COLUMNS, report.missing),
            ],
            name,
        )
    else:
        response, count = file_response(
            report.missing, CHECKLIST_STUDENT_COLUMNS, name=name, file_format="csv", title=""
        )
    _log(_viewer(request), f"Adult-ed student-file checklist ({file_format})", count)
    return response


# --- The NRS tables as Excel, and the enrollee count per program ------------------------------

PROGRAM_COLUMNS = [
    Column("Program", lambda t: t.code),
    Column("Name", lambda t: t.name),
    Column("Students", lambda t: t.students),
    Column("Enrollees", lambda t: t.enrollees),
    Column("Contact hours of enrollees", lambda t: t.enrollee_hours),
    Column("Funding-eligible hours", lambda t: t.funding_hours),
]
GAIN_COLUMNS = [
    Column("Entering level", lambda g: g.level),
    Column("Enrollees", lambda g: g.enrollees),
    Column("With a level gain", lambda g: g.with_gain),
    Column("Levels gained", lambda g: g.levels_gained),
    Column("Percent with a gain", lambda g: g.percent),
    Column(
        "No gain, because",
        lambda g: "; ".join(f"{reason}: {n}" for reason, n in g.no_gain.items()),
    ),
]
PARTICIPANT_COLUMNS = [
    Column("Dimension", lambda r: r[0]),
    Column("Group", lambda r: r[1]),
    Column("Enrollees", lambda r: r[2]),
]
HOURS_COLUMNS = [
    Column("Program", lambda r: r[0][0]),
    Column("Entering level", lambda r: r[0][1]),
    Column("Contact hours", lambda r: r[1]),
]
NOT_COUNTED_COLUMNS = [
    Column("Enrollment", lambda r: r[0].key),
    Column("Program", lambda r: r[0].program),
    Column("Student", lambda r: r[0].name),
    Column("Reasons", lambda r: "; ".join(r[1])),
]
SUMMARY_COLUMNS = [Column("Figure", lambda r: r[0]), Column("Value", lambda r: r[1])]


def _nrs_scope(request: HttpRequest) -> tuple[Program | None, Any]:
    """The NRS page's own choice (as ``views._report``): a program, or for the specialist
    ``scope=state``, every program."""
    viewer = _viewer(request)
    enrollments = access.enrollments_visible_to(viewer)
    if request.GET.get("scope") == "state" and viewer.role is Role.ADULTED_SPECIALIST:
        return None, enrollments
    program = _program(request, required=False)
    return program, enrollments.filter(program=program)


def _nrs_choice(request: HttpRequest) -> tuple[Program | None, int, NrsReport, Any]:
    program, enrollments = _nrs_scope(request)
    year = _year(request)
    return program, year, nrs_report(enrollments, year), enrollments


@allow(ADULTED_ROLES)
def nrs_xlsx(request: HttpRequest) -> HttpResponse:
    """The NRS tables of the page as one workbook, a sheet per table (numbers stay numbers)."""
    program, year, report, enrollments = _nrs_choice(request)
    totals = summaries.program_totals(enrollments, report)
    participants = [
        (dimension, key, n)
        for dimension, counts in report.participants.items()
        for key, n in sorted(counts.items())
    ]
    summary = [
        ("Program year", school_year_label(year)),
        ("Program", program.name if program else "Statewide"),
        ("Students enrolled", report.students),
        ("Enrollees counted", report.enrollees),
        ("Not counted", len(report.not_counted)),
    ]
    response, count = _workbook(
        [
            (_("Summary"), SUMMARY_COLUMNS, summary),
            (_("EFL gains"), GAIN_COLUMNS, report.gains),
            (_("Participants"), PARTICIPANT_COLUMNS, participants),
            (_("Contact hours"), HOURS_COLUMNS, sorted(report.hours.items())),
            (_("Programs"), PROGRAM_COLUMNS, totals),
            (_("Not counted"), NOT_COUNTED_COLUMNS, report.not_counted),
        ],
        _file_name("nrs", program, year),
    )
    _log(_viewer(request), "Adult-ed NRS tables (xlsx)", count)
    return response


@allow(ADULTED_ROLES)
def nrs_programs_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The enrollee count, their contact hours and the funding-eligible hours per program."""
    file_format = _format(file_format)
    program, year, report, enrollments = _nrs_choice(request)
    totals = summaries.program_totals(enrollments, report)
    response, _count = file_response(
        totals,
        PROGRAM_COLUMNS,
        name=_file_name("enrollees", program, year),
        file_format=file_format,
        title=_("Enrollees"),
    )
    return response


def nrs_extras(request: HttpRequest, report: Any) -> dict[str, Any]:
    """What the NRS page shows beside its tables: the per-program totals, the charts and the
    query string of its files."""
    program, enrollments = _nrs_scope(request)
    year = report.fiscal_year
    totals = summaries.program_totals(enrollments, report)
    return {
        "totals": totals,
        "gain_bars": summaries.gain_bars(report),
        "level_hours_bars": summaries.level_hours_bars(report),
        "program_bars": summaries.program_bars(totals),
        "keep": _keep(program, year),
    }
