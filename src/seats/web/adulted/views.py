"""Adult education's pages (issue 12): the program's students, a student's record (timeline,
enrollee status explained, assessments, checklist), a class roster's attendance for a day, and
the NRS tables per program and statewide with "why not counted" and a CSV export.

Every view declares its roles; records come through ``seats.adulted.selectors.access``, so a
record outside the viewer's programs answers 404 like a missing one."""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from seats.adulted.models import Enrollment, Program
from seats.adulted.selectors import access, records, reports
from seats.adulted.services import records as record_services
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import record_roster_day
from seats.core import clock
from seats.core.selectors.access import Viewer
from seats.core.services.memo import reference_data_memoized
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.errors import DomainError, NotFound
from seats.domain.roles import ADULTED_ROLES, Role

from ..labels import error_text
from ..permissions import allow
from .forms import AREA_LABELS, AREAS, AssessmentForm, AttendanceDayForm, ChecklistForm, ExitForm

PER_PAGE = 50


def _viewer(request: HttpRequest) -> Viewer:
    return request.viewer  # type: ignore[attr-defined]


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return school_year_of(clock.today())


def _program(request: HttpRequest, *, required: bool = True) -> Program | None:
    viewer = _viewer(request)
    raw = request.GET.get("program") or request.POST.get("program")
    if raw:
        try:
            return access.program_for(viewer, raw)
        except NotFound:
            raise Http404 from None
    first = access.programs_visible_to(viewer).first()
    if first is None and required:
        raise Http404
    return first


def _enrollment(request: HttpRequest, pk: int) -> Enrollment:
    try:
        return access.enrollment_for(_viewer(request), pk)
    except NotFound:
        raise Http404 from None


@allow(ADULTED_ROLES)
def students(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    year = _year(request)
    program = _program(request, required=False)
    rows = Enrollment.objects.none()
    if program is not None:
        rows = (
            access.enrollments_visible_to(viewer)
            .filter(program=program, fiscal_year=year)
            .select_related("student")
            .order_by("student__last_name", "student__first_name", "pk")
        )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/adulted/students.html",
        {
            "program": program,
            "programs": access.programs_visible_to(viewer),
            "year": year,
            "year_label": school_year_label(year),
            "page": page,
        },
    )


def _record_context(request: HttpRequest, e: Enrollment, **extra: object) -> dict[str, object]:
    with reference_data_memoized():  # the year's policy read once for the status and the WPU
        status = records.status_of(e)
        wpu = records.wpu_of(e)
    tests = records.tests_of(e)  # one read for the table and the timeline
    return {
        "e": e,
        "student": e.student,
        "status": status,
        "explain": status.explain(),
        "tests": tests,
        "timeline": records.timeline(e, tests=tests),
        "checklist": records.checklist_of(e.student, e.fiscal_year),
        "wpu": wpu,
        "assessment_form": extra.pop("assessment_form", None) or AssessmentForm(),
        "checklist_form": extra.pop("checklist_form", None) or ChecklistForm(),
        "exit_form": extra.pop("exit_form", None) or ExitForm(),
        "may_exit": _viewer(request).role in {Role.ADULTED_DIRECTOR, Role.ADULTED_SPECIALIST},
        "area_labels": AREA_LABELS,
        **extra,
    }


@allow(ADULTED_ROLES)
def student(request: HttpRequest, pk: int) -> HttpResponse:
    e = _enrollment(request, pk)
    return render(request, "web/adulted/student.html", _record_context(request, e))


def _refused(request: HttpRequest, e: Enrollment, error: DomainError, **forms: object):  # type: ignore[no-untyped-def]
    context = _record_context(request, e, **forms)
    context["error"] = error_text(error)
    return render(request, "web/adulted/student.html", context, status=400)


@allow(ADULTED_ROLES)
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    e = _enrollment(request, pk)
    if request.method != "POST":
        return redirect("web:adulted_student", pk=e.pk)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        context = _record_context(request, e, assessment_form=form)
        return render(request, "web/adulted/student.html", context, status=400)
    try:
        saved = record_assessment(
            actor=_viewer(request).actor,
            enrollment=e,
            test=form.cleaned_data["test"],
            form=form.cleaned_data["form"],
            day=form.cleaned_data["day"],
            administrator=form.cleaned_data["administrator"],
            scores=form.scores(),
        )
    except DomainError as error:
        field = (error.field or "").removeprefix("score_")
        if field in AREAS:
            form.add_error(f"scale_{field}", error.message)
        return _refused(request, e, error, assessment_form=form)
    messages.success(request, f"Assessment recorded. {saved.note}".strip())
    return redirect("web:adulted_student", pk=e.pk)


