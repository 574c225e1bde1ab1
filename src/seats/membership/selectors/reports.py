"""What pages, the API and exports read: scoped to the viewer's role and LEA (SPEC 9, 10).

Teachers and pupil-accounting staff see their own LEA; the state's roles see every LEA,
read-only; every other role sees nothing of pupil accounting."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max, Q, QuerySet

from seats.core.selectors.access import Viewer
from seats.core.services.memo import reference_data_memoized
from seats.domain.calendars import school_year_bounds, school_year_of
from seats.domain.membership.adm import Summary, counted_days, summarize
from seats.domain.membership.checks import CheckStatus, check_status
from seats.domain.membership.explain import Answer, why
from seats.domain.membership.kinds import ProgramKind
from seats.domain.membership.tenday import Span, membership, silent_streak
from seats.domain.roles import MEMBERSHIP_STATE_ROLES, Role

from ..models import EngagementEvent, Enrollment, Program
from ..services.authority import actor_lea_id
from ..services.facts import calendar_of, event_days, rules_for
from .compute import StudentYear, compute


def programs_visible_to(viewer: Viewer) -> QuerySet[Program]:
    if viewer.role in MEMBERSHIP_STATE_ROLES:
        return Program.objects.all()
    if viewer.role in (Role.TEACHER, Role.PUPIL_ACCOUNTING):
        return Program.objects.filter(lea_id=actor_lea_id(viewer.actor))
    return Program.objects.none()


def enrollments_visible_to(viewer: Viewer) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(program__in=programs_visible_to(viewer)).select_related(
        "program", "program__calendar", "student"
    )


# --- The teacher's roster -------------------------------------------------------------------


@dataclass(frozen=True)
class RosterRow:
    enrollment: Enrollment
    engaged_today: bool
    streak: int  # consecutive silent school days up to today
    last_engaged: date | None
    in_membership: bool

    @property
    def status(self) -> str:
        if self.engaged_today:
            return "engaged"
        if not self.in_membership:
            return "out"
        if self.streak >= 7:
            return "near"
        return "ok"


def roster(viewer: Viewer, day: date) -> list[RosterRow]:
    """The viewer's open enrollments on ``day`` (a teacher: their own students), the silent
    streak of each (who is at day 7, 8, 9), most at risk first."""
    qs = (
        enrollments_visible_to(viewer)
        .filter(entry_on__lte=day)
        .filter(Q(exit_on__isnull=True) | Q(exit_on__gte=day))
        .exclude(program__kind=ProgramKind.HOME_HOSPITAL)
    )
    if viewer.role is Role.TEACHER:
        qs = qs.filter(teacher=viewer.user)
    enrollments = list(qs.order_by("student__legal_last_name", "student__legal_first_name"))
    with reference_data_memoized():
        return _roster_rows(enrollments, day)


def _roster_rows(enrollments: list[Enrollment], day: date) -> list[RosterRow]:
    days = event_days([e.pk for e in enrollments], day)
    rules = rules_for(day)
    rows = []
    for e in enrollments:
        calendar = calendar_of(e.program)
        span = Span(e.entry_on, e.exit_on)
        streak, _ = silent_streak(calendar, span, days.get(e.pk, []), day)
        mine = days.get(e.pk, [])
        rows.append(
            RosterRow(
                enrollment=e,
                engaged_today=day in mine,
                streak=streak,
                last_engaged=max(mine) if mine else None,
                in_membership=streak <= rules.gap_days,
            )
        )
    rows.sort(key=lambda r: (-r.streak if r.in_membership else 1, r.engaged_today))
    return rows


# --- Membership reports ---------------------------------------------------------------------

#: What the reports, their files and the rules read of an enrollment and its student.
REPORT_FIELDS = (
    *(f.name for f in Enrollment._meta.concrete_fields if not f.is_relation),
    "program_id", "student", "teacher_id", "counselor_id",
    "student__ssid", "student__legal_first_name", "student__legal_last_name",
    "student__preferred_name", "student__date_of_birth", "student__has_secondary_diploma",
    "student__primary_school_id",
)  # fmt: skip


@dataclass(frozen=True)
class ProgramReport:
    program: Program
    students: list[StudentYear]
    summary: Summary


def program_reports(viewer: Viewer, school_year: int, through: date) -> list[ProgramReport]:
    first, last = school_year_bounds(school_year)
    programs = list(programs_visible_to(viewer).select_related("calendar", "lea").order_by("code"))
    by_pk = {p.pk: p for p in programs}
    enrollments = list(
        Enrollment.objects.filter(program__in=programs_visible_to(viewer))
        .filter(entry_on__lte=min(through, last))
        .filter(Q(exit_on__isnull=True) | Q(exit_on__gte=first))
        .select_related("student")
        .order_by("program__code", "student__legal_last_name", "pk")
        .only(*REPORT_FIELDS)  # a year's report reads every student of the LEA: no more
    )
    program_of = Enrollment.program.field.set_cached_value  # one Program per program, shared
    for e in enrollments:
        program_of(e, by_pk[e.program_id])
    results = compute(enrollments, school_year=school_year, through=through)
    by_program: dict[int, list[StudentYear]] = defaultdict(list)
    for r in results:
        by_program[r.enrollment.program_id].append(r)
    reports = []
    for program in programs:
        calendar = calendar_of(program)
        end = min(through, last)
        session = calendar.school_days_between(first - timedelta(days=1), end)
        rows = by_program.get(program.pk, [])
        rules = rows[0].rules if rows else rules_for(end)
        reports.append(
            ProgramReport(program, rows, summarize([r.member_days for r in rows], session, rules))
        )
    return reports


def counted(row: StudentYear, session: int) -> Decimal:
    """A student's counted days (capped, prorated) on a calendar of ``session`` days."""
    return counted_days(row.member_days, session, row.rules)


