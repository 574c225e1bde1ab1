"""Reading a family's courses (SPEC 5: students and parents see each CCA, who acts next and by
when, and grade progress). Every query starts from the viewer's scope.

"Who acts next" is read from the deadline columns the services store on each CCA (the ones the
daily sweep reads), not recomputed: recomputing loads calendars and policy per CCA, which would
make the page's query count grow with the number of courses. tests/web/test_my_courses.py checks
that these steps agree with ``due_items`` (which recomputes) for CCAs in several states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When

from seats.domain.calendars import school_year_of
from seats.domain.deadlines import Standing, standing
from seats.domain.statuses import Stage, Status

from ..models import CCA, CCAHistory
from .access import Viewer, ccas_visible_to
from .ccas import OPEN

#: Deadline key -> (CCA column, who acts). The columns are those of facts.DEADLINE_COLUMNS.
STEP_COLUMNS: dict[str, tuple[str, str]] = {
    "lea_decision_due": ("lea_decision_due", "primary LEA"),
    "provider_decision_due": ("provider_decision_due", "provider"),
    "lea_cancellation_due": ("lea_cancellation_due", "primary LEA"),
    "iep_forwarding_due": ("iep_forwarding_due", "primary LEA"),
    "confirmation_due": ("confirmation_due", "provider"),
    "correction_request_due": ("correction_request_due", "provider"),
    "administrative_withdrawal_due": ("administrative_withdrawal_due", "provider"),
    "transcript_due": ("transcript_due", "provider"),
    "closeout": ("closeout_date", "provider"),
    "late_pass_final_due": ("late_pass_final_due", "provider"),
}
IN_COURSE = frozenset({Status.ENROLLMENT_COMPLETE, Status.CONFIRMED, Status.ANTICIPATED_LATE_PASS})


@dataclass(frozen=True)
class NextStep:
    key: str
    who: str
    due: date
    overdue: bool  # a duty someone failed to do by its date
    may: bool = False  # an optional right, available until ``due`` (never overdue)


@dataclass(frozen=True)
class CourseCard:
    """One CCA as a student or parent sees it on "My courses"."""

    cca: CCA
    steps: list[NextStep]
    registration_needed: bool  # the family must complete the provider's registration form
    in_course: bool
    days_since_activity: int | None
    current_year: bool
    #: Why a request will not go ahead (rejected or cancelled): the stored reason of the change
    #: into its status, a decision-tree label or staff's own words; empty for other statuses.
    reason: str = ""
    #: Whose turn it is, as the family reads it (a ``seats.domain.turn`` phrase key; the web
    #: layer fills it in from the same row).
    turn: str = ""


def family_courses(viewer: Viewer, *, today: date) -> QuerySet[CCA]:
    """The viewer's CCAs grouped by student, the current school year first, then upcoming
    years, then past ones (newest first); related rows come in the same query."""
    current = school_year_of(today)
    year_rank = Case(
        When(school_year=current, then=Value(0)),
        When(school_year__gt=current, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        ccas_visible_to(viewer)
        .select_related("student", "offering", "provider", "counselor", "primary_school")
        .annotate(year_rank=year_rank, status_reason=_status_reason())
        .order_by(
            "student__legal_last_name",
            "student__legal_first_name",
            "student_id",
            "year_rank",
            "-school_year",
            "-submitted_at",
            "-pk",
        )
    )


def _status_reason() -> Subquery:
    """The reason on the latest history entry that moved the CCA into its current status, in
    the same query as the card (the unique (cca, seq) index finds a CCA's few entries)."""
    entries = (
        CCAHistory.objects.filter(cca=OuterRef("pk"), to_status=OuterRef("status"))
        .exclude(from_status=F("to_status"))
        .order_by("-seq")
        .values("reason")[:1]
    )
    return Subquery(entries)


def next_steps(cca: CCA, today: date) -> list[NextStep]:
    """The deadlines that still ask someone to act, and the optional rights still available
    ("may ... until"), earliest first. A lapsed right is left out."""
    steps = []
    for key, (column, who) in STEP_COLUMNS.items():
        due = getattr(cca, column)
        if due is None:
            continue
        where = standing(key, due, today, open_work=OPEN[key](cca))
        if where in (Standing.OPEN, Standing.OVERDUE, Standing.MAY):
            steps.append(NextStep(key, who, due, where == Standing.OVERDUE, where == Standing.MAY))
    return sorted(steps, key=lambda s: (s.due, s.key))


def course_card(cca: CCA, *, today: date) -> CourseCard:
    status = Status(cca.status)
    in_course = status in IN_COURSE
    return CourseCard(
        cca=cca,
        steps=next_steps(cca, today),
        registration_needed=(
            status is Status.PENDING_EXECUTION and not cca.local_registration_complete
        ),
        in_course=in_course,
        days_since_activity=(today - cca.last_activity_on).days if cca.last_activity_on else None,
        current_year=cca.school_year == school_year_of(today),
        reason=(getattr(cca, "status_reason", "") or "") if _not_going_ahead(status) else "",
    )


def _not_going_ahead(status: Status) -> bool:
    """Rejected or cancelled before the course began: the statuses whose reason a family needs."""
    return status.info.stage is Stage.PRE_ENROLLMENT and status.info.terminal
