"""Programs and enrollments (SPEC 9; 004 C-D): the LEA's pupil-accounting staff create and edit
them for their LEA; the state reads every LEA's. A record of another LEA answers 404, like one
that does not exist. The views parse and render; seats.membership.services.programs decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seats.core.models import AccessAction, AccessPurpose
from seats.core.services.audit import log_access
from seats.domain.errors import DomainError
from seats.domain.roles import MEMBERSHIP_STATE_ROLES, Role
from seats.membership.models import Enrollment, Program
from seats.membership.selectors import records
from seats.membership.services import programs as service
from seats.membership.services.authority import actor_lea_id

from ..labels import error_text
from ..permissions import allow
from .forms import EnrollmentForm, ExitForm, ProgramForm

STAFF = frozenset({Role.PUPIL_ACCOUNTING})
VIEWERS = STAFF | MEMBERSHIP_STATE_ROLES


def _viewer(request: HttpRequest) -> Any:
    return request.viewer  # type: ignore[attr-defined]


def _program(request: HttpRequest, pk: int) -> Program:
    program = records.program_for(_viewer(request), pk)
    if program is None:
        raise Http404
    return program


def _enrollment(request: HttpRequest, pk: int) -> Enrollment:
    enrollment = records.enrollment_for(_viewer(request), pk)
    if enrollment is None:
        raise Http404
    return enrollment


def _refused(form: Any, error: DomainError) -> None:
    """A refusal of the service, at its field when the form has one."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error_text(error))


@allow(VIEWERS)
def programs(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    rows = records.programs(viewer)
    return render(
        request,
        "web/membership/programs.html",
        {"programs": rows, "read_only": viewer.role in MEMBERSHIP_STATE_ROLES},
    )


@allow(STAFF)
@require_http_methods(["GET", "POST"])
def program_new(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    lea_id = actor_lea_id(viewer.actor) or 0
    form = ProgramForm(request.POST or None, lea_id=lea_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program = service.create_program(
                actor=viewer.actor,
                lea_id=lea_id,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                calendar_id=data["calendar"].pk,
                school_id=data["school"].pk if data["school"] else None,
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The program is created."))
            return redirect("web:membership_program", pk=program.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "program": None}
    return render(request, "web/membership/program_form.html", context, status=status)


@allow(STAFF)
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    program = _program(request, pk)
    initial = {
        "name": program.name,
        "kind": program.kind,
        "calendar": program.calendar_id,
        "school": program.school_id,
        "is_active": program.is_active,
    }
    form = ProgramForm(request.POST or None, initial=initial, lea_id=program.lea_id, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.update_program(
                actor=viewer.actor,
                program_id=program.pk,
                name=data["name"],
                kind=data["kind"],
                calendar_id=data["calendar"].pk,
                school_id=data["school"].pk if data["school"] else None,
                is_active=data["is_active"],
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The program is saved."))
            return redirect("web:membership_program", pk=program.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "program": program}
    return render(request, "web/membership/program_form.html", context, status=status)


@allow(VIEWERS)
def program(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    found = _program(request, pk)
    enrollments = list(records.enrollments_of(found))
    log_access(
        viewer,
        action=AccessAction.LIST,
        what=f"membership program {found.pk}",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        rows=len(enrollments),
    )
    context = {
        "program": found,
        "enrollments": enrollments,
        "history": records.history_of(program=found)[:50],
        "read_only": viewer.role in MEMBERSHIP_STATE_ROLES,
    }
    return render(request, "web/membership/program.html", context)


@allow(STAFF)
@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    found = _program(request, pk)
    form = EnrollmentForm(request.POST or None, lea_id=found.lea_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrollment = service.enroll(
                actor=viewer.actor,
                program_id=found.pk,
                student_id=data["ssid"].pk,
                entry_on=data["entry_on"],
                exit_on=data["exit_on"],
                teacher_id=data["teacher"].pk if data["teacher"] else None,
                counselor_id=data["counselor"].pk if data["counselor"] else None,
                **form.flags(),
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The student is enrolled."))
            return redirect("web:membership_enrollment", pk=enrollment.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "program": found, "enrollment": None}
    return render(request, "web/membership/enrollment_form.html", context, status=status)


@allow(STAFF)
@require_http_methods(["GET", "POST"])
def enrollment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    found = _enrollment(request, pk)
    initial: dict[str, Any] = {
        "entry_on": found.entry_on,
        "teacher": found.teacher_id,
        "counselor": found.counselor_id,
        **{name: getattr(found, name) for name in service.FLAGS},
    }
    form = EnrollmentForm(
        request.POST or None, initial=initial, lea_id=found.program.lea_id, editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.update_enrollment(
                actor=viewer.actor,
                enrollment_id=found.pk,
                entry_on=data["entry_on"],
                teacher_id=data["teacher"].pk if data["teacher"] else None,
                counselor_id=data["counselor"].pk if data["counselor"] else None,
                **form.flags(),
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The enrollment is saved."))
            return redirect("web:membership_enrollment", pk=found.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "program": found.program, "enrollment": found}
    return render(request, "web/membership/enrollment_form.html", context, status=status)


def _enrollment_page(
    request: HttpRequest, found: Enrollment, exit_form: ExitForm | None = None, status: int = 200
) -> HttpResponse:
    viewer = _viewer(request)
    log_access(
        viewer,
        action=AccessAction.VIEW,
        what=f"membership enrollment {found.pk}",
        purpose=AccessPurpose.PUPIL_ACCOUNTING,
        student=found.student,
    )
    context = {
        "enrollment": found,
        "program": found.program,
        "problems": service.eligibility(found),
        "history": records.history_of(enrollment=found)[:50],
        "exit_form": exit_form or ExitForm(),
        "read_only": viewer.role in MEMBERSHIP_STATE_ROLES,
    }
    return render(request, "web/membership/enrollment.html", context, status=status)


@allow(VIEWERS)
def enrollment(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrollment_page(request, _enrollment(request, pk))


@allow(STAFF)
@require_http_methods(["GET", "POST"])
def enrollment_exit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the exit (POST); a GET goes back to the enrollment's page (404 out of scope)."""
    viewer = _viewer(request)
    found = _enrollment(request, pk)
    if request.method != "POST":
        return redirect("web:membership_enrollment", pk=found.pk)
    form = ExitForm(request.POST)
    if form.is_valid():
        try:
            service.exit_enrollment(
                actor=viewer.actor,
                enrollment_id=found.pk,
                exit_on=form.cleaned_data["exit_on"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(
                request, _("The exit is recorded; the enrollment and its history stay.")
            )
            return redirect("web:membership_enrollment", pk=found.pk)
    found.refresh_from_db()
    return _enrollment_page(request, found, exit_form=form, status=400)
