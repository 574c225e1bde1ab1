"""Completion rates and the annual provider report (SPEC 7).

The state sees every provider; a provider's staff its own (another provider's pages answer
"not found"); the public pages need no sign-in and show only the suppressed public edition.
Every view declares its permission (seats.web.permissions)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose, Organisation
from seats.core.selectors.access import PROVIDER_ROLES, STATE_ROLES
from seats.core.services.audit import log_access
from seats.domain.calendars import school_year_label, school_year_of
from seats.domain.errors import DomainError
from seats.domain.reports.completion import COUNTING, WHY, Counts
from seats.domain.roles import STATE_ACTING_ROLES
from seats.domain.statuses import Status
from seats.reports.models import ReportText
from seats.reports.selectors.annual import annual_report
from seats.reports.selectors.completion import (
    course_rates,
    minimum,
    provider_rates,
    providers_for,
    pulled_down,
    rates_of,
)
from seats.reports.services.texts import save_report_text

from ..labels import status_label
from ..mfa import mfa_exempt
from ..permissions import allow, public
from . import output
from .forms import ReportTextForm, ReportYearForm

RATE_ROLES = STATE_ROLES | PROVIDER_ROLES
COUNTS_LABELS = {
    Counts.COMPLETED: gettext_noop("completed"),
    Counts.NOT_COMPLETED: gettext_noop("counts against"),
    Counts.NOT_COUNTED: gettext_noop("not counted"),
}


def school_year(request: HttpRequest) -> tuple[ReportYearForm, int]:
    """The year the page shows: ?year=, else the current school year."""
    form = ReportYearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    return form, year or school_year_of(clock.today())


def counting_table() -> list[tuple[str, str, str, str]]:
    """The statuses that count, as the rate page shows them: label, timely, extended, why."""
    rows = []
    for status in Status:
        timely, extended = COUNTING.get(status, (Counts.NOT_COUNTED, Counts.NOT_COUNTED))
        why = _(WHY.get(status, gettext_noop("not counted in either rate")))
        rows.append(
            (status_label(status), _(COUNTS_LABELS[timely]), _(COUNTS_LABELS[extended]), why)
        )
    return rows


def _provider(request: HttpRequest) -> Organisation | None:
    """The provider a page is about: ``?provider=<id>``; a provider's staff its own by default.
    Another provider, or one that does not exist, is "not found" alike."""
    viewer = request.viewer  # type: ignore[attr-defined]
    raw = request.GET.get("provider", "")
    if not raw:
        return viewer.organisation if viewer.role in PROVIDER_ROLES else None
    found = providers_for(viewer).filter(pk=int(raw)).first() if raw.isdigit() else None
    if found is None:
        raise Http404
    return found


def _or_list(request: HttpRequest) -> HttpResponse:
    return redirect("web:report_completion")


@allow(RATE_ROLES)
def completion(request: HttpRequest) -> HttpResponse:
    """Every provider's timely and extended rates for a year, lowest first, and the table of
    which statuses count. A provider sees its own row."""
    viewer = request.viewer  # type: ignore[attr-defined]
    form, year = school_year(request)
    context = {
        "form": form,
        "year": year,
        "year_label": school_year_label(year),
        "rows": provider_rates(viewer, year),
        "minimum": minimum(year),
        "counting": counting_table(),
    }
    return render(request, "web/reports/completion.html", context)


@allow(RATE_ROLES)
def completion_provider(request: HttpRequest) -> HttpResponse:
    """One provider's rates per course and the CCAs that count against them."""
    viewer = request.viewer  # type: ignore[attr-defined]
    provider = _provider(request)
    if provider is None:
        return _or_list(request)
    form, year = school_year(request)
    page = Paginator(pulled_down(provider, year), 50).get_page(request.GET.get("page"))
    log_access(
        viewer,
        action=AccessAction.LIST,
        what=f"Completion rate: CCAs counting against provider {provider.pk} {year}",
        rows=len(page.object_list),
        purpose=AccessPurpose.COMPLIANCE
        if viewer.role in STATE_ROLES
        else AccessPurpose.PROVIDER_WORK,
    )
    rates = rates_of(provider, year)
    context = {
        "form": form,
        "provider": provider,
        "year": year,
        "year_label": school_year_label(year),
        "courses": course_rates(provider, year),
        "rates": rates,
        "minimum": minimum(year),
        "below": rates.below(minimum(year)),
        "page": page,
    }
    return render(request, "web/reports/completion_provider.html", context)


