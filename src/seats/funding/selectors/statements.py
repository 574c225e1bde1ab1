"""Statements (issue 10, item 6): a provider's remittance and an LEA's withholding for one
month, read from the ledger with set-based SQL (a handful of queries, whatever the rows).

Money stays exact: SQLite sums a decimal column as a float, so every total here is a SUM of
whole cents (``ROUND(amount * 100)`` as an integer, exact on both databases) turned back into
a ``Decimal`` (``seats.domain.funding.statements.cents_to_amount``).

Callers scope the organisation first with ``statement_organisation``: a provider sees only
its own statements, an LEA approver only its LEA's, the state (and the auditor) every one;
anyone else, and anything outside the scope, is "not found" exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import BigIntegerField, Count, F, Q, QuerySet, Sum
from django.db.models.functions import Cast, Round

from seats.core.models import Organisation, OrgKind
from seats.core.selectors.access import PROVIDER_ROLES, STATE_ROLES, Viewer
from seats.domain.errors import NotFound
from seats.domain.funding.ledger import HOME_LEA_CODE
from seats.domain.funding.months import Month
from seats.domain.funding.statements import Totals, cents_to_amount, minimal_name
from seats.domain.roles import Role

from ..models import Entry, PaymentRun

#: The organisation kinds that have statements, and who reads them besides the state.
STATEMENT_KINDS = {OrgKind.PROVIDER.value: PROVIDER_ROLES, OrgKind.LEA.value: {Role.LEA_APPROVER}}


def cents(condition: Q | None = None) -> Sum:
    """SUM of whole cents of the entries' amounts (optionally of those matching ``condition``):
    an integer on every database, so no float ever touches money."""
    whole = Cast(Round(F("amount") * 100), BigIntegerField())
    return Sum(whole, filter=condition) if condition is not None else Sum(whole)


def totals_of(rows: QuerySet[Entry]) -> Totals:
    """Lines, payments and reversals of ``rows`` in one aggregate query."""
    found = rows.aggregate(
        lines=Count("id"), paid=cents(Q(amount__gt=0)), back=cents(Q(amount__lt=0))
    )
    return Totals(found["lines"], cents_to_amount(found["paid"]), cents_to_amount(found["back"]))


# Scope ---------------------------------------------------------------------------------------


def statement_organisation(viewer: Viewer, kind: str, code: str | None) -> Organisation | None:
    """The provider or LEA whose statement ``viewer`` asks for (``code``), or its own.

    A provider's people and an LEA approver get their own organisation (naming another one is
    "not found"); state roles get the one named, or ``None`` when none is named yet (the page
    offers a choice). Every other role is "not found"."""
    readers = STATEMENT_KINDS.get(kind, frozenset())
    missing = NotFound(f"There is no {kind} statement {code or ''} that you can see.", field=kind)
    if viewer.role in STATE_ROLES:
        if not code:
            return None
        found = Organisation.objects.filter(kind=kind, code=code).first()
        if found is None:
            raise missing
        return found
    if viewer.role in readers and viewer.organisation.kind == kind:
        if code and code != viewer.organisation.code:
            raise missing
        return viewer.organisation
    raise missing


def organisations_with_statements(kind: str) -> QuerySet[Organisation]:
    """The state's picker: every provider or LEA, by name."""
    return Organisation.objects.filter(kind=kind).order_by("name")


# Months --------------------------------------------------------------------------------------


def posted_months() -> list[Month]:
    """Every month with a posted run, newest first (the month picker)."""
    return [
        Month.of(d) for d in PaymentRun.objects.order_by("-month").values_list("month", flat=True)
    ]


def default_month(today: date) -> Month:
    """The month a statement opens on: the latest posted run, else the current month."""
    latest = PaymentRun.objects.order_by("-month").values_list("month", flat=True).first()
    return Month.of(latest) if latest else Month.of(today)


# Statements ----------------------------------------------------------------------------------


@dataclass
class Statement:
    """One organisation's statement for one month. ``rows`` is a queryset of dicts (page it);
    ``totals`` are the whole month's."""

    kind: str
    organisation: Organisation | None  # None: every provider's (or LEA's) lines of the run
    month: Month
    run: PaymentRun | None
    rows: QuerySet[Entry]
    totals: Totals

    @property
    def from_appropriation(self) -> bool:
        """A HOME "LEA": its students' CCAs are paid from the appropriation, not withheld."""
        organisation = self.organisation
        return self.kind == OrgKind.LEA and getattr(organisation, "code", "") == HOME_LEA_CODE


#: The columns a statement row carries (one query with its joins; no query per row).
_ROW_FIELDS = {
    "first_name": F("cca__student__legal_first_name"),
    "last_name": F("cca__student__legal_last_name"),
    "course": F("cca__offering__provider_title"),
    "core_code": F("cca__offering__core_code"),
    "credit": F("cca__credit_attempted"),
    "school_year": F("cca__school_year"),
    "session": F("cca__session"),
    "provider_code": F("provider__code"),
    "provider_name": F("provider__name"),
    "lea_code": F("lea__code"),
    "lea_name": F("lea__name"),
}


def _statement(kind: str, organisation: Organisation | None, month: Month) -> Statement:
    run = PaymentRun.objects.filter(month=month.first_day()).first()
    owner = {}
    if organisation is not None:
        owner = {"provider_id" if kind == OrgKind.PROVIDER else "lea_id": organisation.pk}
    entries = Entry.objects.filter(run=run, **owner) if run else Entry.objects.none()
    rows = entries.order_by("cca_id", "id").values(
        "id", "cca_id", "half", "tranche", "amount", "reversal_of_id", **_ROW_FIELDS
    )
    totals = totals_of(entries) if run else Totals()
    return Statement(kind, organisation, month, run, rows, totals)


def provider_statement(*, provider: Organisation | None, month: Month) -> Statement:
    """What the state paid ``provider`` in ``month``'s run: every entry (payments and
    reversals), by CCA; with ``provider=None`` (state roles only) every provider's."""
    return _statement(OrgKind.PROVIDER, provider, month)


def lea_statement(*, lea: Organisation | None, month: Month) -> Statement:
    """What the state withheld from ``lea`` in ``month``'s run, by CCA (for ``HOME``: what the
    appropriation paid for home-school students)."""
    return _statement(OrgKind.LEA, lea, month)


def statement_line(row: dict[str, Any]) -> dict[str, Any]:
    """A row as a statement shows it: the student in SPEC 10's minimal form, names not codes."""
    amount: Decimal = row["amount"]
    return {
        "entry_id": row["id"],
        "cca_id": row["cca_id"],
        "student": minimal_name(row["first_name"], row["last_name"]),
        "course": row["course"],
        "core_code": row["core_code"],
        "credit": row["credit"],
        "school_year": row["school_year"],
        "session": row["session"],
        "provider": row["provider_name"],
        "provider_code": row["provider_code"],
        "lea": row["lea_name"],
        "lea_code": row["lea_code"],
        "half": row["half"],
        "tranche": row["tranche"],
        "reversal_of": row["reversal_of_id"],
        "amount": amount,
    }
