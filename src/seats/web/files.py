"""Files on the web: the queue as CSV or Excel (exactly the filtered rows), and a provider's
bulk upload (check, or check and apply) with per-row results by line and column."""

from __future__ import annotations

import io
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from seats.core import clock
from seats.core.models import CCA, AccessAction, AccessPurpose
from seats.core.selectors.access import PROVIDER_ROLES, Viewer
from seats.core.selectors.ccas import queue
from seats.core.services.audit import log_access
from seats.core.services.calendars import business_calendar
from seats.integration.exports import Column, write_csv, write_xlsx
from seats.integration.imports.run import run_import

from . import labels, school, turns
from .permissions import ALL_ROLES, allow
from .queries import queue_params, queue_query

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def queue_columns(viewer: Viewer, today: date) -> list[Column]:
    """The queue's columns as the screen shows them, by their headings in the reader's language,
    with names instead of codes: the status's label, the provider's and the counselor's names,
    the session in words, whose turn it is, and the LEA's time left for the roles that watch it.
    Every value comes from the queue query's own rows (no query per row)."""
    turn = turns.turn_reader(viewer)
    columns = [
        Column(_("Submission Date"), lambda c: c.submitted_on),
        Column(_("Student"), lambda c: c.student.display_name),
        Column(_("Counselor"), _counselor),
        Column(_("Session"), labels.session_label),
        Column(_("Course"), lambda c: c.offering.provider_title),
        Column(_("Credit"), lambda c: c.credit_attempted),
        Column(_("Provider"), lambda c: c.provider.name),
        Column(_("Status"), lambda c: labels.status_label(c.status)),
        Column(_("Whose turn"), lambda c: labels.turn_text(turn(c))),
        Column(_("SEOP Consistent"), _yes_no),
    ]
    if school.watches_lea_window(viewer):
        calendar = business_calendar()

        def left(c: CCA) -> str:
            found = school.time_left(c, today, calendar)
            return found.label if found else ""

        columns.append(Column(_("Time left (LEA decision)"), left))
    return columns


def _counselor(cca: CCA) -> str:
    return (cca.counselor.get_full_name() or cca.counselor.username) if cca.counselor else ""


def _yes_no(cca: CCA) -> str:
    if cca.seop_consistent is None:
        return ""
    return _("Yes") if cca.seop_consistent else _("No")


@allow(ALL_ROLES)
def export_queue(request: HttpRequest, file_format: str) -> HttpResponse:
    """The request queue as the person sees it (same filters, search and sort, the same
    columns with names, not codes), every page."""
    viewer = request.viewer  # type: ignore[attr-defined]
    query = queue_query(school.queue_params(viewer, queue_params(request)))
    rows = queue(viewer, query).iterator(chunk_size=2000)
    columns = queue_columns(viewer, clock.today())
    if file_format == "xlsx":
        buffer = io.BytesIO()
        count = write_xlsx(rows, columns, buffer, title=_("Course requests"))
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        text = io.StringIO(newline="")
        count = write_csv(rows, columns, text)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="course-requests.{file_format}"'
    log_access(
        viewer,
        action=AccessAction.EXPORT,
        what=f"CCA list ({file_format})",
        rows=count,
        purpose=AccessPurpose.EXPORT,
    )
    return response


@allow(PROVIDER_ROLES)
def upload(request: HttpRequest) -> HttpResponse:
    """A provider checks a file, then checks and applies it (all-or-nothing) in one step."""
    context: dict[str, object] = {"max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
    if request.method == "POST":
        upload_file = request.FILES.get("file")
        if upload_file is None:
            context["error"] = "Choose a CSV or Excel file first."
        elif upload_file.size > MAX_UPLOAD_BYTES:
            context["error"] = f"The file is larger than {context['max_mb']} MB; split it."
        else:
            apply = request.POST.get("mode") == "apply"
            context["report"] = run_import(
                upload_file.read(),
                viewer=request.viewer,  # type: ignore[attr-defined]
                file_name=upload_file.name or "upload",
                dry_run=not apply,
            )
    return render(request, "web/upload.html", context, status=400 if "error" in context else 200)