def _report_context(report: object, **extra: object) -> dict[str, object]:
    return {"report": report, **extra}


@allow(RATE_ROLES)
def annual(request: HttpRequest) -> HttpResponse:
    """The staff edition of the annual report (every figure; no student is named in it)."""
    provider = _provider(request)
    if provider is None:
        return _or_list(request)
    _form, year = school_year(request)
    report = annual_report(provider, year, public=False)
    context = _report_context(
        report,
        provider=provider,
        may_edit=request.viewer.role in STATE_ACTING_ROLES,  # type: ignore[attr-defined]
    )
    return render(request, "web/reports/annual.html", context)


FILE_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _file(report: object, file_format: str, name: str, *, public_copy: bool) -> HttpResponse:
    if file_format == "pdf":
        body: bytes | str = output.pdf_bytes(report)  # type: ignore[arg-type]
    elif file_format == "csv":
        body = output.csv_text(report)  # type: ignore[arg-type]
    elif file_format == "xlsx":
        body = output.xlsx_bytes(report)  # type: ignore[arg-type]
    else:
        raise Http404
    response = HttpResponse(body, content_type=FILE_TYPES[file_format])
    disposition = "inline" if file_format == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{file_format}"'
    response["Cache-Control"] = "public, max-age=300" if public_copy else "private, no-store"
    return response


@allow(RATE_ROLES)
def annual_file(request: HttpRequest, file_format: str) -> HttpResponse:
    provider = _provider(request)
    if provider is None:
        return _or_list(request)
    _form, year = school_year(request)
    report = annual_report(provider, year, public=False)
    return _file(report, file_format, f"annual-report-{provider.code}-{year}", public_copy=False)


@allow(STATE_ACTING_ROLES)
@require_http_methods(["GET", "POST"])
def annual_text(request: HttpRequest) -> HttpResponse:
    """The state enters the improvement plan summary and the audit results."""
    viewer = request.viewer  # type: ignore[attr-defined]
    provider = _provider(request)
    if provider is None:
        return _or_list(request)
    _form, year = school_year(request)
    current = ReportText.objects.filter(provider=provider, school_year=year).first()
    initial = {
        "improvement_plan": current.improvement_plan if current else "",
        "audit_results": current.audit_results if current else "",
    }
    form = ReportTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_report_text(
                actor=viewer.actor,
                provider_id=provider.pk,
                school_year=year,
                improvement_plan=form.cleaned_data["improvement_plan"],
                audit_results=form.cleaned_data["audit_results"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The annual report's text is saved."))
            return redirect(f"{reverse('web:report_annual')}?provider={provider.pk}&year={year}")
    context = {
        "form": form,
        "provider": provider,
        "year": year,
        "year_label": school_year_label(year),
    }
    return render(
        request, "web/reports/annual_text.html", context, status=400 if form.errors else 200
    )


# Public -------------------------------------------------------------------------------------


def _public_provider(request: HttpRequest) -> Organisation | None:
    code = request.GET.get("provider", "")
    if not code:
        return None
    return get_object_or_404(Organisation, code=code, kind="provider", is_active=True)


def _public_year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None
    return year or school_year_of(clock.today())


@public
@mfa_exempt
def public_index(request: HttpRequest) -> HttpResponse:
    """The public annual reports: every active provider, the last three school years."""
    latest = school_year_of(clock.today())
    providers = Organisation.objects.filter(kind="provider", is_active=True).order_by("name")
    years = [latest - i for i in range(3)]
    context = {"providers": providers, "years": [(y, school_year_label(y)) for y in years]}
    return render(request, "web/reports/public_index.html", context)


@public
@mfa_exempt
def public_annual(request: HttpRequest) -> HttpResponse:
    """The public edition: no personal data, "n<10" with complementary suppression."""
    provider = _public_provider(request)
    if provider is None:
        return redirect("web:public_reports")
    report = annual_report(provider, _public_year(request), public=True)
    return render(
        request, "web/reports/public_annual.html", {"report": report, "provider": provider}
    )


@public
@mfa_exempt
def public_file(request: HttpRequest, file_format: str) -> HttpResponse:
    provider = _public_provider(request)
    if provider is None:
        return redirect("web:public_reports")
    year = _public_year(request)
    report = annual_report(provider, year, public=True)
    return _file(
        report, file_format, f"annual-report-{provider.code}-{year}-public", public_copy=True
    )
