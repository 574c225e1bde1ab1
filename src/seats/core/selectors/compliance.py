"""Overdue work statewide (SPEC 3.3 "flagged overdue"): the open overdue flags the daily sweep
raised, counted by organisation and by deadline kind, and the CCAs behind each count.

Counts and lists start from the same ``open_flags`` queryset, so a count and the list it links
to can never disagree. Every count is one GROUP BY; a page of the matrix costs four queries
whatever the number of organisations or flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, QuerySet

from seats.domain.notices import DEADLINE_AUDIENCE, Audience

from ..models import FlagKind, OverdueFlag
from ..services.sweep import FLAG_COLUMNS
from .access import Viewer, cca_scope

#: The organisation a flag is counted under: the CCA's provider or its primary LEA.
ORG_KINDS: dict[str, str] = {"provider": "cca__provider", "lea": "cca__primary_lea"}
ORG_KIND_LABELS = {"provider": "Online providers", "lea": "Primary LEAs"}
KINDS: tuple[FlagKind, ...] = tuple(FlagKind)


def acting_party(kind: str) -> Audience:
    """Who must act on an overdue ``kind``: the party the deadline's reminder goes to."""
    return DEADLINE_AUDIENCE[FLAG_COLUMNS[kind]]


@dataclass(frozen=True)
class ComplianceQuery:
    org_kind: str = "provider"
    school_year: int | None = None
    kind: str = ""  # one FlagKind value, or "" for every kind (the drill-down only)
    org_id: int | None = None  # the drill-down only

    @property
    def org_field(self) -> str:
        return ORG_KINDS.get(self.org_kind, ORG_KINDS["provider"])


def open_flags(viewer: Viewer, query: ComplianceQuery) -> QuerySet[OverdueFlag]:
    """Overdue flags not cleared yet on CCAs the viewer may see, narrowed by the query."""
    rows = OverdueFlag.objects.filter(cca_scope(viewer, "cca"), cleared_on__isnull=True)
    if query.school_year:
        rows = rows.filter(cca__school_year=query.school_year)
    if query.kind:
        rows = rows.filter(kind=query.kind)
    if query.org_id is not None:
        rows = rows.filter(**{f"{query.org_field}_id": query.org_id})
    return rows


@dataclass(frozen=True)
class Cell:
    kind: str
    label: str
    count: int = 0
    oldest: date | None = None


@dataclass
class OrgRow:
    org_id: int
    name: str
    code: str
    total: int
    oldest: date | None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Matrix:
    page: Page[Any]
    rows: list[OrgRow]
    totals: list[Cell]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.totals)


def _cells(found: dict[str, tuple[int, date | None]]) -> list[Cell]:
    return [Cell(k.value, k.label, *found.get(k.value, (0, None))) for k in KINDS]


def compliance_matrix(
    viewer: Viewer, query: ComplianceQuery, *, page: object = 1, per_page: int = 25
) -> Matrix:
    """Organisations with open flags, most first, a page at a time; each row has one cell per
    deadline kind (count and oldest due date); ``totals`` has the same for every organisation."""
    base = open_flags(viewer, ComplianceQuery(query.org_kind, query.school_year))
    org = query.org_field
    grouped = (
        base.values(f"{org}_id", f"{org}__name", f"{org}__code")
        .annotate(total=Count("pk"), oldest=Min("due_date"))
        .order_by("-total", f"{org}__name", f"{org}_id")
    )
    current = Paginator(grouped, per_page).get_page(page)
    ids = [r[f"{org}_id"] for r in current.object_list]
    by_org: dict[int, dict[str, tuple[int, date | None]]] = {i: {} for i in ids}
    cells = (
        base.filter(**{f"{org}_id__in": ids})
        .values(f"{org}_id", "kind")
        .annotate(n=Count("pk"), oldest=Min("due_date"))
        .order_by()
    )
    for c in cells:
        by_org[c[f"{org}_id"]][c["kind"]] = (c["n"], c["oldest"])
    rows = [
        OrgRow(
            r[f"{org}_id"],
            r[f"{org}__name"],
            r[f"{org}__code"],
            r["total"],
            r["oldest"],
            _cells(by_org[r[f"{org}_id"]]),
        )
        for r in current.object_list
    ]
    totals = {
        t["kind"]: (t["n"], t["oldest"])
        for t in base.values("kind").annotate(n=Count("pk"), oldest=Min("due_date")).order_by()
    }
    return Matrix(current, rows, _cells(totals))


def overdue_list(viewer: Viewer, query: ComplianceQuery) -> QuerySet[OverdueFlag]:
    """The flags behind one count, oldest due first, with everything a row shows in one query."""
    return (
        open_flags(viewer, query)
        .select_related("cca", "cca__student", "cca__offering", "cca__provider", "cca__primary_lea")
        .order_by("due_date", "pk")
    )


def who_must_act(flag: OverdueFlag) -> str:
    """The organisation that must do the overdue work, named (its party and its name)."""
    if acting_party(flag.kind) is Audience.LEA:
        return f"Primary LEA: {flag.cca.primary_lea.name}"
    return f"Provider: {flag.cca.provider.name}"


def days_overdue(flag: OverdueFlag, today: date) -> int:
    """Whole days since the due date (a deadline is met by the end of its day)."""
    return max((today - flag.due_date).days, 0)
