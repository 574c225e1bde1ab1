"""The state's uploads for the annual report: statewide assessment scores and a provider's
satisfaction survey. Each file is checked row by row; with any problem nothing is written and
every problem is listed with its line and column."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from seats.domain.roles import STATE_ACTING_ROLES
from seats.reports.models import ReportImport
from seats.reports.services.imports import load_scores, load_survey

from ..files import MAX_UPLOAD_BYTES
from ..permissions import allow
from .forms import ScoresUploadForm, SurveyUploadForm


@allow(STATE_ACTING_ROLES)
@require_http_methods(["GET", "POST"])
def report_imports(request: HttpRequest) -> HttpResponse:
    viewer = request.viewer  # type: ignore[attr-defined]
    kind = request.POST.get("kind", "")
    scores = ScoresUploadForm(request.POST or None, request.FILES or None, prefix="scores")
    survey = SurveyUploadForm(request.POST or None, request.FILES or None, prefix="survey")
    if kind != "scores":
        scores = ScoresUploadForm(prefix="scores")
    if kind != "survey":
        survey = SurveyUploadForm(prefix="survey")
    result = None
    form = scores if kind == "scores" else survey if kind == "survey" else None
    if form is not None and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", f"The file is larger than {MAX_UPLOAD_BYTES // 2**20} MB.")
        elif kind == "scores":
            result = load_scores(actor=viewer.actor, data=upload.read(), file_name=upload.name)
        else:
            result = load_survey(
                actor=viewer.actor,
                provider_id=form.cleaned_data["provider"].pk,
                school_year=form.cleaned_data["school_year"],
                data=upload.read(),
                file_name=upload.name,
            )
    context = {
        "scores": scores,
        "survey": survey,
        "result": result,
        "kind": kind,
        "recent": ReportImport.objects.select_related("provider").order_by("-loaded_at")[:10],
    }
    bad = (form is not None and form.errors) or (result is not None and not result.ok)
    return render(request, "web/reports/imports.html", context, status=400 if bad else 200)
