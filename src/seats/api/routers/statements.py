"""Funding statements (issue 10, item 6): a provider's remittance and an LEA's withholding for
one month (cursor-paginated lines, the month's totals), and the state's summary of a school
year. Scoped like every read: a provider's token reads its own statements, an LEA approver's
its LEA's, the state's (and the auditor's) any; anything else is 404, exactly like missing.

Money is a string with two decimals ("170.00"): exact, never a float.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from pydantic import BaseModel as Schema

from seats.core.models import AccessAction, AccessPurpose
from seats.core.services.audit import log_access
from seats.domain.errors import NotFound
from seats.domain.funding.months import Month
from seats.domain.roles import STATE_ROLES
from seats.funding.selectors import summary
from seats.funding.selectors.statements import (
    Statement,
    lea_statement,
    provider_statement,
    statement_line,
    statement_organisation,
)

from ..auth import viewer
from ..pagination import page
from ..params import ERRORS, Cursor, Limit, OrgCode
from ..schemas_out import OrgRef
from ..writes import json_response

router = Router(tags=["Funding statements"])

MONTH_PATTERN = r"^20[0-9]{2}-(0[1-9]|1[0-2])$"  # 2000-01 to 2099-12
MonthParam = Annotated[
    str,
    Query(pattern=MONTH_PATTERN, description="The month of the payment run, e.g. 2025-10."),
]
YearParam = Annotated[
    int, Query(ge=2000, le=2100, description="The school year, by the year it starts in.")
]
Money = Annotated[str, "an amount with two decimals, e.g. 170.00 or -170.00"]


class TotalsOut(Schema):
    lines: int
    paid: Money
    reversed: Money
    net: Money


class StatementLineOut(Schema):
    entry_id: int
    cca_id: int
    student: str
    course: str
    core_code: str
    school_year: int
    session: str
    provider: OrgRef
    lea: OrgRef
    half: Literal["first", "second"]
    tranche: Literal["first", "second", "reversal"]
    reversal_of: int | None
    amount: Money


class StatementOut(Schema):
    kind: Literal["provider", "lea"]
    organisation: OrgRef | None
    month: str
    run_date: str | None
    from_appropriation: bool
    totals: TotalsOut
    items: list[StatementLineOut]
    next_cursor: str | None
    limit: int


class MonthTotalOut(Schema):
    month: str
    lines: int
    paid: Money
    withheld: Money
    appropriation: Money
    reversed: Money


class OrgTotalOut(Schema):
    organisation: OrgRef
    lines: int
    paid: Money
    reversed: Money
    net: Money


class AppropriationOut(Schema):
    recorded: Money | None
    spent: Money
    balance: Money | None


class SummaryOut(Schema):
    school_year: int
    month: str | None
    by: Literal["provider", "lea"]
    months: list[MonthTotalOut]
    organisations: list[OrgTotalOut]
    appropriation: AppropriationOut


def _line(row: dict[str, Any]) -> dict[str, Any]:
    line = statement_line(row)
    return line | {
        "provider": {"code": line["provider_code"], "name": line["provider"]},
        "lea": {"code": line["lea_code"], "name": line["lea"]},
        "amount": str(line["amount"]),
    }


def _scoped(request: HttpRequest, kind: str, code: str | None, month: str) -> Statement:
    who = viewer(request)
    # NotFound: the usual 404; None: a state token named none, and reads the whole run
    organisation = statement_organisation(who, kind, code)
    chosen = Month.parse(month)
    if kind == "provider":
        return provider_statement(provider=organisation, month=chosen)
    return lea_statement(lea=organisation, month=chosen)


def _answer(request: HttpRequest, statement: Statement, cursor: str | None, limit: int):
    result = page(statement.rows, cursor=cursor, limit=limit, order="id", serialize=_line)
    t, org = statement.totals, statement.organisation
    who = viewer(request)
    log_access(
        who,
        action=AccessAction.LIST,
        what=f"API {statement.kind} statement: organisation "
        f"{getattr(statement.organisation, 'pk', 'all')} {statement.month}",
        rows=len(result["items"]),
        channel="api",
        purpose=AccessPurpose.STATEMENT,
    )
    body = {
        "kind": statement.kind,
        "organisation": {"code": org.code, "name": org.name} if org else None,
        "month": str(statement.month),
        "run_date": statement.run.run_date.isoformat() if statement.run else None,
        "from_appropriation": statement.from_appropriation,
        "totals": {
            "lines": t.lines,
            "paid": str(t.paid),
            "reversed": str(t.reversed),
            "net": str(t.net),
        },
        **result,
    }
    return json_response(StatementOut, body)


@router.get(
    "/statements/provider",
    response={200: StatementOut, **ERRORS},
    summary="A provider's payment statement",
)
def provider_statement_api(
    request: HttpRequest,
    month: MonthParam,
    provider: OrgCode = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> HttpResponse:
    """What the state paid the provider in the month's run, one line per ledger entry (by
    entry id), the student as the first two letters of the first name and the last name. A
    provider's token reads its own (``provider`` may be omitted); a state token names one, or
    omits it to read every provider's lines of the run."""
    statement = _scoped(request, "provider", provider, month)
    return _answer(request, statement, cursor, limit)


@router.get(
    "/statements/lea",
    response={200: StatementOut, **ERRORS},
    summary="An LEA's withholding statement",
)
def lea_statement_api(
    request: HttpRequest,
    month: MonthParam,
    lea: OrgCode = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> HttpResponse:
    """What the state withheld from the LEA in the month's run (for ``HOME``: what the home and
    private school appropriation paid). An LEA approver's token reads its own LEA's; a state
    token names one, or omits it to read every LEA's lines of the run."""
    statement = _scoped(request, "lea", lea, month)
    return _answer(request, statement, cursor, limit)


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


@router.get(
    "/statements/summary",
    response={200: SummaryOut, **ERRORS},
    summary="The state's funding summary",
)
def summary_api(
    request: HttpRequest,
    school_year: YearParam,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
    by: Annotated[Literal["provider", "lea"], Query()] = "provider",
) -> HttpResponse:
    """A school year month by month (paid to providers, withheld from LEAs, paid from the
    appropriation, reversals), the totals by provider or LEA (for the year or one month), and
    the appropriation's balance. State roles and the auditor; totals only, no student."""
    who = viewer(request)
    if who.role not in STATE_ROLES:
        raise NotFound("There is no funding summary that you can see.", field="school_year")
    chosen = Month.parse(month) if month else None
    totals = summary.monthly_totals(school_year)
    rows = summary.by_organisation(by, school_year=school_year, month=chosen)
    appropriation = summary.appropriation_year(school_year)
    body = {
        "school_year": school_year,
        "month": str(chosen) if chosen else None,
        "by": by,
        "months": [
            {
                "month": str(t.month),
                "lines": t.lines,
                "paid": str(t.paid),
                "withheld": str(t.withheld),
                "appropriation": str(t.appropriation),
                "reversed": str(t.reversed),
            }
            for t in totals
        ],
        "organisations": [
            {
                "organisation": {"code": r.code, "name": r.name},
                "lines": r.lines,
                "paid": str(r.paid),
                "reversed": str(r.reversed),
                "net": str(r.net),
            }
            for r in rows
        ],
        "appropriation": {
            "recorded": _money(appropriation.recorded),
            "spent": str(appropriation.spent),
            "balance": _money(
                appropriation.balance if appropriation.recorded is not None else None
            ),
        },
    }
    return json_response(SummaryOut, body)
