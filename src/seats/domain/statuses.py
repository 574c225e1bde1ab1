"""CCA statuses (SPEC 3.1) and their attributes.

Every fact about a status lives here once: its label as SEATS shows it, its stage, the credit it
carries, whether it counts against a provider's completion rate and toward the student's credit
limit, and the document it requires. The moves between statuses live in ``lifecycle.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    PRE_ENROLLMENT = "pre_enrollment"
    ENROLLMENT = "enrollment"
    CLOSEOUT = "closeout"


class Credit(StrEnum):
    """The credit a closeout status awards."""

    NONE = "none"
    QUARTER = "quarter"  # 0.25 of a 0.5-credit course
    ALL = "all"
    PENDING = "pending"  # not decided yet (open or temporary statuses)


class Completion(StrEnum):
    """How a status counts in the provider's completion rate (SPEC 7)."""

    NOT_COUNTED = "not_counted"
    AGAINST = "against"  # counts as not completed
    TIMELY = "timely"
    EXTENDED = "extended"


class Document(StrEnum):
    """Documents a provider must keep for a move (SPEC 3.2)."""

    WITHDRAWAL_REQUEST = "written_withdrawal_request"
    DISCIPLINE_RECORD = "discipline_record"


class Status(StrEnum):
    PENDING_EXECUTION = "pending_execution"
    REJECTED_BY_LEA = "rejected_by_lea"
    REJECTED_PROVIDER = "rejected_provider"
    REJECTED_BY_STATE = "rejected_by_state"
    CANCELLED_BY_LEA = "cancelled_by_lea"
    ENROLLMENT_COMPLETE = "enrollment_complete"
    CONFIRMED = "confirmed"
    LOSS_OF_ELIGIBILITY_WITHIN_20 = "loss_of_eligibility_within_20"
    STUDENT_WITHDRAWAL_WITHIN_20 = "student_withdrawal_within_20"
    NOT_CONFIRMED_CLOSED = "not_confirmed_closed"
    LOSS_OF_ELIGIBILITY_AFTER_20 = "loss_of_eligibility_after_20"
    LOSS_OF_ELIGIBILITY_QUARTER = "loss_of_eligibility_quarter_earned"
    STUDENT_WITHDRAWAL_AFTER_20 = "student_withdrawal_after_20"
    ADMINISTRATIVE_WITHDRAWAL = "administrative_withdrawal"
    ADMINISTRATIVE_WITHDRAWAL_QUARTER = "administrative_withdrawal_quarter_earned"
    DISCIPLINARY_WITHDRAWAL = "disciplinary_withdrawal"
    DISCIPLINARY_WITHDRAWAL_QUARTER = "disciplinary_withdrawal_quarter_earned"
    COMPLETED_GRADE_TOO_LOW = "completed_grade_too_low"
    FAILED_TO_COMPLETE = "failed_to_complete"
    QUARTER_EARNED_NOT_PASSING = "quarter_earned_not_passing"
    ANTICIPATED_LATE_PASS = "anticipated_late_pass"
    PASS_ALL_COMPLETE = "pass_all_complete"
    LATE_PASS = "late_pass"

    @property
    def info(self) -> StatusInfo:
        return STATUS_INFO[self]

    @property
    def label(self) -> str:
        return STATUS_INFO[self].label


@dataclass(frozen=True, slots=True)
class StatusInfo:
    label: str
    stage: Stage
    rank: float  # forward order: a move never lowers it, except a state correction
    credit: Credit = Credit.PENDING
    completion: Completion = Completion.NOT_COUNTED
    terminal: bool = False
    counts_toward_credit_limit: bool = True
    paid_through_confirmed: bool = False  # a status past Confirmed (the payment path)
    document: Document | None = None
    final_grade_required: bool = False
    half_credit_only: bool = False  # ".25 earned" statuses apply to 0.5-credit courses


_PRE = Stage.PRE_ENROLLMENT
_ENR = Stage.ENROLLMENT
_OUT = Stage.CLOSEOUT


def _rejection(label: str) -> StatusInfo:
    return StatusInfo(label, _PRE, 1, Credit.NONE, terminal=True, counts_toward_credit_limit=False)


def _closed_early(label: str) -> StatusInfo:
    """A closeout from Enrollment Complete: no credit, not paid, not counted anywhere."""
    return StatusInfo(label, _OUT, 4, Credit.NONE, terminal=True, counts_toward_credit_limit=False)


def _after_confirmed(
    label: str, credit: Credit, completion: Completion, **kw: object
) -> StatusInfo:
    return StatusInfo(
        label, _OUT, 4, credit, completion, terminal=True, paid_through_confirmed=True, **kw
    )


_N, _Q, _A = Credit.NONE, Credit.QUARTER, Credit.ALL
_NC, _AG = Completion.NOT_COUNTED, Completion.AGAINST

