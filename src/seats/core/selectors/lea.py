"""An LEA's schools at a glance (issue 3: "a view of their schools' progress and at-risk
students") and the CCA lists behind each count.

Counts come from one GROUP BY over the LEA's CCAs of the school year (by primary school) and one
over its open overdue flags, for the schools of the page only: two queries whatever the number
of schools or CCAs. Every query starts from ``ccas_visible_to``; a state viewer picks the LEA.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from seats.domain.errors import NotFound
from seats.domain.roles import Role
from seats.domain.statuses import Status

from ..models import CCA, Organisation, OrgKind, OverdueFlag
from ..services.sweep import OPEN_WORK
from .access import STATE_ROLES, Viewer, cca_scope, ccas_visible_to
from .caseload import COMPLETED_STATUSES, OPEN_Q

_S = Status
_ENROLLED = [_S.ENROLLMENT_COMPLETE, _S.CONFIRMED, _S.ANTICIPATED_LATE_PASS]
_NOT_CLOSED = {_S.PENDING_EXECUTION.value, *(s.value for s in _ENROLLED), *COMPLETED_STATUSES}

#: The main status groups of a school's CCAs: name -> (label, statuses).
GROUPS: dict[str, tuple[str, list[str]]] = {
    "pending": ("Pending", [_S.PENDING_EXECUTION.value]),
    "enrolled": ("Enrolled / confirmed", [s.value for s in _ENROLLED]),
    "completed": ("Completed", list(COMPLETED_STATUSES)),
    "closed": ("Withdrawn / closed", sorted(s.value for s in Status if s not in _NOT_CLOSED)),
}
AT_RISK_Q = OPEN_Q & Q(at_risk=True)
#: Work filters of the drill-down list: name -> (label, condition on the CCA).
_OVERDUE = Exists(OverdueFlag.objects.filter(cca=OuterRef("pk"), cleared_on__isnull=True))
WORK: dict[str, tuple[str, Q | Exists]] = {
    "lea_decision": ("Waiting for the LEA's decision", OPEN_WORK["lea_decision_due"]),
    "overdue": ("With an open overdue flag", _OVERDUE),
    "at_risk": ("At risk", AT_RISK_Q),
}
NO_SCHOOL = "none"  # the school filter value for CCAs without a primary school (home school)


def leas_for(viewer: Viewer) -> QuerySet[Organisation]:
    """The LEAs the viewer may look at: their own, or every LEA for state roles."""
    leas = Organisation.objects.filter(kind=OrgKind.LEA)
    if viewer.role in STATE_ROLES:
        return leas.order_by("name")
    return leas.filter(pk=viewer.organisation.pk)


def lea_for(viewer: Viewer, code: str | None) -> Organisation:
    """The viewer's own LEA, or (state roles) the LEA named by ``code``."""
    leas = leas_for(viewer)
    try:
        return leas.get(code=code) if code else leas.get(pk=viewer.organisation.pk)
    except Organisation.DoesNotExist:
        raise NotFound(f"There is no LEA {code or ''} that you can see.", field="lea") from None


@dataclass
class SchoolRow:
    """One school's figures (``school`` is None for CCAs without a primary school)."""

    school: Organisation | None
    students: int = 0
    groups: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GROUPS, 0))
    at_risk_students: int = 0
    pending_lea: int = 0
    oldest_lea_due: date | None = None
    open_flags: int = 0
    oldest_flag_due: date | None = None

    @property
    def key(self) -> str:
        return str(self.school.pk) if self.school is not None else NO_SCHOOL


def schools_of(lea: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrgKind.SCHOOL, parent=lea).order_by("name", "pk")


def _lea_ccas(viewer: Viewer, lea: Organisation, school_year: int) -> QuerySet[CCA]:
    rows = ccas_visible_to(viewer)
    if not (viewer.role is Role.LEA_APPROVER and viewer.organisation.pk == lea.pk):
        rows = rows.filter(primary_lea=lea)  # (the approver's scope already says this LEA)
    return rows.filter(school_year=school_year)


