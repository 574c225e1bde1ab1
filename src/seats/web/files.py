"""Files on the web: the queue as CSV or Excel (exactly the filtered rows), and a provider's
bulk upload (check, or check and apply) with per-row results by line and column."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seats.core.models import AccessAction, AccessPurpose
from seats.core.selectors.access import PROVIDER_ROLES
from seats.core.selectors.ccas import queue
from seats.core.services.audit import log_access
from seats.integration.exports import cca_columns, write_csv, write_xlsx
from seats.integration.imports.run import run_import

from .permissions import ALL_ROLES, allow
from .queries import queue_params, queue_query

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@allow(ALL_ROLES)
def export_queue(request: HttpRequest, file_format: str) -> HttpResponse:
    """The request queue as the person sees it (same filters, search and sort), every page."""
    viewer = request.viewer  # type: ignore[attr-defined]
    query = queue_query(queue_params(request))
    rows = queue(viewer, query).iterator(chunk_size=2000)
    if file_format == "xlsx":
        buffer = io.BytesIO()
        count = write_xlsx(rows, cca_columns(), buffer, title="Course requests")
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        text = io.StringIO(newline="")
        count = write_csv(rows, cca_columns(), text)
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
