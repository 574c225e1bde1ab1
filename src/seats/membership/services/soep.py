"""The SOEP link (issue 13, SPEC 5 and 9): engagement in a student's online course, sent by the
provider's LMS, sets the CCA's last activity date (core's ``record_activity``: the provider's
worklist and the counselor's dashboard show it and the days inactive), and, when the student is
enrolled in a program of their primary LEA, it is engagement evidence there too (membership
stays with the primary LEA; the SOEP course record itself carries School Membership Days 0).

Core does not import this module: this app calls core's service."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from seats.core.clock import today
from seats.core.selectors.access import Viewer, ccas_visible_to
from seats.core.services.enrollment import record_activity
from seats.core.services.guards import IN_COURSE
from seats.domain.errors import InvalidInput, NotPermitted
from seats.domain.membership.kinds import EventKind, event_problem
from seats.domain.roles import PROVIDER_ROLES

from ..models import EngagementEvent, Enrollment, Source
from .events import MAX_ROWS, SHOWN, BatchRejected, _day

LEARNER_KINDS = (EventKind.SYNCHRONOUS_ONLINE, EventKind.CONFERENCE, EventKind.ASSIGNMENT)


@dataclass(frozen=True)
class FeedResult:
    rows: int
    ccas_updated: int
    events_added: int
    duplicates: int


def provider_feed(*, viewer: Viewer, rows: Sequence[Any], as_of: date | None = None) -> FeedResult:
    """Items ``{cca_id, date, kind, external_id}``; checked whole, then written at once."""
    if viewer.role not in PROVIDER_ROLES:
        raise NotPermitted("Only the provider's staff send its LMS feed.", rule="SPEC 5")
    if not isinstance(rows, Sequence) or isinstance(rows, str | bytes) or len(rows) > MAX_ROWS:
        raise InvalidInput(f"events must be a list of at most {MAX_ROWS} rows.", field="events")
    as_of = as_of or today()
    ids = {
        r.get("cca_id") for r in rows if isinstance(r, dict) and isinstance(r.get("cca_id"), int)
    }
    ccas = {
        c.pk: c
        for c in ccas_visible_to(viewer)
        .filter(pk__in=ids, status__in=[s.value for s in IN_COURSE])
        .select_related("student")
    }
    problems: list[str] = []
    good: list[tuple[int, date, EventKind, str]] = []
    for i, raw in enumerate(rows):
        where = f"item {i}"
        if not isinstance(raw, dict):
            problems.append(f"{where}, row: expected an object")
            continue
        cca = ccas.get(raw.get("cca_id"))  # type: ignore[arg-type]
        day = _day(raw.get("date"))
        kind = raw.get("kind")
        external_id = raw.get("external_id")
        if cca is None:
            problems.append(f"{where}, cca_id: not one of your courses in progress")
        if day is None or day > as_of:
            problems.append(f"{where}, date: a past day as YYYY-MM-DD")
        if kind not in {k.value for k in LEARNER_KINDS}:
            problems.append(f"{where}, kind: one of {', '.join(k.value for k in LEARNER_KINDS)}")
        if not isinstance(external_id, str) or not 0 < len(external_id.strip()) <= 128:
            problems.append(f"{where}, external_id: the LMS's own event id is required")
        if cca is not None and day is not None and kind and isinstance(external_id, str):
            if cca.course_start_date and day < cca.course_start_date:
                problems.append(f"{where}, date: before the course started")
                continue
            good.append((cca.pk, day, EventKind(kind), external_id.strip()))
    if problems:
        raise BatchRejected(problems[: SHOWN * 20], total_rows=len(rows))
    latest: dict[int, date] = {}
    for cca_id, day, _kind, _id in good:
        latest[cca_id] = max(day, latest.get(cca_id, day))
    system = f"provider:{viewer.organisation.code}"[:64]
    students = {ccas[c].student_id for c, *_ in good}
    enrollments = list(
        Enrollment.objects.filter(student_id__in=students)
        .select_related("program")
        .filter(
            Q(exit_on__isnull=True) | Q(exit_on__gte=min((d for _, d, _, _ in good), default=as_of))
        )
    )
    new: list[EngagementEvent] = []
    now = timezone.now()
    for cca_id, day, kind, external_id in good:
        cca = ccas[cca_id]
        for e in enrollments:
            if (
                e.student_id == cca.student_id
                and e.program.lea_id == cca.primary_lea_id
                and e.entry_on <= day
                and (e.exit_on is None or day <= e.exit_on)
                and event_problem(e.program.program_kind, kind, None) is None
            ):
                new.append(
                    EngagementEvent(
                        enrollment=e,
                        lea_id=e.program.lea_id,
                        on=day,
                        kind=kind.value,
                        source=Source.PROVIDER_LMS.value,
                        source_system=system,
                        external_id=external_id,
                        cca_id=cca_id,
                        recorded_by=viewer.user,
                        recorded_by_role=viewer.role.value,
                        recorded_at=now,
                    )
                )
    with transaction.atomic():
        updated = sum(
            record_activity(actor=viewer.actor, cca_id=c, last_activity=d, as_of=as_of)
            for c, d in sorted(latest.items())
        )
        known = set(
            EngagementEvent.objects.filter(
                source_system=system, external_id__in=[e.external_id for e in new]
            ).values_list("lea_id", "external_id")
        )
        fresh = [e for e in new if (e.lea_id, e.external_id) not in known]
        created = EngagementEvent.objects.bulk_create(fresh, ignore_conflicts=True)
    return FeedResult(len(rows), updated, len(created), len(new) - len(created))
