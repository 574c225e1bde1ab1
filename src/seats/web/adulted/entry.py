"""Adult education's data-entry pages (issue 12): register and enrol a student, the program
year's SEOP, the funding code, and the voids and corrections of contact hours and assessments.
They parse, call one service, and render; every problem shows at its field."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from seats.adulted.models import Enrollment
from seats.adulted.selectors import access, records
from seats.adulted.services import corrections
from seats.adulted.services import records as record_services
from seats.core import clock
from seats.core.selectors.access import Viewer
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.errors import DomainError, NotFound
from seats.domain.roles import ADULTED_ROLES

from ..labels import error_text
from ..permissions import allow
from .forms import (
    AREAS,
    AssessmentCorrectionForm,
    FundingCodeForm,
    HourCorrectionForm,
    RegisterForm,
    SeopForm,
    VoidForm,
)

PER_PAGE = 100


def _viewer(request: HttpRequest) -> Viewer:
    return request.viewer  # type: ignore[attr-defined]


def _enrollment(request: HttpRequest, pk: int) -> Enrollment:
    try:
        return access.enrollment_for(_viewer(request), pk)
    except NotFound:
        raise Http404 from None


def _place(form, error: DomainError, fields: dict[str, str] | None = None) -> bool:  # type: ignore[no-untyped-def]
    """Put each problem of ``error`` at its field of ``form``; False when one has no field."""
    placed = True
    for problem in getattr(error, "problems", None) or (error,):
        name = (fields or {}).get(problem.field or "", problem.field or "")
        if name in form.fields:
            form.add_error(name, error_text(problem))
        else:
            placed = False
    return placed


def _years() -> list[tuple[int, str]]:
    now = school_year_of(clock.today())
    return [(y, school_year_label(y)) for y in (now, now - 1)]


@allow(ADULTED_ROLES)
def register(request: HttpRequest) -> HttpResponse:
    """Register a new student and enrol them for a program year."""
    viewer = _viewer(request)
    programs = list(access.programs_visible_to(viewer).filter(is_active=True))
    if not programs:
        raise Http404
    chosen = request.GET.get("program", "")
    initial = {
        "program": int(chosen) if chosen.isdigit() else programs[0].pk,
        "fiscal_year": school_year_of(clock.today()),
        "has_ssn": True,
    }
    data = request.POST if request.method == "POST" else None
    form = RegisterForm(data, initial=initial, programs=programs, years=_years())
    error = ""
    if data is not None and form.is_valid():
        facts = dict(form.cleaned_data)
        try:
            program = access.program_for(viewer, facts.pop("program"))
            e = record_services.register_and_enroll(actor=viewer.actor, program=program, **facts)
        except NotFound:
            raise Http404 from None
        except DomainError as problem:
            if not _place(form, problem):
                error = error_text(problem)
        else:
            messages.success(
                request,
                _("%(name)s is registered and enrolled for program year %(year)s.")
                % {"name": e.student.display_name, "year": school_year_label(e.fiscal_year)},
            )
            return redirect("web:adulted_student", pk=e.pk)
    status = 400 if data is not None else 200
    return render(
        request,
        "web/adulted/register.html",
        {"form": form, "error": error, "programs": programs},
        status=status,
    )


@allow(ADULTED_ROLES)
def seop(request: HttpRequest, pk: int) -> HttpResponse:
    """The program year's SEOP: goals, prior achievements, work history, core goal, and its
    signatures (a counselor and the student, or the refused Waiver of Release)."""
    e = _enrollment(request, pk)
    current = getattr(e, "seop", None)
    initial = {k: getattr(current, k) for k in record_services.SEOP_FIELDS} if current else {}
    data = request.POST if request.method == "POST" else None
    form = SeopForm(data, initial=initial)
    error = ""
    if data is not None and form.is_valid():
        try:
            actor = _viewer(request).actor
            record_services.save_seop(actor=actor, enrollment=e, **form.cleaned_data)
        except DomainError as problem:
            if not _place(form, problem):
                error = error_text(problem)
        else:
            messages.success(request, _("The SEOP is saved."))
            return redirect("web:adulted_student", pk=e.pk)
    return render(
        request,
        "web/adulted/seop.html",
        {
            "e": e,
            "student": e.student,
            "form": form,
            "error": error,
            "signatures": records.seop_signatures(current),
        },
        status=400 if data is not None else 200,
    )


@allow(ADULTED_ROLES)
def funding_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Set or change the funding code (the history keeps who, when, from and to)."""
    e = _enrollment(request, pk)
    initial = {"code": e.funding_code, "on": clock.today()}
    data = request.POST if request.method == "POST" else None
    form = FundingCodeForm(data, initial=initial)
    error = ""
    if data is not None and form.is_valid():
        try:
            record_services.set_funding_code(
                actor=_viewer(request).actor,
                enrollment=e,
                code=form.cleaned_data["code"],
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as problem:
            if not _place(form, problem, {"funding_code": "code"}):
                error = error_text(problem)
        else:
            messages.success(request, _("The funding code is saved."))
            return redirect("web:adulted_student", pk=e.pk)
    changes = [c for c in records.changes_of(e) if c.what == "funding_code"]
    return render(
        request,
        "web/adulted/funding_code.html",
        {
            "e": e,
            "student": e.student,
            "form": form,
            "error": error,
            "changes": [(c, records.describe_change(c)) for c in changes],
        },
        status=400 if data is not None else 200,
    )


@allow(ADULTED_ROLES)
def hours(request: HttpRequest, pk: int) -> HttpResponse:
    """Every contact-hour entry of the program year, void and corrected ones included."""
    e = _enrollment(request, pk)
    page = Paginator(records.hour_entries(e), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/adulted/hours.html", {"e": e, "student": e.student, "page": page})


@allow(ADULTED_ROLES)
def hour(request: HttpRequest, pk: int, hour_id: int) -> HttpResponse:
    """Correct or void one contact-hour entry."""
    e = _enrollment(request, pk)
    try:
        row = access.hour_for(_viewer(request), hour_id, enrollment=e)
    except NotFound:
        raise Http404 from None
    initial = {"day": row.day, "kind": row.kind, "hours": int(row.hours)}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    correct = HourCorrectionForm(request.POST if action == "correct" else None, initial=initial)
    void = VoidForm(request.POST if action == "void" else None, prefix="void")
    error = ""
    form = correct if action == "correct" else void
    if action in ("correct", "void") and form.is_valid():
        actor = _viewer(request).actor
        try:
            if action == "correct":
                corrections.correct_hour(
                    actor=actor,
                    hour=row,
                    reason=correct.cleaned_data["reason"],
                    hours=correct.cleaned_data["hours"],
                    day=correct.cleaned_data["day"],
                    kind=correct.cleaned_data["kind"],
                )
            else:
                corrections.void_hour(actor=actor, hour=row, reason=void.cleaned_data["reason"])
        except DomainError as problem:
            if not _place(form, problem):
                error = error_text(problem)
        else:
            text = _("The entry is corrected.") if action == "correct" else _("The entry is void.")
            messages.success(request, text)
            return redirect("web:adulted_hours", pk=e.pk)
    return render(
        request,
        "web/adulted/hour.html",
        {"e": e, "student": e.student, "row": row, "correct": correct, "void": void,
         "error": error},
        status=400 if action else 200,
    )  # fmt: skip


@allow(ADULTED_ROLES)
def assessment(request: HttpRequest, pk: int, assessment_id: int) -> HttpResponse:
    """Correct or void one assessment."""
    e = _enrollment(request, pk)
    try:
        row = access.assessment_for(_viewer(request), assessment_id, enrollment=e)
    except NotFound:
        raise Http404 from None
    scores = {s.area: s.scale for s in row.scores.all()}
    initial = {
        "test": row.test,
        "form": row.form,
        "day": row.day,
        "administrator": row.administrator,
        **{f"scale_{area}": value for area, value in scores.items()},
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    correct = AssessmentCorrectionForm(
        request.POST if action == "correct" else None, initial=initial
    )
    void = VoidForm(request.POST if action == "void" else None, prefix="void")
    error = ""
    form = correct if action == "correct" else void
    if action in ("correct", "void") and form.is_valid():
        actor = _viewer(request).actor
        try:
            if action == "correct":
                data = correct.cleaned_data
                corrections.correct_assessment(
                    actor=actor,
                    assessment=row,
                    reason=data["reason"],
                    test=data["test"],
                    form=data["form"],
                    day=data["day"],
                    administrator=data["administrator"],
                    scores=correct.scores(),
                )
            else:
                corrections.void_assessment(
                    actor=actor, assessment=row, reason=void.cleaned_data["reason"]
                )
        except DomainError as problem:
            field = (problem.field or "").removeprefix("score_")
            fields = {field: f"scale_{field}"} if field in AREAS else {}
            if not _place(form, problem, fields):
                error = error_text(problem)
        else:
            text = (
                _("The assessment is corrected.")
                if action == "correct"
                else _("The assessment is void.")
            )
            messages.success(request, text)
            return redirect("web:adulted_student", pk=e.pk)
    return render(
        request,
        "web/adulted/assessment.html",
        {"e": e, "student": e.student, "row": row, "correct": correct, "void": void,
         "error": error},
        status=400 if action else 200,
    )  # fmt: skip
