"""Compliance (seats.compliance): TOR findings and the provider cycle to read; the TOR
spreadsheet and the Course Request Spreadsheet to upload. A provider's token sees and writes its
own organisation only; the state's sees every provider (and does not upload for one)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Router, Schema, UploadedFile

from seats.compliance.selectors.tor import all_cycles, cycle_view, reason_labels
from seats.compliance.services.catalog import submit_catalog
from seats.compliance.services.cycle import all_calendars, provider_calendar
from seats.compliance.services.tor import upload_tor_sheet
from seats.compliance.sheets import SheetRefused
from seats.core import clock
from seats.core.models import Organisation
from seats.core.selectors.access import PROVIDER_ROLES, STATE_ROLES
from seats.domain.compliance.calendar import school_year_of
from seats.domain.errors import NotFound

from ..auth import viewer
from ..params import ERRORS, WRITE_ERRORS, YearFilter
from ..serialize import org_ref

router = Router(tags=["Compliance"])
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Optional in the schema: Django's multipart parser drops an empty file part, so an empty file
#: and no file arrive alike, and both get the same answer (nothing recorded, the problem named).
Upload = Annotated[UploadedFile | None, File(description="A CSV (UTF-8) or .xlsx file.")]


class OrgRefOut(Schema):
    code: str
    name: str


class StepOut(Schema):
    step: str
    label: str
    due: date
    done_on: date | None
    overdue: bool
    needed: bool


class AssignmentOut(Schema):
    line: int
    core_code: str
    usbe_title: str
    educator_name: str
    cactus_id: str
    aligned: bool
    reasons: list[str]
    reason_labels: list[str]
    added_on: date
    checked_on: date


class TorCycleOut(Schema):
    provider: OrgRefOut
    school_year: int
    steps: list[StepOut]
    assignments: list[AssignmentOut]
    misaligned: int
    ccas_held: int


class ObligationOut(Schema):
    obligation: str
    label: str
    due: date
    opens: date | None
    remind_on: date
    done_on: date | None
    state: str
    source: str


class ProviderCycleOut(Schema):
    provider: OrgRefOut
    school_year: int
    obligations: list[ObligationOut]


class ProblemOut(Schema):
    line: int
    column: str
    message: str
    rule: str


class UploadOut(Schema):
    recorded: bool
    problems: list[ProblemOut]
    lines: int


def _providers(request: HttpRequest) -> list[Organisation]:
    who = viewer(request)
    if who.role in PROVIDER_ROLES:
        return [who.organisation]
    if who.role in STATE_ROLES:
        return list(Organisation.objects.filter(kind="provider", is_active=True).order_by("name"))
    return []


def _year(school_year: int | None) -> int:
    return school_year or school_year_of(clock.today())


@router.get("/compliance/tor", response={200: list[TorCycleOut], **ERRORS}, summary="TOR findings")
def tor_findings(request: HttpRequest, school_year: YearFilter = None) -> list[dict[str, Any]]:
    """Each provider's TOR accountability cycle of the school year (default: this one): the
    steps with their dates, every assignment with its alignment result, and the CCAs held."""
    year, today = _year(school_year), clock.today()
    providers = _providers(request)
    views = (
        all_cycles(year, as_of=today)
        if viewer(request).role in STATE_ROLES
        else [cycle_view(p, year, as_of=today) for p in providers]
    )
    return [
        {
            "provider": org_ref(v.provider),
            "school_year": year,
            "steps": [
                {
                    "step": s.step.value,
                    "label": s.step.label,
                    "due": s.due,
                    "done_on": s.done_on,
                    "overdue": s.overdue,
                    "needed": s.needed,
                }
                for s in v.steps
            ],
            "assignments": [
                {
                    "line": a.line,
                    "core_code": a.core_code,
                    "usbe_title": a.usbe_title,
                    "educator_name": a.educator_name,
                    "cactus_id": a.teacher.cactus_id,
                    "aligned": a.aligned,
                    "reasons": a.reasons,
                    "reason_labels": reason_labels(a.reasons),
                    "added_on": a.added_on,
                    "checked_on": a.checked_on,
                }
                for a in v.assignments
            ],
            "misaligned": v.misaligned,
            "ccas_held": v.active_holds,
        }
        for v in views
    ]


@router.get(
    "/compliance/provider-cycle",
    response={200: list[ProviderCycleOut], **ERRORS},
    summary="Provider cycle",
)
def provider_cycle(request: HttpRequest, school_year: YearFilter = None) -> list[dict[str, Any]]:
    """The dated obligations of the school year with what each provider has done, its state
    (done, upcoming, due_soon, overdue) and the source of each date."""
    year, today = _year(school_year), clock.today()
    if viewer(request).role in STATE_ROLES:
        calendars = all_calendars(school_year=year, as_of=today)
    else:
        calendars = {
            p: provider_calendar(provider_id=p.pk, school_year=year, as_of=today)
            for p in _providers(request)
        }
    return [
        {
            "provider": org_ref(p),
            "school_year": year,
            "obligations": [
                {
                    "obligation": r.dated.obligation.value,
                    "label": r.dated.label,
                    "due": r.dated.due,
                    "opens": r.dated.opens,
                    "remind_on": r.dated.remind_on,
                    "done_on": r.done_on,
                    "state": r.state.value,
                    "source": r.dated.source,
                }
                for r in rows
            ],
        }
        for p, rows in calendars.items()
    ]


def _own_provider(request: HttpRequest) -> Organisation:
    who = viewer(request)
    if who.role not in PROVIDER_ROLES:
        raise NotFound("Only a provider's own staff upload its spreadsheets.", field="provider")
    return who.organisation


def _refused(message: str) -> dict[str, Any]:
    return {
        "recorded": False,
        "lines": 0,
        "problems": [{"line": 0, "column": "", "message": message, "rule": ""}],
    }


def _upload(file: UploadedFile | None, run: Any) -> dict[str, Any]:
    if file is None or not file.size:
        return _refused("No file, or an empty one: send the spreadsheet as the field 'file'.")
    if file.size and file.size > MAX_UPLOAD_BYTES:
        return {
            "recorded": False,
            "lines": 0,
            "problems": [
                {"line": 0, "column": "", "message": "The file is larger than 20 MB.", "rule": ""}
            ],
        }
    try:
        lines = run(file.read(), file.name or "upload")
    except SheetRefused as exc:
        return {
            "recorded": False,
            "lines": 0,
            "problems": [
                {"line": p.line, "column": p.column, "message": p.message, "rule": p.rule}
                for p in exc.problems[:1000]
            ],
        }
    return {"recorded": True, "lines": lines, "problems": []}


@router.post(
    "/compliance/tor/spreadsheet",
    response={200: UploadOut, **WRITE_ERRORS},
    summary="Upload the TOR spreadsheet",
)
def upload_tor(
    request: HttpRequest, file: Upload = None, school_year: YearFilter = None
) -> dict[str, Any]:
    """The provider's Proposed Course and TOR spreadsheet (CSV or .xlsx) for the school year.
    Checked row by row; with any problem nothing is recorded and ``problems`` lists each one
    (line, column, message, rule). 409 before the state opens the year's spreadsheet."""
    provider = _own_provider(request)

    def run(data: bytes, name: str) -> int:
        cycle = upload_tor_sheet(
            actor=viewer(request).actor,
            provider_id=provider.pk,
            school_year=_year(school_year),
            data=data,
            file_name=name,
            as_of=clock.today(),
        )
        return cycle.assignments.count()

    return _upload(file, run)


@router.post(
    "/compliance/course-request",
    response={200: UploadOut, **WRITE_ERRORS},
    summary="Upload the Course Request Spreadsheet",
)
def upload_course_request(
    request: HttpRequest, file: Upload = None, school_year: YearFilter = None
) -> dict[str, Any]:
    """Next school year's catalog (``school_year``: the catalog's year, default next year),
    checked row by row; the state approves it before it becomes that year's offerings. 409 when
    that year's catalog is already approved."""
    provider = _own_provider(request)

    def run(data: bytes, name: str) -> int:
        submission = submit_catalog(
            actor=viewer(request).actor,
            provider_id=provider.pk,
            school_year=school_year or school_year_of(clock.today()) + 1,
            data=data,
            file_name=name,
            as_of=clock.today(),
        )
        return len(submission.rows)

    return _upload(file, run)
