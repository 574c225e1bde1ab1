"""The guards of the CCA status machine: named conditions a move must meet (SPEC 3.1-3.3).

``lifecycle.MOVES`` says which move needs which guard; each guard here reads only ``MoveFacts``
(plain values the core gathers from the stored CCA and the request) and returns why it fails, or
None. A failed guard's ``rule`` names the rule and its message names the dates involved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .roles import Party
from .statuses import Document
from .windows import WithdrawalWindow

PASSING_GRADES = frozenset({"A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "P"})
FAILING_GRADE = "F"
INCOMPLETE_GRADES = frozenset({"I", "NG"})
ALL_GRADES = PASSING_GRADES | {FAILING_GRADE} | INCOMPLETE_GRADES


class NoeBasis(StrEnum):
    """Why the Notice of Enrollment was issued: it decides whether the LEA may cancel it."""

    LEA_APPROVED = "lea_approved"
    LEA_WINDOW_EXPIRED = "lea_window_expired"  # state-issued on the LEA's silence: cancellable


@dataclass(frozen=True, slots=True)
class MoveFacts:
    """What the guards need to know about a CCA and the request, as plain values."""

    party: Party
    as_of: date
    credit_attempted: Decimal = Decimal("0.5")
    has_ssid: bool = False
    has_teacher_of_record: bool = False
    course_start_date: date | None = None
    census_day: date | None = None
    provider_accepted: bool = False
    lea_approved: bool = False
    lea_decision_due: date | None = None
    noe_basis: NoeBasis | None = None
    lea_cancellation_due: date | None = None
    intent_to_withdraw_sent: date | None = None
    not_confirmed_closed_on: date | None = None
    correction_requested_on: date | None = None
    correction_request_due: date | None = None
    correction_denied_on: date | None = None
    final_grade: str | None = None
    completion_date: date | None = None
    closeout_date: date | None = None  # June 30 of the CCA's school year
    document_ref: str = ""
    reason: str = ""
    # Dated closeouts (R277-726-2(19), SPEC 3.1): the withdrawal or exit date of the move, the
    # CCA's withdrawal windows (first, and for a 1.0-credit course the second), the policy dates
    # of the late-pass statuses, and whether the student is still working in the course.
    withdrawal_date: date | None = None
    windows: tuple[WithdrawalWindow, ...] = ()
    anticipated_late_pass_from: date | None = None
    late_pass_final_due: date | None = None
    student_active: bool = True


@dataclass(frozen=True, slots=True)
class Guard:
    """A named condition of a move. ``check`` returns None when it holds, else why it fails."""

    name: str
    rule: str
    check: Callable[[MoveFacts], str | None]


def _needs(attr: str, message: str) -> Callable[[MoveFacts], str | None]:
    return lambda f: None if getattr(f, attr) else message


SSID = Guard(
    "ssid", "SPEC 3.2: Confirmed needs an SSID", _needs("has_ssid", "The student has no SSID.")
)
TOR = Guard(
    "teacher_of_record",
    "SPEC 3.2: Confirmed needs a teacher of record",
    _needs("has_teacher_of_record", "No teacher of record is set."),
)
START = Guard(
    "course_start_date",
    "SPEC 3.2: Confirmed needs a course start date",
    _needs("course_start_date", "No course start date is set."),
)


def _census_reached(f: MoveFacts) -> str | None:
    if f.census_day is None:
        return "The Day of Census is unknown until the course start date is set."
    if f.as_of < f.census_day:
        return (
            f"Participation is decided on or after the Day of Census ({f.census_day.isoformat()}); "
            f"today is {f.as_of.isoformat()}."
        )
    return None


CENSUS = Guard(
    "census_reached", "SPEC 3.3: decided after the 20-school-day period", _census_reached
)


def _half_credit(f: MoveFacts) -> str | None:
    if f.credit_attempted != Decimal("0.5"):
        return (
            f"'.25 earned' statuses apply to 0.5-credit courses; this one is {f.credit_attempted}."
        )
    return None


HALF_CREDIT = Guard(
    "half_credit_course", "SPEC 3.1: .25 earned only for 0.5-credit courses", _half_credit
)


def document_guard(kind: Document) -> Guard:
    return Guard(
        f"document:{kind.value}",
        f"SPEC 3.2: keep the {kind.value.replace('_', ' ')}",
        lambda f: (
            None
            if f.document_ref.strip()
            else f"A reference to the {kind.value.replace('_', ' ')} is required."
        ),
    )


def _grade_in(grades: frozenset[str], what: str) -> Guard:
    def check(f: MoveFacts) -> str | None:
        if not f.final_grade:
            return f"A final grade is required ({what})."
        if f.final_grade.upper() not in grades:
            return f"The final grade {f.final_grade!r} is not {what}."
        return None

    return Guard(f"final_grade:{what}", "SPEC 3.1: final grade matches the closeout", check)


PASSING_GRADE = _grade_in(PASSING_GRADES, "a passing grade")
F_GRADE = _grade_in(frozenset({FAILING_GRADE}), "F")
INCOMPLETE_GRADE = _grade_in(INCOMPLETE_GRADES, "I or NG")
ANY_GRADE = _grade_in(ALL_GRADES, "a valid grade (A-D, P, F, I or NG)")


def _by_closeout(f: MoveFacts) -> str | None:
    done = f.completion_date or f.as_of
    if f.closeout_date and done > f.closeout_date:
        return (
            f"Completed {done.isoformat()}, after the June 30 closeout "
            f"({f.closeout_date.isoformat()}): use Anticipated Late Pass, then Late Pass."
        )
    return None


BY_CLOSEOUT = Guard(
    "completed_by_june_30", "SPEC 3.1: Pass All Complete is by June 30", _by_closeout
)


def _after_closeout(f: MoveFacts) -> str | None:
    done = f.completion_date or f.as_of
    if f.closeout_date and done <= f.closeout_date:
        return (
            f"Completed {done.isoformat()}, by the June 30 closeout "
            f"({f.closeout_date.isoformat()}): a Late Pass is a passing grade after it."
        )
    return None


AFTER_CLOSEOUT = Guard(
    "completed_after_june_30",
    "SPEC 3.1: Late Pass is a passing grade after June 30",
    _after_closeout,
)


def _noe_ready(f: MoveFacts) -> str | None:
    if not f.provider_accepted:
        return "The provider has not accepted the request."
    if f.lea_approved:
        return None
    if f.lea_decision_due and f.as_of > f.lea_decision_due:
        return None
    return "The primary LEA has neither approved nor let its decision window pass."


NOE_READY = Guard(
    "notice_of_enrollment_ready", "SPEC 3.3: the state issues the Notice of Enrollment", _noe_ready
)


def _cancellable(f: MoveFacts) -> str | None:
    if f.noe_basis is not NoeBasis.LEA_WINDOW_EXPIRED:
        return "Only a Notice of Enrollment the state issued on the LEA's silence can be cancelled."
    if f.lea_cancellation_due and f.as_of > f.lea_cancellation_due:
        return f"The 72 business hours to cancel ended on {f.lea_cancellation_due.isoformat()}."
    return None


CANCELLABLE = Guard(
    "lea_cancellation_window", "SPEC 3.3: cancel within 72 business hours", _cancellable
)


def _intent_sent(f: MoveFacts) -> str | None:
    if f.intent_to_withdraw_sent is None:
        return "Send the notice of intent to withdraw for inactivity first."
    return None


INTENT_SENT = Guard(
    "intent_to_withdraw_sent",
    "SPEC 3.3: notice of intent before Administrative Withdrawal",
    _intent_sent,
)


def _correction_requested_in_time(f: MoveFacts) -> str | None:
    if f.correction_requested_on is None:
        return "The provider has not asked for a correction of this Not Confirmed Closed."
    if f.correction_denied_on is not None:
        return (
            f"The state denied this correction on {f.correction_denied_on.isoformat()}; "
            "the decision stands."
        )
    if f.correction_request_due and f.correction_requested_on > f.correction_request_due:
        return (
            f"The provider asked on {f.correction_requested_on.isoformat()}, after the 3 business "
            f"days that ended {f.correction_request_due.isoformat()}."
        )
    return None


CORRECTION_IN_TIME = Guard(
    "correction_requested_in_time",
    "SPEC 3.2: a mistaken Not Confirmed Closed is corrected on request within 3 business days",
    _correction_requested_in_time,
)


def _reason_given(f: MoveFacts) -> str | None:
    return None if f.reason.strip() else "A reason is required."


REASON = Guard("reason", "SPEC 3.4: a rejection names its reason", _reason_given)


# --- Dated closeouts --------------------------------------------------------------------------

_WINDOW_RULE = "R277-726-2(19): a withdrawal within 20 school days of the start"


def _window(f: MoveFacts, name: str) -> WithdrawalWindow | None:
    return next((w for w in f.windows if w.name == name), None)


def _dated(f: MoveFacts) -> str | None:
    if f.withdrawal_date is None:
        return "The date of the withdrawal or exit is required."
    if f.withdrawal_date > f.as_of:
        return (
            f"The withdrawal date {f.withdrawal_date.isoformat()} is after today "
            f"({f.as_of.isoformat()})."
        )
    return None


def _inside(name: str) -> Callable[[MoveFacts], str | None]:
    """The withdrawal is dated inside window ``name`` and recorded by its last day. A first-
    window withdrawal may be dated before the course starts (the student never began)."""

    def check(f: MoveFacts) -> str | None:
        problem = _dated(f)
        if problem:
            return problem
        assert f.withdrawal_date is not None
        window = _window(f, name)
        if window is None:
            if name == "first" and f.course_start_date is None:
                return None  # the course has not started: any withdrawal is inside the window
            return f"This CCA has no {name} withdrawal window."
        too_early = name != "first" and f.withdrawal_date < window.opens
        if too_early or f.withdrawal_date > window.closes:
            return (
                f"The withdrawal date {f.withdrawal_date.isoformat()} is outside "
                f"{window.describe()}."
            )
        if f.as_of > window.record_by:
            return (
                f"A withdrawal of {window.describe()} had to be recorded by "
                f"{window.record_by.isoformat()}; today is {f.as_of.isoformat()}."
            )
        return None

    return check


IN_FIRST_WINDOW = Guard("withdrawn_in_first_window", _WINDOW_RULE, _inside("first"))
IN_SECOND_WINDOW = Guard(
    "withdrawn_in_second_window",
    "R277-726-2(19)(c): within 20 school days after the second 0.5 credit of a 1.0 credit "
    "course starts",
    _inside("second"),
)


def _after_first_window(f: MoveFacts) -> str | None:
    problem = _dated(f)
    if problem:
        return problem
    assert f.withdrawal_date is not None
    first, second = _window(f, "first"), _window(f, "second")
    if first is not None and f.withdrawal_date <= first.closes:
        return (
            f"The withdrawal date {f.withdrawal_date.isoformat()} is inside {first.describe()}: "
            "record the 'within the first 20 school days' status."
        )
    if second is not None and second.contains(f.withdrawal_date):
        return (
            f"The withdrawal date {f.withdrawal_date.isoformat()} is inside {second.describe()}: "
            "record the 'within the first 20 school days' status."
        )
    return None


AFTER_WINDOW = Guard(
    "withdrawn_after_window",
    "SPEC 3.1: the 'after 20 school days' statuses are for dates after the withdrawal window",
    _after_first_window,
)


def _late_pass_season(f: MoveFacts) -> str | None:
    if f.anticipated_late_pass_from and f.as_of < f.anticipated_late_pass_from:
        return (
            f"Anticipated Late Pass may be set from {f.anticipated_late_pass_from.isoformat()}; "
            f"today is {f.as_of.isoformat()}."
        )
    if f.closeout_date and f.as_of > f.closeout_date:
        return (
            f"Anticipated Late Pass is set before the June 30 closeout "
            f"({f.closeout_date.isoformat()}); today is {f.as_of.isoformat()}."
        )
    if not f.student_active:
        return (
            "The student is not actively working (a notice of intent to withdraw for inactivity "
            "is outstanding): Anticipated Late Pass is for students still working in the course."
        )
    return None


LATE_PASS_SEASON = Guard(
    "anticipated_late_pass_season",
    "SPEC 3.1: Anticipated Late Pass for a student actively working beyond June 30",
    _late_pass_season,
)


def _by_late_pass_deadline(f: MoveFacts) -> str | None:
    done = f.completion_date or f.as_of
    if f.late_pass_final_due and done > f.late_pass_final_due:
        return (
            f"Completed {done.isoformat()}, after the late-pass deadline "
            f"({f.late_pass_final_due.isoformat()}): record the closeout the course reached."
        )
    return None


BY_LATE_PASS_DEADLINE = Guard(
    "completed_by_late_pass_deadline",
    "SPEC 3.1: Anticipated Late Pass is finalized by the late-pass deadline",
    _by_late_pass_deadline,
)
