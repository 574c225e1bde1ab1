"""The daily sweep (`seats sweep`): time-driven work, idempotent, set-based.

1. Issue the state's Notice of Enrollment where the provider accepted and the LEA's window
   passed (in batches through the lifecycle rules, so each gets its history and notices).
2. Raise overdue flags with one INSERT ... SELECT per kind, and clear flags whose work is done.
3. Queue a reminder the business day before each deadline, straight into the outbox.

Every statement is keyed (unique flags, unique notice dedupe keys), so a second run on the same
day changes nothing. The stored deadline columns and partial indexes keep each statement cheap
at a million CCAs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, models, transaction
from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat, JSONObject, Now

from seats.domain.errors import DomainError
from seats.domain.lifecycle import check_move
from seats.domain.notices import DEADLINE_AUDIENCE, Audience, NoticeKind
from seats.domain.roles import Party
from seats.domain.statuses import FINAL_GRADE_STATUSES, PAID_THROUGH_CONFIRMED, TERMINAL, Status

from ..models import CCA, Decision, FlagKind, Notice, OverdueFlag
from .actors import Actor
from .calendars import business_calendar
from .extensions import run_lea_approval
from .facts import move_facts
from .lifecycle import apply_move
from .memo import reference_data_memoized

BATCH = 500
_S = Status
_CLOSED_PAID = [s.value for s in (TERMINAL & PAID_THROUGH_CONFIRMED & FINAL_GRADE_STATUSES)]
_IN_COURSE = [_S.ENROLLMENT_COMPLETE.value, _S.CONFIRMED.value, _S.ANTICIPATED_LATE_PASS.value]

#: What is open for each deadline column: the CCAs whose work for it is not done yet.
OPEN_WORK: dict[str, Q] = {
    "lea_decision_due": Q(status=_S.PENDING_EXECUTION, lea_decision=""),
    "provider_decision_due": Q(
        status=_S.PENDING_EXECUTION, provider_decision="", local_registration_complete=True
    ),
    "iep_forwarding_due": Q(
        iep_forwarded_on__isnull=True, status__in=[_S.PENDING_EXECUTION, *_IN_COURSE]
    ),
    "confirmation_due": Q(status=_S.ENROLLMENT_COMPLETE),
    "administrative_withdrawal_due": Q(status__in=[_S.CONFIRMED, _S.ANTICIPATED_LATE_PASS]),
    "transcript_due": Q(transcript_issued_on__isnull=True, status__in=_CLOSED_PAID),
    "closeout_date": Q(status__in=[_S.ENROLLMENT_COMPLETE, _S.CONFIRMED]),
    "late_pass_final_due": Q(status=_S.ANTICIPATED_LATE_PASS),
}

#: Overdue flag kind -> the deadline column it watches.
FLAG_COLUMNS: dict[str, str] = {
    FlagKind.PROVIDER_DECISION: "provider_decision_due",
    FlagKind.IEP_FORWARDING: "iep_forwarding_due",
    FlagKind.CONFIRMATION: "confirmation_due",
    FlagKind.ADMINISTRATIVE_WITHDRAWAL: "administrative_withdrawal_due",
    FlagKind.TRANSCRIPT: "transcript_due",
    FlagKind.CLOSEOUT: "closeout_date",
    FlagKind.LATE_PASS: "late_pass_final_due",
    FlagKind.NOTICE_WITHHELD: "lea_decision_due",
}
#: A kind whose open work is narrower than its column's: the decision window passed and the
#: provider accepted, yet no Notice of Enrollment could be issued (an approval hook refused the
#: deemed approval: a HOME request the appropriation cannot fund, R277-726-9(2)(b)).
FLAG_OPEN_WORK: dict[str, Q] = {
    FlagKind.NOTICE_WITHHELD: OPEN_WORK["lea_decision_due"]
    & Q(provider_decision=Decision.APPROVED),
}


def _open_work(kind: str, column: str) -> Q:
    return FLAG_OPEN_WORK.get(kind, OPEN_WORK[column])


@dataclass
class SweepReport:
    as_of: date
    notices_of_enrollment: int = 0
    #: window-expired requests an LEA approval hook refused (a HOME request the appropriation
    #: cannot fund, R277-726-9(2)(b)): no notice, still pending for the state's decision
    deemed_approvals_refused: int = 0
    flags_raised: dict[str, int] = field(default_factory=dict)
    flags_cleared: int = 0
    reminders: int = 0
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        raised = ", ".join(f"{k} {v}" for k, v in self.flags_raised.items() if v) or "none"
        out = [
            f"Sweep as of {self.as_of.isoformat()}:",
            f"  Notices of Enrollment issued: {self.notices_of_enrollment}",
            f"  Deemed approvals refused (left pending): {self.deemed_approvals_refused}",
            f"  Overdue flags raised: {raised}",
            f"  Overdue flags cleared: {self.flags_cleared}",
            f"  Deadline reminders queued: {self.reminders}",
        ]
        out += [f"  Skipped: {s}" for s in self.skipped]
        return out


def run_sweep(*, as_of: date) -> SweepReport:
    report = SweepReport(as_of=as_of)
    issue_due_notices(as_of, report)
    with transaction.atomic():
        raise_flags(as_of, report)
        clear_flags(as_of, report)
        queue_reminders(as_of, report)
    _refresh_flag_statistics(report)
    return report


#: Flags changed in one sweep past which the planner's picture of the table is refreshed now,
#: not whenever autovacuum gets to it: the compliance and LEA pages read these rows next morning.
ANALYZE_AFTER = 1000


def _refresh_flag_statistics(report: SweepReport) -> None:
    changed = sum(report.flags_raised.values()) + report.flags_cleared
    if changed >= ANALYZE_AFTER and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {OverdueFlag._meta.db_table}")


# --- 1. Notices of Enrollment ---------------------------------------------------------------


def _noe_candidates(as_of: date) -> QuerySet[CCA]:
    waiting = Q(lea_decision="", lea_decision_due__lt=as_of) | Q(lea_decision=Decision.APPROVED)
    return CCA.objects.filter(
        Q(status=_S.PENDING_EXECUTION, provider_decision=Decision.APPROVED) & waiting
    )


def issue_due_notices(as_of: date, report: SweepReport) -> None:
    """Issue each due notice through the lifecycle rules, a batch per transaction."""
    system = Actor.system()
    last_id = 0
    while True:
        with transaction.atomic(), reference_data_memoized():
            batch = list(
                _noe_candidates(as_of)
                .filter(pk__gt=last_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("student", "primary_lea", "provider", "primary_school")
                .order_by("pk")[:BATCH]
            )
            for cca in batch:
                last_id = cca.pk
                try:
                    with transaction.atomic():  # a refusal leaves nothing of this CCA
                        facts = move_facts(cca, party=Party.SYSTEM, as_of=as_of)
                        move = check_move(Status(cca.status), _S.ENROLLMENT_COMPLETE, facts)
                        if cca.lea_decision != Decision.APPROVED:
                            # the window passed: a deemed approval, checked like a decided one
                            run_lea_approval(cca=cca, actor=system, as_of=as_of)
                        apply_move(
                            cca, move, actor=system, as_of=as_of, details={"basis": cca_basis(cca)}
                        )
                    report.notices_of_enrollment += 1
                except DomainError as exc:
                    # stays Pending Execution, its decision flagged overdue; retried each sweep
                    report.skipped.append(f"CCA {cca.pk}: {exc}")
                    if cca.lea_decision != Decision.APPROVED:
                        report.deemed_approvals_refused += 1
        if len(batch) < BATCH:
            return


def cca_basis(cca: CCA) -> str:
    return "lea_approved" if cca.lea_decision == Decision.APPROVED else "lea_window_expired"


# --- 2. Overdue flags -------------------------------------------------------------------------


def _insert_select(model: type[models.Model], columns: dict[str, object], rows: QuerySet) -> int:
    """INSERT INTO model (columns) SELECT ... ON CONFLICT DO NOTHING, built by the ORM so the
    WHERE clause is the same Q as everywhere else. Returns the number of rows inserted."""
    aliases = {f"c{i}": expr for i, expr in enumerate(columns.values())}
    select = rows.order_by().annotate(**aliases).values_list(*aliases)
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql} ON CONFLICT DO NOTHING",
            params,
        )
        return max(cursor.rowcount, 0)


def raise_flags(as_of: date, report: SweepReport, *, scope: QuerySet[CCA] | None = None) -> None:
    """Raise a flag for each open piece of work past its deadline (of ``scope`` when given: a
    calendar recompute refreshes the flags of the CCAs it moved)."""
    ccas = CCA.objects.all() if scope is None else scope
    for kind, column in FLAG_COLUMNS.items():
        overdue = ccas.filter(_open_work(kind, column), **{f"{column}__lt": as_of})
        report.flags_raised[str(kind)] = _insert_select(
            OverdueFlag,
            {
                "cca": F("pk"),
                "kind": Value(str(kind)),
                "due_date": F(column),
                "raised_on": Value(as_of),
            },
            overdue,
        )


def clear_flags(as_of: date, report: SweepReport, *, scope: QuerySet[CCA] | None = None) -> None:
    """Clear (never delete) flags whose work is done or whose deadline moved out; with
    ``scope``, only flags of those CCAs, and the due date of a flag still overdue follows its
    (possibly moved) deadline."""
    for kind, column in FLAG_COLUMNS.items():
        still_overdue = CCA.objects.filter(_open_work(kind, column), **{f"{column}__lt": as_of})
        flags = OverdueFlag.objects.filter(kind=kind, cleared_on__isnull=True)
        if scope is not None:
            flags = flags.filter(cca__in=scope.values("pk"))
            flags.filter(cca__in=still_overdue.values("pk")).update(
                due_date=Subquery(CCA.objects.filter(pk=OuterRef("cca_id")).values(column)[:1])
            )
        report.flags_cleared += flags.exclude(cca__in=still_overdue.values("pk")).update(
            cleared_on=as_of
        )


# --- 3. Reminders -----------------------------------------------------------------------------


def reminder_window(as_of: date) -> tuple[date, date] | None:
    """Deadlines due after ``as_of`` up to the next business day get their reminder today (the
    business day before them); on a non-business day nothing is due for a reminder."""
    business = business_calendar()
    if not business.is_business_day(as_of):
        return None
    return as_of + timedelta(days=1), business.next_business_day(as_of)


_AUDIENCE_ORG = {Audience.PROVIDER: "provider_id", Audience.LEA: "primary_lea_id"}


def queue_reminders(as_of: date, report: SweepReport) -> None:
    window = reminder_window(as_of)
    if window is None:
        return
    first, last = window
    for column, audience in DEADLINE_AUDIENCE.items():
        if column not in OPEN_WORK:
            continue
        due = CCA.objects.filter(OPEN_WORK[column], **{f"{column}__range": (first, last)})
        report.reminders += _insert_select(
            Notice,
            {
                "kind": Value(NoticeKind.DEADLINE_REMINDER.value),
                "audience": Value(audience.value),
                "cca": F("pk"),
                "organisation": F(_AUDIENCE_ORG.get(audience, "provider_id")),
                "language": Value("en"),
                "context": JSONObject(deadline=Value(column), due=Cast(column, CharField())),
                "dedupe_key": Concat(
                    Value(f"reminder:{column}:"),
                    Cast("pk", CharField()),
                    Value(":"),
                    Cast(column, CharField()),
                    output_field=CharField(),
                ),
                "status": Value("pending"),
                "attempts": Value(0),
                "available_at": Now(),
                "claimed_by": Value(""),
                "last_error": Value(""),
                "created_at": Now(),
            },
            due,
        )
