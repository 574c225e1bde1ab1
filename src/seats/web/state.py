"""The state staff's pages (SPEC 3.3, 3.4, 10): overdue work by organisation and deadline kind,
duplicate requests and their rejection, the access log, and the deadline calculator every staff
member may use. Views parse the query string, call a selector or a service, and render.

State specialists and administrators act; the auditor reads every state page and acts on none.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose, FlagKind
from seats.core.selectors import deadlines
from seats.core.selectors.access import STATE_ROLES
from seats.core.selectors.access_log import access_log, log_page
from seats.core.selectors.compliance import (
    KINDS,
    ORG_KIND_LABELS,
    ComplianceQuery,
    compliance_matrix,
    days_overdue,
    overdue_list,
    who_must_act,
)
from seats.core.selectors.duplicates import DuplicateGroup, duplicate_groups
from seats.core.selectors.notices import fallback_notices
from seats.core.services.audit import log_access
from seats.core.services.duplicates import reject_duplicate
from seats.domain.duplicates import Member as DuplicateMember
from seats.domain.duplicates import group_advice, instead
from seats.domain.errors import DomainError, InvalidInput
from seats.domain.guards import NoeBasis
from seats.domain.roles import STATE_ACTING_ROLES
from seats.domain.statuses import Status
from seats.integration.exports import Column, field, write_csv

from . import search
from .confirm import confirmed
from .permissions import SOEP_STAFF_ROLES, allow, visible_cca
from .provider import error_text
from .reports.flags import state_flags
from .school_confirm import duplicate_confirmation
from .state_forms import AccessLogForm, CalculatorForm, ComplianceForm, YearForm

#: Where the state roles' home page should point (the lead wires it into views.home).
STATE_HOME = "web:compliance"
#: The state roles that act; the auditor (also in STATE_ROLES) only reads.
STATE_ACTORS = STATE_ACTING_ROLES
PAGE_SIZES = (25, 50, 100)


def _per_page(request: HttpRequest) -> int:
    raw = request.GET.get("per", "")
    return int(raw) if raw.isdigit() and int(raw) in PAGE_SIZES else PAGE_SIZES[0]


# Compliance ---------------------------------------------------------------------------------


@allow(STATE_ROLES)
def compliance(request: HttpRequest) -> HttpResponse:
    """Open overdue flags counted by organisation (rows) and deadline kind (columns). Only
    counts are shown here (no student), so the page is not an access to student records."""
    viewer = request.viewer  # type: ignore[attr-defined]
    form = ComplianceForm(request.GET)
    query = form.query()
    matrix = compliance_matrix(viewer, query, page=request.GET.get("page"), per_page=50)
    context = {
        "form": form,
        "query": query,
        "matrix": matrix,
        "kinds": KINDS,
        "org_kind_label": ORG_KIND_LABELS[query.org_kind],
        "completion_flags": state_flags(viewer),
    }
    return render(request, "web/state/compliance.html", context)


def _what(query: ComplianceQuery) -> str:
    """The list's name for the access log: keys only, no personal data."""
    return (
        f"Overdue list: by={query.org_kind} org={query.org_id or 'all'} "
        f"kind={query.kind or 'all'} year={query.school_year or 'all'}"
    )


@allow(STATE_ROLES)
def overdue(request: HttpRequest) -> HttpResponse:
    """The CCAs behind one count of the compliance page, oldest due date first."""
    viewer = request.viewer  # type: ignore[attr-defined]
    form = ComplianceForm(request.GET)
    query = form.query()
    per_page = _per_page(request)
    page = Paginator(overdue_list(viewer, query), per_page).get_page(request.GET.get("page"))
    today = clock.today()
    for flag in page.object_list:
        flag.days_overdue = days_overdue(flag, today)  # type: ignore[attr-defined]
        flag.who = who_must_act(flag)  # type: ignore[attr-defined]
    log_access(
        viewer,
        action=AccessAction.LIST,
        what=_what(query),
        rows=len(page.object_list),
        purpose=AccessPurpose.COMPLIANCE,
    )
    context = {
        "form": form,
        "query": query,
        "page": page,
        "per_page": per_page,
        "page_sizes": PAGE_SIZES,
        "heading": _heading(query, page.object_list),
    }
    return render(request, "web/state/overdue.html", context)


