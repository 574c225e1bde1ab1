"""The warning before the limit (issue 13): after ``warning_days`` (7) silent school days the
student's teacher and counselor get a notice through the core outbox, once per gap.

A gap is named by its first silent school day; ``MembershipWarning``'s unique key on
(enrollment, gap_started_on) and the notices' dedupe keys make a re-run sweep a no-op."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from seats.core.models import Notice, RoleMembership
from seats.domain.membership.kinds import ProgramKind
from seats.domain.membership.tenday import Span, silent_streak, warning_due
from seats.domain.notices import Audience, NoticeKind
from seats.domain.roles import Role

from ..models import Enrollment, MembershipWarning
from .facts import calendar_of, event_days, rules_for


@dataclass
class SweepReport:
    as_of: date
    checked: int = 0
    warned: int = 0
    notices: int = 0
    already_warned: int = 0
    lines: list[str] = field(default_factory=list)


def _counselors(enrollment: Enrollment) -> list[int]:
    if enrollment.counselor_id:
        return [enrollment.counselor_id]
    school = enrollment.student.primary_school_id
    return list(
        RoleMembership.objects.filter(organisation_id=school, role=Role.COUNSELOR.value)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _notices(enrollment: Enrollment, gap: date, due: date, now: datetime) -> list[Notice]:
    program = enrollment.program
    people = [("teacher", enrollment.teacher_id)] if enrollment.teacher_id else []
    people += [(Audience.COUNSELOR.value, uid) for uid in _counselors(enrollment)]
    return [
        Notice(
            kind=NoticeKind.MEMBERSHIP_WARNING.value,
            audience=audience,
            organisation_id=None,  # addressed to one person, not to an office's notices
            user_id=user_id,
            language="en",
            context={"course": program.name, "due": due.isoformat(), "enrollment": enrollment.pk},
            dedupe_key=f"membership_warning:{enrollment.pk}:{gap.isoformat()}:{user_id}"[:200],
            available_at=now,
        )
        for audience, user_id in people
    ]


def send_warnings(*, as_of: date, now: datetime | None = None) -> SweepReport:
    """Warn about every open enrollment at or past the warning day (and not yet out). One
    transaction per warning, so a failure leaves the others sent."""
    now = now or timezone.now()
    rules = rules_for(as_of)
    report = SweepReport(as_of)
    enrollments = list(
        Enrollment.objects.filter(entry_on__lte=as_of)
        .filter(Q(exit_on__isnull=True) | Q(exit_on__gte=as_of))
        .exclude(program__kind=ProgramKind.HOME_HOSPITAL)
        .select_related("program", "program__calendar", "student")
    )
    days = event_days([e.pk for e in enrollments], as_of)
    warned = set(
        MembershipWarning.objects.filter(enrollment__in=enrollments).values_list(
            "enrollment_id", "gap_started_on"
        )
    )
    for enrollment in enrollments:
        calendar = calendar_of(enrollment.program)
        if not calendar.is_school_day(as_of):
            continue
        report.checked += 1
        span = Span(enrollment.entry_on, enrollment.exit_on)
        streak, started = silent_streak(calendar, span, days.get(enrollment.pk, []), as_of)
        if started is None or not warning_due(streak, rules):
            continue
        if (enrollment.pk, started) in warned:
            report.already_warned += 1
            continue
        due = calendar.add_school_days(started - timedelta(days=1), rules.gap_days)
        try:
            with transaction.atomic():
                MembershipWarning.objects.create(
                    enrollment=enrollment,
                    gap_started_on=started,
                    silent_days=streak,
                    last_member_day=due,
                    sent_at=now,
                )
                rows = _notices(enrollment, started, due, now)
                Notice.objects.bulk_create(rows, ignore_conflicts=True)
        except IntegrityError:  # a sweep running at the same time sent it
            report.already_warned += 1
            continue
        report.warned += 1
        report.notices += len(rows)
        report.lines.append(
            f"enrollment {enrollment.pk}: {streak} silent school days since "
            f"{started.isoformat()}; in membership through {due.isoformat()}"
        )
    return report
