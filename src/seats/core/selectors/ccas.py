"""Reading CCAs for people: the request queue (SPEC 5, the SEATS request table) and one CCA's
timeline with what is due next. Every query starts from the viewer's scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from seats.domain.deadlines import Deadline, Standing, standing
from seats.domain.disclosure import NOTE_ACTIONS, NOTE_FIELDS, may_read_note
from seats.domain.names import name_key
from seats.domain.progress import days_inactive_over
from seats.domain.roles import Role
from seats.domain.statuses import FINAL_GRADE_STATUSES, PAID_THROUGH_CONFIRMED, TERMINAL, Status

from ..models import CCA, CCAHistory, CourseOffering, Student
from ..services.facts import compute_for
from ..services.policy import policy_for
from .access import Viewer, ccas_visible_to

#: Sortable columns of the queue: public name -> model field.
SORTS = {
    "submitted": "submitted_at",
    "student": "student__legal_last_name",
    "session": "session",
    "course": "offering__provider_title",
    "credit": "credit_attempted",
    "provider": "provider__name",
    "status": "status",
}
PAGE_SIZES = (10, 25, 50, 100)


@dataclass(frozen=True)
class QueueQuery:
    status: str = ""
    school_year: int | None = None
    search: str = ""
    sort: str = "-submitted"


def search_filter(term: str) -> Q:
    """Students by name prefix (the CCA's stored search copies of the names) or SSID, courses
    by code or title. The names and keys come from the queue index itself; the SSID and the
    courses are small hashed look-ups (one unique student, a catalog of a thousand offerings),
    so a search never reads each CCA's student."""
    key = name_key(term)
    students = Student.objects.filter(ssid=term).values("pk")
    offerings = CourseOffering.objects.filter(
        Q(core_code=term) | Q(provider_title__icontains=term)
    ).values("pk")
    return (
        Q(search_last_name__startswith=key)
        | Q(search_first_name__startswith=key)
        | Q(student_id__in=students)
        | Q(offering_id__in=offerings)
    )


class PageByKeys:
    """A queue for Django's Paginator that reads a page in two steps: the page's keys (the
    covering queue indexes carry the student and course keys, so the rows a search throws away
    are never read), then those rows with their related records. One query more than a plain
    slice, and never one per row."""

    def __init__(self, rows: QuerySet[CCA]) -> None:
        self.rows = rows

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[CCA]:
        keys = list(self.rows.values_list("pk", flat=True)[window])
        found = self.rows.order_by().in_bulk(keys)
        return [found[k] for k in keys if k in found]


def queue(viewer: Viewer, query: QueueQuery) -> QuerySet[CCA]:
    """The viewer's CCAs, filtered, searched and sorted; related rows fetched in the same query."""
    rows = ccas_visible_to(viewer).select_related(
        "student", "offering", "provider", "counselor", "primary_school"
    )
    if query.status:
        rows = rows.filter(status=query.status)
    if query.school_year:
        rows = rows.filter(school_year=query.school_year)
    term = query.search.strip()
    if term:
        rows = rows.filter(search_filter(term))
    field = SORTS.get(query.sort.lstrip("-"), "submitted_at")
    descending = query.sort.startswith("-")
    return rows.order_by(f"-{field}" if descending else field, "-pk" if descending else "pk")


_CLOSED_PAID = TERMINAL & PAID_THROUGH_CONFIRMED & FINAL_GRADE_STATUSES
_IN_COURSE = {Status.ENROLLMENT_COMPLETE, Status.CONFIRMED, Status.ANTICIPATED_LATE_PASS}

#: Whether a deadline still asks for work, per CCA. Mirrors seats.core.services.sweep.OPEN_WORK
#: (SQL for the sweep); tests/core/test_timeline.py proves the two agree on every demo CCA.
OPEN: dict[str, Callable[[CCA], bool]] = {
    "lea_decision_due": lambda c: c.status == Status.PENDING_EXECUTION and not c.lea_decision,
    "provider_decision_due": lambda c: (
        c.status == Status.PENDING_EXECUTION
        and not c.provider_decision
        and c.local_registration_complete
    ),
    "iep_forwarding_due": lambda c: (
        c.iep_forwarded_on is None and Status(c.status) in {Status.PENDING_EXECUTION, *_IN_COURSE}
    ),
    "confirmation_due": lambda c: c.status == Status.ENROLLMENT_COMPLETE,
    "administrative_withdrawal_due": lambda c: (
        Status(c.status) in {Status.CONFIRMED, Status.ANTICIPATED_LATE_PASS}
    ),
    "transcript_due": lambda c: c.transcript_issued_on is None and Status(c.status) in _CLOSED_PAID,
    "closeout": lambda c: Status(c.status) in {Status.ENROLLMENT_COMPLETE, Status.CONFIRMED},
    "late_pass_final_due": lambda c: c.status == Status.ANTICIPATED_LATE_PASS,
    "lea_cancellation_due": lambda c: c.status == Status.ENROLLMENT_COMPLETE,
    "correction_request_due": lambda c: (
        c.status == Status.NOT_CONFIRMED_CLOSED and c.correction_requested_on is None
    ),
}


@dataclass(frozen=True)
class DueItem:
    deadline: Deadline
    standing: str  # seats.domain.deadlines.Standing

    @property
    def open(self) -> bool:
        """Someone still has a duty to act on it (an optional right is never work)."""
        return self.standing in (Standing.OPEN, Standing.OVERDUE)

    @property
    def overdue(self) -> bool:
        """A duty someone failed to do by its date."""
        return self.standing == Standing.OVERDUE

    @property
    def may(self) -> bool:
        """An optional right still available: "may ... until" the date, never red."""
        return self.standing == Standing.MAY


def due_items(cca: CCA, today: date) -> list[DueItem]:
    """Every deadline of the CCA with where it stands: a duty open or overdue, a right that may
    still be used, or nothing left to do."""
    items = []
    for key, deadline in compute_for(cca).items():
        is_open = OPEN.get(key, lambda c: False)(cca)
        items.append(DueItem(deadline, standing(key, deadline.due, today, open_work=is_open)))
    return items


def timeline(cca: CCA, *, reader: Role | None) -> list[CCAHistory]:
    """The CCA's history as this reader may see it: without the counselor's note for a reader
    who gets only the SEOP/PCCR answer (``domain.disclosure``). The entries are not saved."""
    entries = list(CCAHistory.objects.filter(cca=cca).select_related("actor").order_by("seq"))
    if not may_read_note(reader):
        for entry in entries:
            if entry.action in NOTE_ACTIONS:
                entry.reason = ""
            if isinstance(entry.details, dict):
                entry.details = {k: v for k, v in entry.details.items() if k not in NOTE_FIELDS}
    return entries


def acting_organisation(role_name: str, cca: CCA, state: list[str]) -> str:
    """The organisation a role acted for on this CCA: the services' authority checks make a
    counselor act for the CCA's primary school, an approver for its primary LEA, provider staff
    for its provider and state staff for the state. Empty for a family member or the system.
    ``state`` caches the state organisation's name for a page (read once, only if needed)."""
    from seats.domain.roles import ROLE_PARTY, Party

    from ..models import Organisation

    try:
        party = ROLE_PARTY[Role(role_name)]
    except ValueError:
        return ""
    if party is Party.SCHOOL:
        return cca.primary_school.name if cca.primary_school else ""
    if party is Party.LEA:
        return cca.primary_lea.name
    if party is Party.PROVIDER:
        return cca.provider.name
    if party is Party.STATE or party is None:  # the auditor reads for the state
        if not state:
            found = Organisation.objects.filter(kind="state").order_by("pk").first()
            state.append(found.name if found else "")
        return state[0]
    return ""


def suggested_intent_days(cca: CCA, today: date) -> int | None:
    """The days a Confirmed CCA's student has been inactive, when they pass the policy's
    ``inactivity_days`` and no notice of intent is pending: the provider is then shown a
    suggested notice of intent to withdraw (001 "Notification of intent"; SPEC 5)."""
    if cca.status != Status.CONFIRMED or cca.intent_to_withdraw_sent_on is not None:
        return None
    limit = policy_for(cca.school_year).inactivity_days
    return days_inactive_over(cca.last_activity_on, today=today, limit=limit)