@allow(ADULTED_ROLES)
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    e = _enrollment(request, pk)
    if request.method != "POST":
        return redirect("web:adulted_student", pk=e.pk)
    form = ChecklistForm(request.POST)
    if not form.is_valid():
        context = _record_context(request, e, checklist_form=form)
        return render(request, "web/adulted/student.html", context, status=400)
    try:
        record_services.check_item(
            actor=_viewer(request).actor,
            student=e.student,
            item=form.cleaned_data["item"],
            received_on=form.cleaned_data["received_on"],
            not_applicable=form.cleaned_data["not_applicable"],
            fiscal_year=e.fiscal_year,
        )
    except DomainError as error:
        return _refused(request, e, error, checklist_form=form)
    messages.success(request, "The student file is updated.")
    return redirect("web:adulted_student", pk=e.pk)


@allow({Role.ADULTED_DIRECTOR, Role.ADULTED_SPECIALIST})
def exit_enrollment(request: HttpRequest, pk: int) -> HttpResponse:
    e = _enrollment(request, pk)
    if request.method != "POST":
        return redirect("web:adulted_student", pk=e.pk)
    form = ExitForm(request.POST)
    if not form.is_valid():
        context = _record_context(request, e, exit_form=form)
        return render(request, "web/adulted/student.html", context, status=400)
    try:
        record_services.exit_enrollment(
            actor=_viewer(request).actor,
            enrollment=e,
            exit_date=form.cleaned_data["exit_date"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        return _refused(request, e, error, exit_form=form)
    messages.success(request, "The exit is recorded.")
    return redirect("web:adulted_student", pk=e.pk)


@allow(ADULTED_ROLES)
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest) -> HttpResponse:
    """A class roster's attendance for one day: every open enrollment of the program."""
    viewer = _viewer(request)
    program = _program(request, required=False)
    if program is None and request.method == "POST":
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = AttendanceDayForm(data, initial={"day": clock.today(), "kind": "instructional"})
    day = clock.today()
    if data is not None and form.is_valid():
        day = form.cleaned_data["day"]
    roster = list(
        access.enrollments_visible_to(viewer)
        .filter(program=program, fiscal_year=school_year_of(day), entry_date__lte=day)
        .exclude(exit_date__lt=day)
        .select_related("student")
        .order_by("student__last_name", "student__first_name")
    )
    errors: dict[int, str] = {}
    context = {"program": program, "programs": access.programs_visible_to(viewer), "form": form}
    if data is not None and form.is_valid():
        rows = []
        for key, raw in sorted(data.items()):
            pk = key.removeprefix("hours_")
            if not key.startswith("hours_") or not pk.isdigit() or not raw.strip():
                continue
            try:
                rows.append((int(pk), form.cleaned_data["kind"], Decimal(raw.strip())))
            except InvalidOperation:
                errors[int(pk)] = f"{raw.strip()!r} is not a number of hours."
        if not errors:
            try:
                count = record_roster_day(actor=viewer.actor, program=program, day=day, rows=rows)
            except DomainError as error:
                context["error"] = error_text(error)
            else:
                messages.success(request, f"Attendance recorded for {count} students.")
                return redirect(f"{request.path}?program={program.pk}")  # type: ignore[union-attr]
    entered = data or {}
    rows = [(e, errors.get(e.pk, ""), entered.get(f"hours_{e.pk}", "")) for e in roster]
    context |= {"roster": roster, "rows": rows, "errors": errors, "day": day}
    status = 400 if data is not None and (errors or "error" in context or form.errors) else 200
    return render(request, "web/adulted/attendance.html", context, status=status)


def _report(request: HttpRequest):  # type: ignore[no-untyped-def]
    viewer = _viewer(request)
    year = _year(request)
    scope = request.GET.get("scope", "")
    program = None
    enrollments = access.enrollments_visible_to(viewer)
    if scope != "state" or viewer.role is not Role.ADULTED_SPECIALIST:
        program = _program(request, required=False)
        enrollments = enrollments.filter(program=program)
    return program, year, reports.nrs_report(enrollments, year)


@allow(ADULTED_ROLES)
def nrs(request: HttpRequest) -> HttpResponse:
    from .reports import nrs_extras  # the charts and totals (that module imports this one)

    program, year, report = _report(request)
    viewer = _viewer(request)
    top = max((row.enrollees for row in report.gains), default=0)
    return render(
        request,
        "web/adulted/nrs.html",
        {
            "program": program,
            "programs": access.programs_visible_to(viewer),
            "statewide": viewer.role is Role.ADULTED_SPECIALIST,
            "year": year,
            "year_label": school_year_label(year),
            "report": report,
            "top": top or 1,
            "hours": sorted(report.hours.items()),
            "not_counted": report.not_counted[:200],
            **nrs_extras(request, report),
        },
    )


@allow(ADULTED_ROLES)
def nrs_csv(request: HttpRequest) -> HttpResponse:
    program, year, report = _report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = program.code if program else "statewide"
    response["Content-Disposition"] = f'attachment; filename="nrs-{name}-{year}.csv"'
    writer = csv.writer(response)
    for row in reports.gain_rows_csv(report):
        writer.writerow(row)
    return response
