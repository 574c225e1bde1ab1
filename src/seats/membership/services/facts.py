"""Core's and this app's records as the facts of the membership rules (set-based reads)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from django.db import connection

from seats.core.models import SchoolDay
from seats.core.services.memo import memoized
from seats.core.services.policy import policy_for
from seats.domain.calendars import SchoolCalendar, school_year_of
from seats.domain.membership.eligibility import Facts
from seats.domain.membership.rules import MembershipRules
from seats.domain.membership.tenday import Span

from ..models import EngagementEvent, Enrollment, Program


def calendar_of(program: Program) -> SchoolCalendar:
    """The program's school calendar (every loaded year); memoized inside a batch."""
    key = ("membership_calendar", program.calendar_id)

    def load() -> SchoolCalendar:
        days = SchoolDay.objects.filter(calendar_id=program.calendar_id).values_list(
            "date", flat=True
        )
        return SchoolCalendar.of(program.calendar.name, days)

    return memoized(key, load)


def rules_for(day: date) -> MembershipRules:
    return MembershipRules.of(policy_for(school_year_of(day), as_of=day))


def span_of(enrollment: Enrollment) -> Span:
    return Span(enrollment.entry_on, enrollment.exit_on)


def eligibility_of(enrollment: Enrollment) -> Facts:
    student = enrollment.student
    return Facts(
        date_of_birth=student.date_of_birth,
        has_diploma=student.has_secondary_diploma,
        has_certificate_of_completion=enrollment.has_certificate_of_completion,
        in_yic=enrollment.in_yic,
        utah_resident=enrollment.utah_resident,
        retained_senior=enrollment.retained_senior,
        enrolled_elsewhere=enrollment.enrolled_elsewhere,
        half_time_or_more=enrollment.half_time_or_more,
        pccr_consistent=enrollment.pccr_consistent,
        counselor_approved=enrollment.counselor_approved,
        regular_instruction=enrollment.regular_instruction,
        cte_offered_at_school=enrollment.cte_offered_at_school,
        cte_meets_requirement=enrollment.cte_meets_requirement,
    )


def event_days(enrollment_ids: Iterable[int], through: date) -> dict[int, list[date]]:
    """Each enrollment's distinct engagement days up to ``through`` (one query)."""
    out: dict[int, list[date]] = defaultdict(list)
    events = EngagementEvent.objects.filter(enrollment_id__in=list(enrollment_ids), on__lte=through)
    if connection.vendor == "postgresql":  # one row per enrollment, not one per event
        from django.contrib.postgres.aggregates import ArrayAgg

        grouped = (
            events.order_by()
            .values("enrollment_id")
            .annotate(days=ArrayAgg("on", distinct=True))
            .values_list("enrollment_id", "days")
        )
        for enrollment_id, days in grouped:
            out[enrollment_id] = days
        return out
    for enrollment_id, day in events.values_list("enrollment_id", "on").distinct():
        out[enrollment_id].append(day)
    return out


#: ``date.toordinal()`` in SQL: days since 0001-01-01, plus one.
_ORDINAL = "(\"on\" - DATE '0001-01-01' + 1)"


def event_ordinals(enrollment_ids: Sequence[int], through: date) -> dict[int, list[int]]:
    """Each enrollment's engagement days up to ``through`` as ordinals (``date.toordinal()``),
    in no order, possibly repeated: what a year's report of thousands of students reads. On
    PostgreSQL one row per enrollment with its days as one integer array (no date objects to
    build for millions of events), the ids passed as one array: each enrollment's events are
    read through the (enrollment, day) index, with no grouping of millions of rows (about a
    third faster than ``GROUP BY`` with ``array_agg``, and the same plan whatever the table's
    statistics say)."""
    if connection.vendor != "postgresql":
        return {
            k: [d.toordinal() for d in v] for k, v in event_days(enrollment_ids, through).items()
        }
    table = connection.ops.quote_name(EngagementEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id, ARRAY(SELECT {_ORDINAL} FROM {table} v "
            'WHERE v.enrollment_id = e.id AND v."on" <= %s) '
            "FROM unnest(%s::bigint[]) AS e(id)",
            [through, list(enrollment_ids)],
        )
        return {pk: days for pk, days in cursor.fetchall() if days}


def minutes_by_day(
    enrollment_ids: Iterable[int], through: date
) -> dict[int, list[tuple[date, int]]]:
    out: dict[int, list[tuple[date, int]]] = defaultdict(list)
    rows = EngagementEvent.objects.filter(
        enrollment_id__in=list(enrollment_ids), on__lte=through, minutes__isnull=False
    ).values_list("enrollment_id", "on", "minutes")
    for enrollment_id, day, minutes in rows:
        out[enrollment_id].append((day, minutes))
    return out
