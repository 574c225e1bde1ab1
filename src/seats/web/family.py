"""The family side of SEATS on the web (SPEC 3, 4): the course catalog, a course request with
its preview, and the local registration form.

The request page shows everything the request will meet BEFORE it is filed (every eligibility
reason, the credits used against the limit, the deadlines it starts), so a family learns why a
request cannot go ahead without filing it first. Only the service decides; the preview reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from seats.core import clock
from seats.core.models import CourseOffering, LocalRegistration, Organisation, Student
from seats.core.selectors.access import (
    FAMILY_ROLES,
    Viewer,
    student_for,
    students_visible_to,
)
from seats.core.services.calendars import business_calendar, school_calendar_for
from seats.core.services.eligibility import Approvals, credits_this_year, reasons_for_request
from seats.core.services.policy import policy_for
from seats.core.services.requests import blocks_submission, submit_request
from seats.core.services.students import RegistrationForm, complete_local_registration
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.catalog import (
    MATURE_DISCLAIMER,
    Session,
)
from seats.domain.deadlines import DeadlineFacts, compute_deadlines
from seats.domain.errors import DomainError, Ineligible, NotFound

from .labels import error_text
from .permissions import allow

_SHOWN_DEADLINES = ("lea_decision_due", "provider_decision_due")


# Choosing the child ------------------------------------------------------------------------


def _children(viewer: Viewer) -> list[Student]:
    return list(
        students_visible_to(viewer)
        .select_related("primary_lea", "primary_school")
        .order_by("legal_last_name", "legal_first_name", "pk")
    )


def _chosen_child(viewer: Viewer, raw: str | None, children: list[Student]) -> Student | None:
    """The child named by ``raw`` (404 when it is not one of the viewer's own), else the first."""
    if raw:
        try:
            return student_for(viewer, raw)
        except NotFound:
            raise Http404 from None
    return children[0] if children else None


# The request -------------------------------------------------------------------------------


@dataclass
class Preview:
    """What a request would meet if filed now: read-only, nothing is written."""

    reasons: list
    blocking: bool
    credits_used: Decimal
    credits_after: Decimal
    credit_limit: Decimal
    deadlines: list
    registered: bool


def _preview(student: Student, offering: CourseOffering, year: int, session: str) -> Preview:
    today = clock.today()
    reasons = reasons_for_request(
        student=student,
        offering=offering,
        school_year=year,
        session=session,
        as_of=today,
        approvals=Approvals(),
    )
    policy = policy_for(year, as_of=today)
    used = credits_this_year(student, year)
    registered = LocalRegistration.objects.filter(
        student=student, provider=offering.provider, completed_on__isnull=False
    ).exists()
    found = compute_deadlines(
        DeadlineFacts(submitted=today, school_year=year),
        business=business_calendar(),
        provider_calendar=school_calendar_for(offering.provider, around=today),
        policy=policy,
    )
    return Preview(
        reasons=reasons,
        blocking=any(blocks_submission(r.kind, r.code) for r in reasons),
        credits_used=used,
        credits_after=used + offering.credit,
        credit_limit=policy.credit_limit,
        deadlines=[found[k] for k in _SHOWN_DEADLINES if k in found],
        registered=registered,
    )


def _sessions(offering: CourseOffering) -> list[str]:
    return [s.value for s in Session if s.term_type.value == offering.term_type]


def _years(today: date) -> list[tuple[int, str]]:
    current = school_year_of(today)
    return [(y, school_year_label(y)) for y in (current, current + 1)]


def _request_choice(
    data: QueryDict, offering: CourseOffering, today: date
) -> tuple[str, int, list[str]]:
    """The session and school year asked for; unknown values fall back, with an error."""
    errors = []
    sessions = _sessions(offering)
    session = data.get("session") or sessions[0]
    if session not in sessions:
        errors.append(_("Session: choose one of %s.") % ", ".join(sessions))
        session = sessions[0]
    years = [y for y, _label in _years(today)]
    raw_year = data.get("school_year") or str(years[0])
    year = int(raw_year) if raw_year.isdigit() else 0
    if year not in years:
        errors.append(_("School year: choose the current or the upcoming school year."))
        year = years[0]
    return session, year, errors


@allow(FAMILY_ROLES)
@require_http_methods(["GET", "POST"])
def request_course(request: HttpRequest, pk: int) -> HttpResponse:
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    offering = CourseOffering.objects.select_related("provider", "provider__parent").filter(pk=pk)
    offering = offering.first()
    if offering is None:
        messages.error(request, _("There is no course offering %(pk)s.") % {"pk": pk})
        return redirect("web:catalog")
    data = request.POST if request.method == "POST" else request.GET
    children = _children(viewer)
    student = _chosen_child(viewer, data.get("student"), children)
    today = clock.today()
    session, year, errors = _request_choice(data, offering, today)
    error: DomainError | None = None
    if request.method == "POST" and student is not None and not errors:
        try:
            cca = submit_request(
                actor=viewer.actor,
                student_id=student.pk,
                offering_id=offering.pk,
                school_year=year,
                session=session,
                as_of=today,
            )
        except DomainError as refused:
            error = refused
        else:
            messages.success(
                request,
                _("Your request for %(course)s was filed. It is now Pending Execution.")
                % {"course": offering.provider_title},
            )
            return redirect("web:cca", pk=cca.pk)
    preview = None
    if student is not None:
        try:
            preview = _preview(student, offering, year, session)
        except DomainError as unusable:  # stored data the rules cannot read: say so, no trace
            error = error or unusable
    return render(
        request,
        "web/family/request.html",
        {
            "offering": offering,
            "children": children,
            "student": student,
            "session": session,
            "sessions": _sessions(offering),
            "school_year": year,
            "years": _years(today),
            "errors": errors,
            "error": error,
            "ineligible": isinstance(error, Ineligible),
            "preview": preview,
            "disclaimer": MATURE_DISCLAIMER,
        },
        status=400 if error or (errors and request.method == "POST") else 200,
    )


# Local registration ------------------------------------------------------------------------

_TEXT = ("gender", "preferred_name", "home_address", "school_address", "phone")
_YES_NO = ("iep_or_504", "multilingual", "fee_waiver")
_HOME_SCHOOL = ("birth_certificate", "proof_of_residency", "home_school_acknowledgment")
CONTACT_CHOICES = ("email", "phone", "text", "mail")
FIELD_LABELS = {
    "gender": gettext_lazy("Gender"),
    "preferred_name": gettext_lazy("Preferred name"),
    "home_address": gettext_lazy("Home address"),
    "school_address": gettext_lazy("School address"),
    "phone": gettext_lazy("Phone"),
    "preferred_contact": gettext_lazy("Preferred contact"),
    "iep_or_504": gettext_lazy("IEP or Section 504 plan"),
    "multilingual": gettext_lazy("Multilingual learner"),
    "home_language_survey": gettext_lazy("Home language survey completed"),
    "fee_waiver": gettext_lazy("Fee waiver"),
    "birth_certificate": gettext_lazy("Birth certificate provided"),
    "proof_of_residency": gettext_lazy("Proof of residency provided"),
    "home_school_acknowledgment": gettext_lazy("Home-school acknowledgment signed"),
}


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def registration_form(data: QueryDict, *, home_school: bool) -> RegistrationForm:
    """The form as posted; the home-school documents count only for a home-school student."""
    return RegistrationForm(
        **{name: data.get(name, "").strip() for name in _TEXT},
        preferred_contact=data.get("preferred_contact", "").strip(),
        **{name: _yes_no(data.get(name)) for name in _YES_NO},
        home_language_survey=data.get("home_language_survey") == "on",
        **{name: home_school and data.get(name) == "on" for name in _HOME_SCHOOL},
    )


def _stored_form(student: Student, provider: Organisation) -> RegistrationForm:
    row = LocalRegistration.objects.filter(student=student, provider=provider).first()
    if row is None:
        return RegistrationForm()
    return RegistrationForm(**{f: getattr(row, f) for f in RegistrationForm.__dataclass_fields__})


def _registration_refusal(
    error: DomainError, form: RegistrationForm, home_school: bool
) -> tuple[str, list[str]]:
    """What the family reads when the form is refused, in its language: the refusal and the
    fields to fix, named by their labels. The service says the same in English with field codes;
    the web rebuilds it from the same form checks the service runs, in the same order."""
    over = form.over_limit()
    if over:
        return _("Some answers are too long:"), [
            _("%(field)s (at most %(limit)s characters)")
            % {"field": FIELD_LABELS.get(name, name), "limit": limit}
            for name, limit in over
        ]
    missing = form.missing(home_school=home_school)
    if missing:
        return _("Local registration is incomplete. Please complete:"), [
            str(FIELD_LABELS.get(name, name)) for name in missing
        ]
    return error_text(error), []


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok else reverse("web:catalog")


@allow(FAMILY_ROLES)
@require_http_methods(["GET", "POST"])
def registration(request: HttpRequest, provider_code: str | None = None) -> HttpResponse:
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    if not provider_code:
        messages.info(request, _("Choose a course; its request page links the registration."))
        return redirect("web:catalog")
    provider = Organisation.objects.filter(code=provider_code, kind="provider").first()
    if provider is None:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    children = _children(viewer)
    student = _chosen_child(viewer, data.get("student"), children)
    form = _stored_form(student, provider) if student else RegistrationForm()
    error: DomainError | None = None
    refusal, problems = "", []
    if request.method == "POST" and student is not None:
        form = registration_form(request.POST, home_school=student.is_home_school)
        try:
            complete_local_registration(
                actor=viewer.actor,
                student_id=student.pk,
                provider_code=provider.code,
                form=form,
                as_of=clock.today(),
            )
        except DomainError as refused:
            error = refused
            refusal, problems = _registration_refusal(refused, form, student.is_home_school)
        else:
            messages.success(
                request,
                _("Local registration with %(provider)s is complete.") % {"provider": provider},
            )
            return redirect(_safe_next(request))
    return render(
        request,
        "web/family/registration.html",
        {
            "provider": provider,
            "children": children,
            "student": student,
            "form": form,
            "error": error,
            "refusal": refusal,
            "problems": problems,
            "labels": FIELD_LABELS,
            "contacts": CONTACT_CHOICES,
            "next": _safe_next(request),
        },
        status=400 if error else 200,
    )
