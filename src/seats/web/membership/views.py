"""Pupil-accounting pages. Every view declares its roles (seats.web.permissions.allow):
teachers see their roster; the LEA's pupil-accounting staff see and record everything of their
LEA; the state's roles see every LEA read-only."""

from __future__ import annotations

import io
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose
from seats.core.services.audit import log_access
from seats.domain import dates
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.errors import DomainError
from seats.domain.membership.csvrows import parse_events_csv
from seats.domain.membership.kinds import EventKind
from seats.domain.roles import MEMBERSHIP_STATE_ROLES, Role
from seats.integration.exports import Column, write_csv, write_xlsx
from seats.membership.models import CheckOutcome, Source
from seats.membership.selectors import reports
from seats.membership.services.authority import actor_lea_id
from seats.membership.services.checks import record_check
from seats.membership.services.events import BatchRejected, ingest, record_event

from ..permissions import allow

TEACHERS = frozenset({Role.TEACHER, Role.PUPIL_ACCOUNTING})
LEA_VIEWERS = frozenset({Role.PUPIL_ACCOUNTING}) | MEMBERSHIP_STATE_ROLES
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(request: HttpRequest, name: str = "date") -> date:
    raw = request.GET.get(name, "") or request.POST.get(name, "")
    day = dates.parse_entered(raw) if raw else None
    return day if day is not None and dates.in_range(day) else clock.today()


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else school_year_of(clock.today())


@allow(TEACHERS)
@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest) -> HttpResponse:
    """Today's roster: who engaged, who is at day 7, 8, 9 of silence, who is out."""
    viewer = request.viewer  # type: ignore[attr-defined]
    day = _day(request)
    if request.method == "POST":
        try:
            record_event(
                actor=viewer.actor,
                enrollment_id=int(request.POST.get("enrollment", "0") or 0),
                on=day,
                kind=request.POST.get("kind", ""),
                minutes=int(m) if (m := request.POST.get("minutes", "")).isdigit() else None,
                note=request.POST.get("note", "")[:500],
            )
            messages.success(request, _("The engagement is recorded."))
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "message", str(error)))
        return redirect(f"{request.path}?date={day.isoformat()}")
    rows = reports.roster(viewer, day)
    log_access(
        viewer,
        action=AccessAction.LIST,
        what=f"membership roster {day.isoformat()}",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        rows=len(rows),
    )
    context = {
        "day": day,
        "rows": rows,
        "kinds": [k for k in EventKind if k is not EventKind.DIRECT_INSTRUCTION],
        "engaged": sum(r.engaged_today for r in rows),
        "near": sum(r.status == "near" for r in rows),
        "out": sum(r.status == "out" for r in rows),
    }
    return render(request, "web/membership/roster.html", context)


@allow(LEA_VIEWERS)
def lea(request: HttpRequest) -> HttpResponse:
    """Membership per program (days, aggregate days, ADM), overdue checks, adjustments."""
    viewer = request.viewer  # type: ignore[attr-defined]
    year = _year(request)
    today = clock.today()
    programs = reports.program_reports(viewer, year, today)
    overdue = reports.checks(viewer, today, overdue_only=True)
    adjustments = reports.adjustments(viewer, year, today)
    log_access(
        viewer,
        action=AccessAction.LIST,
        what=f"membership {year}",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        rows=len(overdue) + len(adjustments),
    )
    context = {
        "year": year,
        "year_label": school_year_label(year),
        "programs": programs,
        "overdue": overdue,
        "adjustments": adjustments,
        "read_only": viewer.role in MEMBERSHIP_STATE_ROLES,
        "outcomes": CheckOutcome.choices,
        "today": today,
    }
    return render(request, "web/membership/lea.html", context)