def _heading(query: ComplianceQuery, rows: Any) -> str:
    """What the list is (kind, organisation), named from the rows already loaded."""
    parts = [dict(FlagKind.choices)[query.kind]] if query.kind else []
    if query.org_id is not None and rows:
        cca = rows[0].cca
        parts.append((cca.provider if query.org_kind == "provider" else cca.primary_lea).name)
    return ", ".join(parts)


def _overdue_columns(today: date) -> list[Column]:
    return [
        field("cca.pk", "cca_id"),
        field("cca.student.ssid", "ssid"),
        Column("student_name", lambda f: f.cca.student.display_name),
        field("cca.offering.core_code", "core_code"),
        field("cca.offering.provider_title", "course_title"),
        field("cca.school_year", "school_year"),
        field("cca.session", "session"),
        field("cca.provider.code", "provider"),
        field("cca.primary_lea.code", "primary_lea"),
        Column("status", lambda f: Status(f.cca.status).label),
        Column("overdue", lambda f: f.get_kind_display()),
        field("due_date"),
        Column("days_overdue", lambda f: days_overdue(f, today)),
        Column("who_must_act", who_must_act),
    ]


@allow(STATE_ROLES)
def overdue_export(request: HttpRequest) -> HttpResponse:
    """Every row of the overdue list (same filters) as CSV."""
    viewer = request.viewer  # type: ignore[attr-defined]
    query = ComplianceForm(request.GET).query()
    rows = overdue_list(viewer, query).iterator(chunk_size=2000)
    text = io.StringIO(newline="")
    count = write_csv(rows, _overdue_columns(clock.today()), text)
    response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="overdue.csv"'
    log_access(
        viewer,
        action=AccessAction.EXPORT,
        what=f"{_what(query)} (csv)",
        rows=count,
        purpose=AccessPurpose.COMPLIANCE,
    )
    return response


# Duplicates ---------------------------------------------------------------------------------


@allow(STATE_ROLES)
def duplicates(request: HttpRequest) -> HttpResponse:
    """Groups of open requests of one student for the same course and session."""
    viewer = request.viewer  # type: ignore[attr-defined]
    form = YearForm(request.GET)
    form.is_valid()
    year = form.value("year")
    page, groups = duplicate_groups(viewer, school_year=year, page=request.GET.get("page"))
    shown = sum(len(g.ccas) for g in groups)
    _advise(groups, clock.today())
    log_access(
        viewer,
        action=AccessAction.LIST,
        what=f"Duplicate requests ({year or 'all'})",
        rows=shown,
        purpose=AccessPurpose.DUPLICATES,
    )
    context = {
        "form": form,
        "year": year,
        "page": page,
        "groups": groups,
        "can_reject": viewer.role in STATE_ACTORS,
        "pending": Status.PENDING_EXECUTION.value,
    }
    return render(request, "web/state/duplicates.html", context)


def _advise(groups: list[DuplicateGroup], today: date) -> None:
    """What the state can do instead, per request past the Notice of Enrollment and per group
    none of whose requests it may reject (seats.domain.duplicates)."""
    for group in groups:
        members = []
        for cca in group.ccas:
            member = DuplicateMember(
                status=Status(cca.status),
                state_issued_notice=cca.noe_basis == NoeBasis.LEA_WINDOW_EXPIRED,
                lea_cancellation_due=cca.lea_cancellation_due,
                withdrawal_period_end=cca.withdrawal_period_end,
            )
            members.append(member)
            cca.instead = instead(member, today)  # type: ignore[attr-defined]
        group.advice = group_advice(members)  # type: ignore[attr-defined]