STATUS_INFO: dict[Status, StatusInfo] = {
    Status.PENDING_EXECUTION: StatusInfo("Pending Execution", _PRE, 0),
    Status.REJECTED_BY_LEA: _rejection("Rejected by LEA"),
    Status.REJECTED_PROVIDER: _rejection("Rejected Provider"),
    Status.REJECTED_BY_STATE: _rejection("Rejected by State"),
    Status.CANCELLED_BY_LEA: StatusInfo(
        "Cancelled by LEA", _PRE, 2, Credit.NONE, terminal=True, counts_toward_credit_limit=False
    ),
    Status.ENROLLMENT_COMPLETE: StatusInfo("Enrollment Complete", _ENR, 2),
    Status.CONFIRMED: StatusInfo("Confirmed", _ENR, 3, paid_through_confirmed=True),
    Status.LOSS_OF_ELIGIBILITY_WITHIN_20: _closed_early(
        "Loss of Eligibility within first 20 school days"
    ),
    Status.STUDENT_WITHDRAWAL_WITHIN_20: _closed_early(
        "Student Withdrawal within first 20 school days"
    ),
    Status.NOT_CONFIRMED_CLOSED: _closed_early("Not Confirmed Closed"),
    Status.LOSS_OF_ELIGIBILITY_AFTER_20: _after_confirmed(
        "Loss of Eligibility after 20 school days: no credit earned", _N, _NC
    ),
    Status.LOSS_OF_ELIGIBILITY_QUARTER: _after_confirmed(
        "Loss of Eligibility: .25 earned, cancel remainder", _Q, _NC, half_credit_only=True
    ),
    Status.STUDENT_WITHDRAWAL_AFTER_20: _after_confirmed(
        "Student Withdrawal after 20 school days: no credit earned",
        _N,
        _NC,
        document=Document.WITHDRAWAL_REQUEST,
    ),
    Status.ADMINISTRATIVE_WITHDRAWAL: _after_confirmed(
        "Administrative Withdrawal: no credit earned after initial activity", _N, _NC
    ),
    Status.ADMINISTRATIVE_WITHDRAWAL_QUARTER: _after_confirmed(
        "Administrative Withdrawal: .25 earned, cancel remainder", _Q, _NC, half_credit_only=True
    ),
    Status.DISCIPLINARY_WITHDRAWAL: _after_confirmed(
        "Disciplinary Withdrawal: no credit earned", _N, _NC, document=Document.DISCIPLINE_RECORD
    ),
    Status.DISCIPLINARY_WITHDRAWAL_QUARTER: _after_confirmed(
        "Disciplinary Withdrawal: .25 earned, cancel remainder",
        _Q,
        _NC,
        document=Document.DISCIPLINE_RECORD,
        half_credit_only=True,
    ),
    Status.COMPLETED_GRADE_TOO_LOW: _after_confirmed(
        "Completed Course: grade too low to earn credit (F)", _N, _AG, final_grade_required=True
    ),
    Status.FAILED_TO_COMPLETE: _after_confirmed(
        "Failed to Complete Course: no credit earned (I, NG)", _N, _AG, final_grade_required=True
    ),
    Status.QUARTER_EARNED_NOT_PASSING: _after_confirmed(
        ".25 Earned Not Passing Remainder: grade too low to earn full credit",
        _Q,
        _AG,
        final_grade_required=True,
        half_credit_only=True,
    ),
    Status.ANTICIPATED_LATE_PASS: StatusInfo(
        "Anticipated Late Pass", _OUT, 3.5, Credit.PENDING, paid_through_confirmed=True
    ),
    Status.PASS_ALL_COMPLETE: _after_confirmed(
        "Pass All Complete", _A, Completion.TIMELY, final_grade_required=True
    ),
    Status.LATE_PASS: _after_confirmed(
        "Late Pass", _A, Completion.EXTENDED, final_grade_required=True
    ),
}


def rank(status: Status) -> float:
    """Position in the one-way lifecycle; a forward move never lowers it."""
    return STATUS_INFO[status].rank


def statuses_where(predicate: object) -> frozenset[Status]:
    """All statuses whose info satisfies ``predicate`` (a callable on StatusInfo)."""
    return frozenset(s for s in Status if predicate(STATUS_INFO[s]))  # type: ignore[operator]


TERMINAL = statuses_where(lambda i: i.terminal)
OPEN = frozenset(Status) - TERMINAL
CLOSEOUT = statuses_where(lambda i: i.stage is Stage.CLOSEOUT)
PAID_THROUGH_CONFIRMED = statuses_where(lambda i: i.paid_through_confirmed)
COUNTS_TOWARD_CREDIT_LIMIT = statuses_where(lambda i: i.counts_toward_credit_limit)
FINAL_GRADE_STATUSES = statuses_where(lambda i: i.final_grade_required)
HALF_CREDIT_ONLY = statuses_where(lambda i: i.half_credit_only)
#: Passing closeouts whose transcript and credit finish the CCA.
PASSING = frozenset({Status.PASS_ALL_COMPLETE, Status.LATE_PASS})
#: Statuses that must be reached by the June 30 closeout (SPEC 3.1): anything still open is overdue.
NEEDS_CLOSEOUT = frozenset({Status.ENROLLMENT_COMPLETE, Status.CONFIRMED})

assert set(STATUS_INFO) == set(Status), "every status needs its info"


def credit_earned(status: Status, credit_attempted: float) -> float | None:
    """The credit a closeout status awards for a course of ``credit_attempted`` credits."""
    credit = STATUS_INFO[status].credit
    if credit is Credit.NONE:
        return 0.0
    if credit is Credit.QUARTER:
        return 0.25
    if credit is Credit.ALL:
        return credit_attempted
    return None