@allow({Role.PUPIL_ACCOUNTING, Role.TEACHER})
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Record the continued-enrollment check of one student (004 E.3); a GET goes back."""
    viewer = request.viewer  # type: ignore[attr-defined]
    back = "web:membership_lea" if viewer.role is Role.PUPIL_ACCOUNTING else "web:membership_roster"
    if request.method != "POST":
        return redirect(back)
    try:
        record_check(
            actor=viewer.actor,
            enrollment_id=int(request.POST.get("enrollment", "0") or 0),
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", "")[:500],
        )
        messages.success(request, _("The check is recorded."))
    except (DomainError, ValueError) as error:
        messages.error(request, getattr(error, "message", str(error)))
    return redirect(back)


@allow(TEACHERS)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """A CSV of engagement events: every bad line named; a file with any bad line adds nothing."""
    viewer = request.viewer  # type: ignore[attr-defined]
    problems: list[str] = []
    if request.method == "POST":
        file = request.FILES.get("file")
        try:
            if file is None:
                raise DomainError(_("Choose a CSV file."), field="file")
            limit = settings.SEATS_MEMBERSHIP_BATCH_MAX_BYTES
            if file.size > limit:
                raise DomainError(
                    _(
                        "The file is larger than the %(mb)s MB this page accepts (setting "
                        "SEATS_MEMBERSHIP_BATCH_MAX_BYTES); nothing was recorded. Split it into "
                        "smaller files and upload each one."
                    )
                    % {"mb": f"{limit / 1_000_000:.1f}"},
                    field="file",
                )
            try:
                text = file.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise DomainError(_("The file is not UTF-8 text."), field="file") from None
            parsed = parse_events_csv(text, source=file.name)
            result = ingest(
                actor=viewer.actor,
                lea_id=actor_lea_id(viewer.actor) or 0,
                rows=parsed.rows,
                source=Source.UPLOAD,
                source_system="upload",
                locate=parsed.locate(),
            )
            messages.success(
                request,
                _("%(added)s events recorded, %(dup)s already recorded.")
                % {"added": result.added, "dup": result.duplicates},
            )
            return redirect("web:membership_upload")
        except BatchRejected as error:
            problems = error.problems[:200]
            messages.error(
                request, _("Nothing was recorded: fix the lines below and upload again.")
            )
        except DomainError as error:
            messages.error(request, error.message)
    return render(request, "web/membership/upload.html", {"problems": problems})


@allow(TEACHERS | MEMBERSHIP_STATE_ROLES)
def why(request: HttpRequest, pk: int) -> HttpResponse:
    """Why is this student (not) in membership on a date?"""
    viewer = request.viewer  # type: ignore[attr-defined]
    day = _day(request)
    found = reports.why_on(viewer, pk, day)
    if found is None:
        raise Http404
    enrollment, answer = found
    log_access(
        viewer,
        action=AccessAction.VIEW,
        what=f"membership enrollment {enrollment.pk}",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        student=enrollment.student,
    )
    events = reports.events_of(enrollment)[:30]
    context = {"enrollment": enrollment, "answer": answer, "day": day, "events": events}
    return render(request, "web/membership/why.html", context)


ADJUSTMENT_COLUMNS = [
    Column("ssid", lambda a: a.enrollment.student.ssid),
    Column("student", lambda a: a.enrollment.student.display_name),
    Column("program", lambda a: a.enrollment.program.code),
    Column("left_membership_on", lambda a: a.left_on),
    Column("returned_on", lambda a: a.returned_on),
    Column("silent_school_days", lambda a: " ".join(d.isoformat() for d in a.silent_days)),
]


@allow(LEA_VIEWERS)
def adjustments_file(request: HttpRequest, file_format: str) -> HttpResponse:
    """The SIS adjustments as CSV or Excel."""
    viewer = request.viewer  # type: ignore[attr-defined]
    year = _year(request)
    rows = reports.adjustments(viewer, year, clock.today())
    if file_format == "xlsx":
        buffer = io.BytesIO()
        count = write_xlsx(rows, ADJUSTMENT_COLUMNS, buffer, title="Membership adjustments")
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        text = io.StringIO(newline="")
        count = write_csv(rows, ADJUSTMENT_COLUMNS, text)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="membership-adjustments-{year}.{file_format}"'
    )
    log_access(
        viewer,
        action=AccessAction.EXPORT,
        what=f"membership adjustments {year} ({file_format})",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        rows=count,
    )
    return response
