"""The counselor's caseload (issue 3): one row per student with CCAs in a school year, computed in
ONE grouped query over the viewer's CCAs, so a school of thousands of students pages in
milliseconds and the query count never grows with the rows shown.

The rows start from ``ccas_visible_to`` (a counselor sees the CCAs of their school), grouped by
student: counts, the lowest current progress, the at-risk flag, the latest activity and the next
open deadline are aggregates of that group. The next deadline uses the stored deadline columns
and the same "is the work still open" conditions as the daily sweep, so the page and the overdue
flags never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Max,
    Min,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, Least, NullIf

from seats.domain.calendars import school_year_of
from seats.domain.errors import NotFound
from seats.domain.names import name_key
from seats.domain.statuses import FINAL_GRADE_STATUSES, TERMINAL, Status

from ..models import CCA, Student
from ..services.memo import reference_data_memoized
from ..services.sweep import OPEN_WORK
from .access import Viewer, ccas_visible_to, students_visible_to
from .ccas import DueItem, due_items

OPEN_STATUSES = sorted(s.value for s in Status if s not in TERMINAL)
#: Finished the course with a final grade (pass, late pass, or a grade too low).
COMPLETED_STATUSES = sorted(s.value for s in TERMINAL & FINAL_GRADE_STATUSES)
OPEN_Q = Q(status__in=OPEN_STATUSES)
CASELOAD_SIZES = (25, 50, 100)
_FAR = date(9999, 12, 31)


@dataclass(frozen=True)
class Due:
    """A deadline column, the work that keeps it open, and what it means (domain wording)."""

    column: str
    label: str
    who: str
    open_work: Q


#: Deadline columns a caseload row watches, with the sweep's open-work conditions. The dates
#: that end an optional right (domain.deadlines.OPTIONAL_RIGHTS: the LEA's cancellation, the
#: provider's correction request) are nobody's work, so they are never the next deadline nor
#: "Overdue". Labels are the domain's (tests compare them with compute_deadlines).
DUES: tuple[Due, ...] = (
    Due("lea_decision_due", "Primary LEA approves or rejects", "primary LEA",
        OPEN_WORK["lea_decision_due"]),
    Due("provider_decision_due", "Provider accepts or rejects", "provider",
        OPEN_WORK["provider_decision_due"]),
    Due("iep_forwarding_due", "Primary LEA forwards the IEP / 504 plan", "primary LEA",
        OPEN_WORK["iep_forwarding_due"]),
    Due("confirmation_due", "Provider confirms or closes (Not Confirmed Closed)", "provider",
        OPEN_WORK["confirmation_due"]),
    Due("administrative_withdrawal_due", "Provider withdraws if no reinstatement is requested",
        "provider", OPEN_WORK["administrative_withdrawal_due"]),
    Due("transcript_due", "Transcript to the state, primary school and parent", "provider",
        OPEN_WORK["transcript_due"]),
    Due("closeout_date", "Every CCA in a closeout status", "provider",
        OPEN_WORK["closeout_date"]),
    Due("late_pass_final_due", "Anticipated Late Pass finalized", "provider",
        OPEN_WORK["late_pass_final_due"]),
)  # fmt: skip
DUE_BY_COLUMN = {d.column: d for d in DUES}


#: Sortable columns: public name -> the ascending order (nulls last both ways).
CASELOAD_SORTS: dict[str, tuple[str, ...]] = {
    "student": ("last_name", "first_name"),
    "grade": ("grade",),
    "open": ("open_count",),
    "completed": ("completed_count",),
    "progress": ("lowest_progress",),
    "at_risk": ("-at_risk_count", "at_risk_since"),  # at-risk first, longest at risk first
    "activity": ("-last_activity",),  # fewest days since the last activity first
    "deadline": ("next_due",),
}


def default_school_year(viewer: Viewer, today: date, **scope: object) -> int:
    """The school year a home page opens on: the current one when the viewer has CCAs in it,
    else the latest earlier year that has some (a new school year starts empty in July; the
    demo's data may be older than today). Two index lookups at most."""
    current = school_year_of(today)
    ccas = ccas_visible_to(viewer).filter(**scope)
    if ccas.filter(school_year=current).exists():
        return current
    latest = ccas.filter(school_year__lt=current).aggregate(year=Max("school_year"))["year"]
    return latest or current


@dataclass(frozen=True)
class CaseloadQuery:
    school_year: int
    search: str = ""
    at_risk_only: bool = False
    sort: str = "student"


def _order(sort: str) -> list[OrderBy]:
    descending = sort.startswith("-")
    fields = CASELOAD_SORTS.get(sort.lstrip("-"), CASELOAD_SORTS["student"])
    out = []
    for name in (*fields, "student_id"):
        flip = name.startswith("-") != descending
        column = F(name.lstrip("-"))
        out.append(column.desc(nulls_last=True) if flip else column.asc(nulls_last=True))
    return out


def _next_due() -> Any:
    """The earliest open deadline of the group: per column Min over the CCAs whose work for it is
    open, then the least of them (Coalesce to a far date: SQLite's MIN() of NULL is NULL)."""
    parts = [Coalesce(F(f"due_{d.column}"), Value(_FAR), output_field=DateField()) for d in DUES]
    return NullIf(Least(*parts, output_field=DateField()), Value(_FAR))


def caseload(viewer: Viewer, query: CaseloadQuery) -> QuerySet[Any]:
    """One dict per student with CCAs of the school year the viewer may see."""
    rows = ccas_visible_to(viewer).filter(school_year=query.school_year)
    term = query.search.strip()
    if term:
        key = name_key(term)
        rows = rows.filter(
            Q(search_last_name__startswith=key)
            | Q(search_first_name__startswith=key)
            | Q(student__ssid=term)
        )
    at_risk = OPEN_Q & Q(at_risk=True)
    # Grouped by the student's id alone, the student's fields as aggregates: ordered by a
    # computed value, PostgreSQL aggregates the school's CCAs first instead of walking every
    # student of the state in name order hoping to fill a page (a plan that collapses when a
    # filter such as "at risk only" keeps few groups).
    grouped = rows.values("student_id").annotate(
        last_name=Min("student__legal_last_name"),
        first_name=Min("student__legal_first_name"),
        preferred_name=Min("student__preferred_name"),
        ssid=Min("student__ssid"),
        grade=Min("student__grade"),
        open_count=Count("pk", filter=OPEN_Q),
        completed_count=Count("pk", filter=Q(status__in=COMPLETED_STATUSES)),
        lowest_progress=Min("grade_progress_percent", filter=OPEN_Q),
        at_risk_count=Count("pk", filter=at_risk),
        at_risk_since=Min("at_risk_since", filter=at_risk),
        last_activity=Max("last_activity_on", filter=OPEN_Q),
        **{f"due_{d.column}": Min(d.column, filter=d.open_work) for d in DUES},
    )
    grouped = grouped.annotate(next_due=_next_due())
    if query.at_risk_only:
        grouped = grouped.filter(at_risk_count__gt=0)
    return grouped.order_by(*_order(query.sort))


@dataclass
class CaseloadRow:
    """One student of the page, ready for the template."""

    student_id: int
    name: str
    ssid: str
    grade: int
    open_count: int
    completed_count: int
    lowest_progress: Decimal | None
    progress_letter: str = ""
    progress_as_of: date | None = None
    at_risk: bool = False
    at_risk_since: date | None = None
    last_activity: date | None = None
    days_since_activity: int | None = None
    next_due: date | None = None
    next_due_what: list[Due] = field(default_factory=list)
    next_due_overdue: bool = False


def caseload_rows(
    viewer: Viewer, page_rows: Iterable[dict[str, Any]], today: date, school_year: int
) -> list[CaseloadRow]:
    """The page's rows with the letter and date of each lowest progress (one more query for the
    whole page, never one per row)."""
    raw = list(page_rows)
    lowest = _lowest_progress(viewer, school_year, [r["student_id"] for r in raw])
    out = []
    for r in raw:
        name = f"{r['preferred_name'] or r['first_name']} "
        row = CaseloadRow(
            student_id=r["student_id"],
            name=name + r["last_name"],
            ssid=r["ssid"] or "",
            grade=r["grade"],
            open_count=r["open_count"],
            completed_count=r["completed_count"],
            lowest_progress=r["lowest_progress"],
            at_risk=r["at_risk_count"] > 0,
            at_risk_since=r["at_risk_since"],
            last_activity=r["last_activity"],
            next_due=_as_date(r["next_due"]),
        )
        row.progress_letter, row.progress_as_of = lowest.get(r["student_id"], ("", None))
        if row.last_activity is not None:
            row.days_since_activity = (today - row.last_activity).days
        if row.next_due is not None:
            row.next_due_what = [d for d in DUES if _as_date(r[f"due_{d.column}"]) == row.next_due]
            row.next_due_overdue = row.next_due < today
        out.append(row)
    return out


def _as_date(value: object) -> date | None:
    """SQLite returns the Least() of dates as text; PostgreSQL as a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _lowest_progress(
    viewer: Viewer, school_year: int, student_ids: list[int]
) -> dict[int, tuple[str, date | None]]:
    if not student_ids:
        return {}
    found = (
        ccas_visible_to(viewer)
        .filter(OPEN_Q, school_year=school_year, student_id__in=student_ids)
        .filter(grade_progress_percent__isnull=False)
        .order_by("student_id", "grade_progress_percent", "pk")
        .values_list("student_id", "grade_progress_letter", "grade_progress_as_of")
    )
    out: dict[int, tuple[str, date | None]] = {}
    for student_id, letter, as_of in found:
        out.setdefault(student_id, (letter, as_of))
    return out


# The student page ---------------------------------------------------------------------------


@dataclass
class StudentCCA:
    cca: CCA
    next_item: DueItem | None


def student_for_caseload(viewer: Viewer, pk: object) -> Student:
    """A student the viewer may see: in the viewer's student scope, or with a CCA the viewer may
    see (a caseload row always opens). ``NotFound`` alike for missing and out of scope."""
    visible = ccas_visible_to(viewer).filter(student_id=OuterRef("pk"))
    try:
        return (
            Student.objects.filter(pk=pk)
            .filter(Q(pk__in=students_visible_to(viewer).values("pk")) | Exists(visible))
            .select_related("primary_school", "primary_lea")
            .get()
        )
    except (Student.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"There is no student {pk} that you can see.", field="student") from None


def student_ccas(viewer: Viewer, student: Student, today: date) -> list[StudentCCA]:
    """Every CCA of the student the viewer may see, newest school year first, each with the
    earliest open deadline (who acts next and by when). A student has a few dozen CCAs at most;
    calendars and policy are read once for the page."""
    ccas = (
        ccas_visible_to(viewer)
        .filter(student=student)
        .select_related("student", "offering", "provider", "primary_school", "primary_lea")
        .order_by("-school_year", "-submitted_at", "-pk")
    )
    out = []
    with reference_data_memoized():
        for cca in ccas:
            open_items = [i for i in due_items(cca, today) if i.open]
            next_item = min(open_items, key=lambda i: i.deadline.due, default=None)
            out.append(StudentCCA(cca, next_item))
    return out