# --- The SIS adjustments ----------------------------------------------------------------------


@dataclass(frozen=True)
class Adjustment:
    enrollment: Enrollment
    left_on: date  # first school day out of membership
    returned_on: date | None
    silent_days: tuple[date, ...]


def adjustments(viewer: Viewer, school_year: int, through: date) -> list[Adjustment]:
    """Who left membership on which date and who came back: the records to adjust in the SIS
    (004 E.4). SOEP course records are not here: they carry School Membership Days 0."""
    out = []
    for report in program_reports(viewer, school_year, through):
        for row in report.students:
            for gap in row.gaps:
                out.append(
                    Adjustment(row.enrollment, gap.left_on, gap.returned_on, gap.silent_days)
                )
    out.sort(key=lambda a: (a.left_on, a.enrollment.program.code, a.enrollment.pk))
    return out


# --- Continued-enrollment checks ------------------------------------------------------------


@dataclass(frozen=True)
class CheckRow:
    enrollment: Enrollment
    last_check: date | None
    status: CheckStatus


def checks(viewer: Viewer, as_of: date, *, overdue_only: bool = False) -> list[CheckRow]:
    qs = (
        enrollments_visible_to(viewer)
        .filter(entry_on__lte=as_of)
        .filter(Q(exit_on__isnull=True) | Q(exit_on__gte=as_of))
        .annotate(last_check=Max("checks__checked_on"))
    )
    rules = rules_for(as_of)
    rows = []
    for e in qs.order_by("program__code", "student__legal_last_name", "pk"):
        status = check_status(
            calendar_of(e.program), Span(e.entry_on, e.exit_on), e.last_check, rules, as_of=as_of
        )
        if overdue_only and not status.overdue:
            continue
        rows.append(CheckRow(e, e.last_check, status))
    return rows


# --- Why (not) in membership on a date --------------------------------------------------------


def why_on(viewer: Viewer, enrollment_id: int, day: date) -> tuple[Enrollment, Answer] | None:
    """ "Why is this student (not) in membership on ``day``?" (None: not the viewer's)."""
    enrollment = enrollments_visible_to(viewer).filter(pk=enrollment_id).first()
    if enrollment is None:
        return None
    return enrollment, why_for(enrollment, day)


def why_for(enrollment: Enrollment, day: date) -> Answer:
    """The answer for one enrollment (unscoped: the console's and the scoped readers')."""
    calendar = calendar_of(enrollment.program)
    span = Span(enrollment.entry_on, enrollment.exit_on)
    rows = compute([enrollment], school_year=school_year_of(day), through=day)
    rules = rows[0].rules if rows else rules_for(day)
    result = rows[0].result if rows else None
    if result is None:  # outside the school year's enrollment, or home and hospital
        result = membership(calendar, span, [], rules, through=day)
    return why(
        day,
        calendar=calendar,
        span=span,
        result=result,
        problems=rows[0].problems if rows else (),
        rules=rules,
        weeks=rows[0].weeks if rows else None,
    )


def events_of(enrollment: Enrollment) -> QuerySet[EngagementEvent]:
    return enrollment.events.order_by("-on", "-pk")
