"""Statements as files: CSV and Excel (openpyxl, through ``seats.integration.exports`` like the
queue's files), exactly the statement the page shows: every line of the month, then the totals.
A statement file names students (minimal form), so each download is logged as an export."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from seats.core import clock
from seats.core.models import AccessAction, AccessPurpose
from seats.core.selectors.access import Viewer
from seats.core.services.audit import log_access
from seats.funding.selectors import summary
from seats.funding.selectors.statements import Statement, statement_line
from seats.integration.exports import Column, field, write_csv, write_xlsx

from ..permissions import allow
from .forms import StatementForm, SummaryForm
from .views import LEA_READERS, PROVIDER_READERS, STATE_ROLES, scoped_statement, what_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

STATEMENT_COLUMNS = [
    field("month", "Month"),
    field("cca_id", "CCA"),
    field("student", "Student"),
    field("course", "Course"),
    field("core_code", "Core code"),
    field("credit", "Credit attempted"),
    field("school_year", "School year"),
    field("session", "Session"),
    field("provider_code", "Provider code"),
    field("provider", "Provider"),
    field("lea_code", "LEA code"),
    field("lea", "LEA"),
    field("half", "Half"),
    field("tranche", "Entry"),
    field("reversal_of", "Reverses entry"),
    field("entry_id", "Ledger entry"),
    field("amount", "Amount"),
]


def statement_rows(statement: Statement) -> Iterator[dict[str, Any]]:
    """Every line (read in chunks, no query per line), then the totals as the last lines."""
    month = str(statement.month)
    for row in statement.rows.iterator(chunk_size=2000):
        yield statement_line(row) | {"month": month}
    t = statement.totals
    for label, amount in (("Payments", t.paid), ("Reversals", t.reversed), ("Net", t.net)):
        yield {"month": month, "tranche": f"total: {label.lower()}", "amount": amount}


def file_response(
    rows: Iterable[Any], columns: list[Column], *, name: str, file_format: str, title: str
) -> tuple[HttpResponse, int]:
    if file_format == "xlsx":
        buffer = io.BytesIO()
        count = write_xlsx(rows, columns, buffer, title=title)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        text = io.StringIO(newline="")
        count = write_csv(rows, columns, text)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response, count


def _export(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    form = StatementForm(
        request.GET, kind=kind, pick_organisation=viewer.role in STATE_ROLES, today=clock.today()
    )
    statement = scoped_statement(viewer, kind, request.GET.get(kind, "")[:32] or None, form.month)
    if statement is None:  # a state viewer names the organisation on the page first
        return redirect(f"{reverse(f'web:{kind}_statement')}?month={form.month}")
    name = f"{kind}-statement-{statement.organisation.code}-{statement.month}"
    response, _ = file_response(
        statement_rows(statement),
        STATEMENT_COLUMNS,
        name=name,
        file_format=file_format,
        title=f"{kind.upper()} {statement.month}",
    )
    log_access(
        viewer,
        action=AccessAction.EXPORT,
        what=f"{what_of(statement)} ({file_format})",
        rows=statement.totals.lines,
        purpose=AccessPurpose.STATEMENT,
    )
    return response


@allow(PROVIDER_READERS)
@require_GET
def export_provider_statement(request: HttpRequest, file_format: str) -> HttpResponse:
    return _export(request, "provider", file_format)


@allow(LEA_READERS)
@require_GET
def export_lea_statement(request: HttpRequest, file_format: str) -> HttpResponse:
    return _export(request, "lea", file_format)


SUMMARY_COLUMNS = [
    field("code", "Code"),
    field("name", "Name"),
    field("lines", "Ledger entries"),
    field("paid", "Payments"),
    field("reversed", "Reversals"),
    field("net", "Net"),
]


@allow(STATE_ROLES)
@require_GET
def export_summary(request: HttpRequest, file_format: str) -> HttpResponse:
    """The summary's breakdown (by provider or LEA, the year or one month) as a file: totals
    only, no student, so not an access to student records."""
    form = SummaryForm(request.GET, today=clock.today())
    year, month, by = form.school_year(), form.chosen_month(), form.breakdown()
    rows = summary.by_organisation(by, school_year=year, month=month)
    response, _ = file_response(
        rows,
        SUMMARY_COLUMNS,
        name=f"funding-summary-{year}-by-{by}{f'-{month}' if month else ''}",
        file_format=file_format,
        title=f"Funding {year} by {by}",
    )
    return response
