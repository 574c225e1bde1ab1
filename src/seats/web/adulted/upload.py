"""Upload a month's attendance as CSV (issue 12 item 4): every problem by line and column, and
nothing written unless every row passes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from seats.adulted.services.upload import MAX_ROWS, upload_attendance
from seats.domain.errors import DomainError
from seats.domain.roles import ADULTED_ROLES

from ..labels import error_text
from ..permissions import allow
from .forms import UploadForm
from .views import _program, _viewer

MAX_BYTES = 5 * 1024 * 1024


@allow(ADULTED_ROLES)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    program = _program(request, required=False)
    context: dict[str, object] = {"program": program, "max_rows": MAX_ROWS}
    if request.method == "GET":
        context["form"] = UploadForm()
        return render(request, "web/adulted/upload.html", context)
    if program is None:
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "web/adulted/upload.html", context, status=400)
    file = form.cleaned_data["file"]
    if file.size > MAX_BYTES:
        form.add_error("file", "The file is larger than 5 MB: a month's attendance is smaller.")
        return render(request, "web/adulted/upload.html", context, status=400)
    try:
        result = upload_attendance(actor=_viewer(request).actor, program=program, data=file.read())
    except DomainError as error:
        form.add_error("file", error_text(error))
        return render(request, "web/adulted/upload.html", context, status=400)
    if not result.ok:
        context["result"] = result
        return render(request, "web/adulted/upload.html", context, status=400)
    messages.success(request, f"{result.written} rows of attendance recorded.")
    return redirect(f"{request.path}?program={program.pk}")
