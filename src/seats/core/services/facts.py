"""Translate a stored CCA into the plain facts the domain rules read, and store the deadlines the
rules compute back on the CCA (so the daily sweep can find overdue work with indexed SQL)."""

from __future__ import annotations

from datetime import date

from seats.domain.calendars import SchoolCalendar
from seats.domain.deadlines import Deadline, DeadlineFacts, compute_deadlines, fixed_date
from seats.domain.lifecycle import MoveFacts, NoeBasis
from seats.domain.roles import Party
from seats.domain.statuses import Status
from seats.domain.windows import WithdrawalWindow, has_second_half

from ..models import CCA
from .calendars import business_calendar, school_calendar_for
from .policy import policy_for

#: CCA column <- deadline key (compute_deadlines); the sweep reads these columns.
DEADLINE_COLUMNS = {
    "lea_decision_due": "lea_decision_due",
    "provider_decision_due": "provider_decision_due",
    "lea_cancellation_due": "lea_cancellation_due",
    "iep_forwarding_due": "iep_forwarding_due",
    "withdrawal_period_end": "withdrawal_period_end",
    "census_date": "census_day",
    "confirmation_due": "confirmation_due",
    "second_half_start": "second_half_start",
    "second_withdrawal_period_end": "second_withdrawal_period_end",
    "second_census_date": "second_census_day",
    "second_withdrawal_record_by": "second_withdrawal_record_by",
    "correction_request_due": "correction_request_due",
    "administrative_withdrawal_due": "administrative_withdrawal_due",
    "transcript_due": "transcript_due",
    "closeout_date": "closeout",
    "late_pass_final_due": "late_pass_final_due",
}

_EMPTY = SchoolCalendar("no school calendar needed yet")


def deadline_facts(cca: CCA) -> DeadlineFacts:
    student = cca.student
    return DeadlineFacts(
        submitted=cca.submitted_on,
        school_year=cca.school_year,
        local_registration_completed=cca.local_registration_completed_on,
        local_registration_pending=not cca.local_registration_complete,
        provider_accepted=cca.provider_accepted_on,
        needs_iep_forwarding=student.has_iep or student.has_504,
        notice_of_enrollment=cca.noe_date,
        noe_issued_by_state=cca.noe_basis == NoeBasis.LEA_WINDOW_EXPIRED,
        course_start=cca.course_start_date,
        full_credit_course=has_second_half(cca.credit_attempted),
        second_half_start=cca.second_half_start if cca.second_half_start_entered else None,
        completed=cca.completion_date,
        grade=student.grade,
        transcript_due_set=cca.transcript_due_set,
        late_pass=cca.status in (Status.ANTICIPATED_LATE_PASS, Status.LATE_PASS),
        not_confirmed_closed=cca.not_confirmed_closed_on,
        intent_to_withdraw_sent=cca.intent_to_withdraw_sent_on,
    )


def compute_for(cca: CCA) -> dict[str, Deadline]:
    """Every deadline of the CCA, loading only the calendars its facts need."""
    facts = deadline_facts(cca)
    needs_school_days = facts.course_start is not None
    provider_calendar = (
        school_calendar_for(cca.provider, around=facts.course_start)  # type: ignore[arg-type]
        if needs_school_days
        else _EMPTY
    )
    lea_calendar = None
    if facts.provider_accepted and facts.needs_iep_forwarding:
        lea_calendar = school_calendar_for(
            cca.primary_school or cca.primary_lea, around=facts.provider_accepted
        )
    return compute_deadlines(
        facts,
        business=business_calendar(),
        provider_calendar=provider_calendar,
        lea_calendar=lea_calendar,
        policy=policy_for(cca.school_year, as_of=cca.submitted_on),
    )


def refresh_deadlines(cca: CCA, *, unless_unchanged: DeadlineFacts | None = None) -> list[str]:
    """Recompute and assign the deadline columns; return the names of the columns that changed.

    With ``unless_unchanged`` (the facts before a change), nothing is recomputed when the change
    left every fact the deadlines depend on as it was: most moves touch none of them.
    """
    if unless_unchanged is not None and deadline_facts(cca) == unless_unchanged:
        return []
    computed = compute_for(cca)
    changed = []
    for column, key in DEADLINE_COLUMNS.items():
        value = computed[key].due if key in computed else None
        if column in ("closeout_date", "late_pass_final_due") and value is None:
            continue
        if getattr(cca, column) != value:
            setattr(cca, column, value)
            changed.append(column)
    return changed


def move_facts(cca: CCA, *, party: Party, as_of: date, **request: object) -> MoveFacts:
    """The facts the lifecycle guards need, from the CCA and the request (grade, document...)."""
    return MoveFacts(
        party=party,
        as_of=as_of,
        credit_attempted=cca.credit_attempted,
        has_ssid=bool(cca.student.ssid),
        has_teacher_of_record=cca.teacher_of_record_id is not None,
        course_start_date=cca.course_start_date,
        census_day=cca.census_date,
        provider_accepted=cca.provider_decision == "approved",
        lea_approved=cca.lea_decision == "approved",
        lea_decision_due=cca.lea_decision_due,
        noe_basis=NoeBasis(cca.noe_basis) if cca.noe_basis else None,
        lea_cancellation_due=cca.lea_cancellation_due,
        intent_to_withdraw_sent=cca.intent_to_withdraw_sent_on,
        not_confirmed_closed_on=cca.not_confirmed_closed_on,
        correction_requested_on=cca.correction_requested_on,
        correction_request_due=cca.correction_request_due,
        correction_denied_on=cca.correction_denied_on,
        closeout_date=cca.closeout_date,
        windows=withdrawal_windows(cca),
        late_pass_final_due=cca.late_pass_final_due,
        student_active=cca.intent_to_withdraw_sent_on is None,
        **request,  # type: ignore[arg-type]
    )


def anticipated_late_pass_from(cca: CCA) -> date:
    """The policy day of the school year's spring from which Anticipated Late Pass may be set
    (read only for that move: it costs the policy's query)."""
    policy = policy_for(cca.school_year, as_of=cca.submitted_on)
    return fixed_date(policy.anticipated_late_pass_from, cca.school_year + 1)


def withdrawal_windows(cca: CCA) -> tuple[WithdrawalWindow, ...]:
    """The CCA's withdrawal windows from its stored deadline columns (R277-726-2(19))."""
    out = []
    first = (cca.withdrawal_period_end, cca.census_date, cca.confirmation_due)
    if cca.course_start_date and all(first):
        opens = max(cca.course_start_date, cca.noe_date or cca.course_start_date)
        out.append(WithdrawalWindow("first", opens, *first))  # type: ignore[arg-type]
    second = (
        cca.second_half_start,
        cca.second_withdrawal_period_end,
        cca.second_census_date,
        cca.second_withdrawal_record_by,
    )
    if all(second):
        out.append(WithdrawalWindow("second", *second))  # type: ignore[arg-type]
    return tuple(out)