@allow(STATE_ACTORS)
@require_http_methods(["GET", "POST"])
def duplicate_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject one request of a duplicate group (POST with the version seen); GET goes back."""
    back = reverse("web:duplicates")
    year = request.POST.get("year", "")
    if year.isdigit():
        back += f"?year={year}"
    if request.method != "POST":
        return redirect(back)
    viewer = request.viewer  # type: ignore[attr-defined]
    shown = visible_cca(viewer, pk)
    if not confirmed(request.POST) and request.POST.get("version") == str(shown.version):
        return duplicate_confirmation(request, shown, back)  # asks before it rejects
    try:
        version = int(request.POST.get("version", ""))
        cca = reject_duplicate(actor=viewer.actor, cca_id=pk, expected_version=version)
        messages.success(request, f"CCA {cca.pk} is Rejected by State as a duplicate request.")
    except ValueError:
        messages.error(request, "The form lost the version of the request; reload the page.")
    except DomainError as error:
        messages.error(request, error_text(error))
    return redirect(back)


# Access log ---------------------------------------------------------------------------------


#: The access log's filters: a person's user name and a student's SSID are POSTed and kept in
#: the session (seats.web.search); the rest stays in the bookmarkable address.
LOG_PUBLIC = ("role", "organisation", "action", "purpose", "cca", "since", "until")
LOG_PRIVATE = ("username", "ssid")


@allow(STATE_ROLES)
@require_http_methods(["GET", "POST"])
def access_log_view(request: HttpRequest) -> HttpResponse:
    """Who viewed or exported which student records, newest first; this view is logged too."""
    base, kept = reverse("web:access_log"), {"public": LOG_PUBLIC, "private": LOG_PRIVATE}
    if request.method == "POST":
        return HttpResponseRedirect(search.address(request, base, "access_log", **kept), status=303)
    legacy = search.legacy_redirect(request, base, "access_log", **kept)
    if legacy is not None:
        return legacy
    viewer = request.viewer  # type: ignore[attr-defined]
    form = AccessLogForm(search.params(request, "access_log", LOG_PRIVATE))
    result = None
    if form.is_valid():
        result = log_page(access_log(viewer, form.query()), cursor=request.GET.get("after", ""))
    log_access(
        viewer,
        action=AccessAction.LIST,
        what="Access log",
        rows=len(result.rows) if result else 0,
        purpose=AccessPurpose.AUDIT,
    )
    return render(request, "web/state/access_log.html", {"form": form, "result": result})


# Notices that reached nobody in their audience ---------------------------------------------


@allow(STATE_ROLES)
def notice_fallbacks(request: HttpRequest) -> HttpResponse:
    """Notices nobody in their audience could receive: where each went instead (the fallback of
    docs/notices.md) or that it reached nobody, so the state can fix the missing people."""
    viewer = request.viewer  # type: ignore[attr-defined]
    page = Paginator(fallback_notices(viewer), 50).get_page(request.GET.get("page"))
    log_access(
        viewer,
        action=AccessAction.LIST,
        what="Notice fallbacks",
        rows=len(page.object_list),
        purpose=AccessPurpose.COMPLIANCE,
    )
    return render(request, "web/state/notice_fallbacks.html", {"page": page})


# Deadline calculator --------------------------------------------------------------------------


def _calculate(form: CalculatorForm) -> dict[str, Any] | None:
    """The deadlines for a valid form, or None with the problem added to the form's field."""
    try:
        entered = form.entered()
        facts = deadlines.calculator_facts(entered)
        organisation = deadlines.calendar_organisation(form.cleaned_data.get("calendar"))
        calendar = deadlines.calendar_for(organisation, facts)
        result = deadlines.calculate(
            facts, calendar=calendar, submission_known=entered.submitted is not None
        )
    except InvalidInput as error:
        name = error.field if error.field in form.fields else "calendar"
        form.add_error(name, error.message)
        return None
    except DomainError as error:
        form.add_error("calendar", error.message)
        return None
    return {"deadlines": list(result.values()), "facts": facts, "calendar": calendar}


@allow(SOEP_STAFF_ROLES)
def deadline_calculator(request: HttpRequest) -> HttpResponse:
    """Every SPEC 3.3 deadline for a few dates, with its rule and calendar (GET form)."""
    calendars = deadlines.calendar_choices()
    asked = any(request.GET.get(name) for name in CalculatorForm.base_fields)
    form = CalculatorForm(request.GET if asked else None, calendars=calendars)
    context: dict[str, Any] = {"form": form, "result": None}
    if asked and form.is_valid():
        context["result"] = _calculate(form)
    status = 400 if asked and form.errors else 200
    return render(request, "web/state/deadlines.html", context, status=status)
