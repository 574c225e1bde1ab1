"""The statement pages: a provider's remittance (its own only), an LEA's withholding (its own
only), and the state's summary with the appropriation's balance (state roles and the auditor).

Views parse the query string, call a selector and render. A statement names students (in
SPEC 10's minimal form), so opening one writes an access-log row with keys only; the summary
names none and writes none. Out of scope and missing look the same: 404.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose
from seats.core.selectors.access import Viewer
from seats.core.services.audit import log_access
from seats.domain.errors import NotFound
from seats.domain.funding.months import Month
from seats.domain.roles import LEA_ROLES, PROVIDER_ROLES, STATE_ROLES
from seats.funding.selectors import summary
from seats.funding.selectors.statements import (
    Statement,
    lea_statement,
    provider_statement,
    statement_line,
    statement_organisation,
)

from ..permissions import allow
from .forms import StatementForm, SummaryForm

PROVIDER_READERS = PROVIDER_ROLES | STATE_ROLES
LEA_READERS = LEA_ROLES | STATE_ROLES
PER_PAGE = 100
KIND_LABEL = {"provider": "Payment statement", "lea": "Withholding statement"}


def purpose_for(viewer: Viewer) -> AccessPurpose:
    """Why a statement's student lines are read: reconciling a payment or withholding
    statement, whoever reads it (its own purpose, so the state's access review can tell a
    statement read from casework)."""
    return AccessPurpose.STATEMENT


def what_of(statement: Statement) -> str:
    """The access log's name for a statement: keys only."""
    return f"{statement.kind} statement: organisation {statement.organisation.pk} {statement.month}"


def scoped_statement(viewer: Viewer, kind: str, code: str | None, month: Month) -> Statement | None:
    """The statement the viewer asks for, scoped (404 for anything outside it); ``None`` when
    a state viewer has not chosen the organisation yet."""
    try:
        organisation = statement_organisation(viewer, kind, code)
    except NotFound:
        raise Http404 from None
    if organisation is None:
        return None
    if kind == "provider":
        return provider_statement(provider=organisation, month=month)
    return lea_statement(lea=organisation, month=month)


def statement_page(statement: Statement, number: str | None) -> Page:
    paginator = Paginator(statement.rows, PER_PAGE)
    paginator.__dict__["count"] = statement.totals.lines  # counted with the totals already
    return paginator.get_page(number)


def _statement_view(request: HttpRequest, kind: str) -> HttpResponse:
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    state = viewer.role in STATE_ROLES
    form = StatementForm(request.GET, kind=kind, pick_organisation=state, today=clock.today())
    code = request.GET.get(kind, "")[:32] or None
    statement = scoped_statement(viewer, kind, code, form.month)
    context: dict[str, object] = {
        "form": form,
        "kind": kind,
        "heading": KIND_LABEL[kind],
        "statement": statement,
    }
    if statement is not None:
        page = statement_page(statement, request.GET.get("page"))
        lines = [statement_line(row) for row in page.object_list]
        keep = {"month": str(statement.month)} | ({kind: code} if state and code else {})
        year = statement.month.school_year
        totals = summary.monthly_totals(year, **{f"{kind}_id": statement.organisation.pk})
        log_access(
            viewer,
            action=AccessAction.LIST,
            what=what_of(statement),
            rows=len(lines),
            purpose=purpose_for(viewer),
        )
        context |= {
            "page": page,
            "lines": lines,
            "keep": urlencode(keep),
            "bars": summary.chart(totals),
            "year_label": f"{year}-{str(year + 1)[2:]}",
            "organisation": statement.organisation,
        }
    return render(request, "web/statements/statement.html", context)


@allow(PROVIDER_READERS)
@require_GET
def provider_statement_view(request: HttpRequest) -> HttpResponse:
    """A provider's payment statement for one month (a state viewer picks the provider)."""
    return _statement_view(request, "provider")


@allow(LEA_READERS)
@require_GET
def lea_statement_view(request: HttpRequest) -> HttpResponse:
    """An LEA's withholding statement for one month (a state viewer picks the LEA)."""
    return _statement_view(request, "lea")


@allow(STATE_ROLES)
@require_GET
def funding_summary(request: HttpRequest) -> HttpResponse:
    """The state's summary of a school year: month by month, by provider or by LEA (for the
    year or one month), and the appropriation's balance. Totals only, no student."""
    form = SummaryForm(request.GET, today=clock.today())
    year = form.school_year()
    month = form.chosen_month()
    by = form.breakdown()
    totals = summary.monthly_totals(year)
    rows = summary.by_organisation(by, school_year=year, month=month)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    keep = {"year": year, "by": by} | ({"month": str(month)} if month else {})
    context = {
        "form": form,
        "year": year,
        "year_label": f"{year}-{str(year + 1)[2:]}",
        "month": month,
        "by": by,
        "totals": totals,
        "bars": summary.chart(totals),
        "year_total": _sum_totals(totals),
        "page": page,
        "keep": urlencode(keep),
        "appropriation": summary.appropriation_year(year),
        "statement_url": "web:provider_statement" if by == "provider" else "web:lea_statement",
    }
    return render(request, "web/statements/summary.html", context)


def _sum_totals(totals: list[summary.MonthTotal]) -> dict[str, object]:
    return {
        "lines": sum(t.lines for t in totals),
        "paid": sum((t.paid for t in totals), summary.ZERO),
        "withheld": sum((t.withheld for t in totals), summary.ZERO),
        "appropriation": sum((t.appropriation for t in totals), summary.ZERO),
        "reversed": sum((t.reversed for t in totals), summary.ZERO),
    }