def school_rows(
    viewer: Viewer,
    lea: Organisation,
    school_year: int,
    schools: list[Organisation],
    with_no_school: bool,
    every_school: bool = False,
) -> list[SchoolRow]:
    """The figures of ``schools`` (a page of them), plus a row for CCAs without a primary school
    when ``with_no_school`` and there are any: two grouped queries. ``every_school``: the page
    holds all the LEA's schools (and the row without one), so no school filter is needed and
    both queries are index-only scans of ``cca_lea_year_school`` (issue 14)."""
    ids = [s.pk for s in schools]
    in_page = Q(primary_school__in=ids)
    if with_no_school:
        in_page |= Q(primary_school__isnull=True)
    ccas = _lea_ccas(viewer, lea, school_year)
    if not every_school:
        ccas = ccas.filter(in_page)
    rows: dict[Any, SchoolRow] = {s.pk: SchoolRow(s) for s in schools}
    for figures in _cca_figures(ccas):
        row = rows.setdefault(figures["primary_school"], SchoolRow(None))
        _fill(row, figures)
    # The flags joined to their CCAs (the viewer's scope on the join): a hash join with the
    # LEA's year read from the covering index, rather than IN (SELECT ...) over the CCAs.
    flags = OverdueFlag.objects.filter(
        cca_scope(viewer, "cca"),
        cleared_on__isnull=True,
        cca__primary_lea=lea,
        cca__school_year=school_year,
    )
    if not every_school:
        flag_page = Q(cca__primary_school__in=ids)
        if with_no_school:
            flag_page |= Q(cca__primary_school__isnull=True)
        flags = flags.filter(flag_page)
    flags = (
        flags.values("cca__primary_school")
        .annotate(n=Count("pk"), oldest=Min("due_date"))
        .order_by()
    )
    for f in flags:
        row = rows.setdefault(f["cca__primary_school"], SchoolRow(None))
        row.open_flags, row.oldest_flag_due = f["n"], f["oldest"]
    return list(rows.values())


def _cca_figures(ccas: QuerySet[CCA]) -> QuerySet[Any]:
    lea_open = OPEN_WORK["lea_decision_due"]
    return (
        ccas.values("primary_school")
        .annotate(
            students=Count("student", distinct=True),
            at_risk_students=Count("student", distinct=True, filter=AT_RISK_Q),
            pending_lea=Count("pk", filter=lea_open),
            oldest_lea_due=Min("lea_decision_due", filter=lea_open),
            **{
                f"group_{g}": Count("pk", filter=Q(status__in=sts))
                for g, (_, sts) in GROUPS.items()
            },
        )
        .order_by()
    )


def _fill(row: SchoolRow, figures: dict[str, Any]) -> None:
    row.students = figures["students"]
    row.at_risk_students = figures["at_risk_students"]
    row.pending_lea = figures["pending_lea"]
    row.oldest_lea_due = figures["oldest_lea_due"]
    row.groups = {g: figures[f"group_{g}"] for g in GROUPS}


# The lists behind the counts ----------------------------------------------------------------


@dataclass(frozen=True)
class LeaListQuery:
    lea: Organisation
    school_year: int | None = None
    school: str = ""  # a school's pk, NO_SCHOOL, or "" for every school
    group: str = ""  # a key of GROUPS, or ""
    work: str = ""  # a key of WORK, or ""


def lea_ccas(viewer: Viewer, query: LeaListQuery) -> QuerySet[CCA]:
    """The LEA's CCAs behind one count of the schools page; at-risk ones longest at risk first,
    others by student name."""
    rows = ccas_visible_to(viewer).filter(primary_lea=query.lea)
    if query.school_year:
        rows = rows.filter(school_year=query.school_year)
    if query.school == NO_SCHOOL:
        rows = rows.filter(primary_school__isnull=True)
    elif query.school.isdigit():
        rows = rows.filter(primary_school_id=int(query.school))
    if query.group in GROUPS:
        rows = rows.filter(status__in=GROUPS[query.group][1])
    if query.work in WORK:
        rows = rows.filter(WORK[query.work][1])
    rows = rows.select_related("student", "offering", "provider", "primary_school")
    if query.work == "at_risk":
        return rows.order_by("at_risk_since", "student__legal_last_name", "pk")
    return rows.order_by("student__legal_last_name", "student__legal_first_name", "pk")
