"""The CCA status machine (SPEC 3.2): every allowed move in ONE table.

Services, the architecture diagram (``seats lifecycle --mermaid``) and the tests all read
``MOVES``. A move names who may make it (a ``Party``), the rule it comes from, and the guards that
must hold. Anything not in the table is forbidden; ``check_move`` says which rule forbids it and
what is allowed from the current status instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .errors import GuardFailed, MoveNotAllowed, NotYourMove
from .roles import Party
from .statuses import HALF_CREDIT_ONLY, STATUS_INFO, Document, Status, rank

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
    final_grade: str | None = None
    completion_date: date | None = None
    closeout_date: date | None = None  # June 30 of the CCA's school year
    document_ref: str = ""
    reason: str = ""


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


def _document(kind: Document) -> Guard:
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


@dataclass(frozen=True, slots=True)
class Move:
    name: str
    source: Status
    target: Status
    by: frozenset[Party]
    rule: str
    guards: tuple[Guard, ...] = ()
    correction: bool = False  # the state's hand: may go back in rank
    description: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} -> {STATUS_INFO[self.target].label}"


_P = frozenset({Party.PROVIDER})
_S = frozenset({Party.STATE})
_L = frozenset({Party.LEA})
S = Status

_CONFIRM_GUARDS = (SSID, TOR, START)


def _after_confirmed_moves(source: Status) -> list[Move]:
    """Closeouts a provider sets from Confirmed (and, but for passing, Anticipated Late Pass)."""
    rule = "SPEC 3.1 closeout statuses"
    wd = Document.WITHDRAWAL_REQUEST
    dr = Document.DISCIPLINE_RECORD
    moves = [
        Move("loss_of_eligibility", source, S.LOSS_OF_ELIGIBILITY_AFTER_20, _P, rule),
        Move(
            "loss_of_eligibility_quarter",
            source,
            S.LOSS_OF_ELIGIBILITY_QUARTER,
            _P,
            rule,
            (HALF_CREDIT,),
        ),
        Move(
            "student_withdrawal", source, S.STUDENT_WITHDRAWAL_AFTER_20, _P, rule, (_document(wd),)
        ),
        Move(
            "administrative_withdrawal",
            source,
            S.ADMINISTRATIVE_WITHDRAWAL,
            _P,
            rule,
            (INTENT_SENT,),
        ),
        Move(
            "administrative_withdrawal_quarter",
            source,
            S.ADMINISTRATIVE_WITHDRAWAL_QUARTER,
            _P,
            rule,
            (HALF_CREDIT, INTENT_SENT),
        ),
        Move(
            "disciplinary_withdrawal", source, S.DISCIPLINARY_WITHDRAWAL, _P, rule, (_document(dr),)
        ),
        Move(
            "disciplinary_withdrawal_quarter",
            source,
            S.DISCIPLINARY_WITHDRAWAL_QUARTER,
            _P,
            rule,
            (HALF_CREDIT, _document(dr)),
        ),
        Move("completed_grade_too_low", source, S.COMPLETED_GRADE_TOO_LOW, _P, rule, (F_GRADE,)),
        Move("failed_to_complete", source, S.FAILED_TO_COMPLETE, _P, rule, (INCOMPLETE_GRADE,)),
        Move(
            "quarter_earned_not_passing",
            source,
            S.QUARTER_EARNED_NOT_PASSING,
            _P,
            rule,
            (HALF_CREDIT, ANY_GRADE),
        ),
    ]
    if source is S.CONFIRMED:
        moves += [
            Move("anticipated_late_pass", source, S.ANTICIPATED_LATE_PASS, _P, rule),
            Move(
                "pass_all_complete",
                source,
                S.PASS_ALL_COMPLETE,
                _P,
                rule,
                (PASSING_GRADE, BY_CLOSEOUT),
            ),
        ]
    else:
        moves.append(
            Move(
                "late_pass",
                source,
                S.LATE_PASS,
                _P,
                "SPEC 3.2: Late Pass only from Anticipated Late Pass",
                (PASSING_GRADE, AFTER_CLOSEOUT),
            )
        )
    return moves


MOVES: tuple[Move, ...] = (
    Move(
        "reject_by_lea",
        S.PENDING_EXECUTION,
        S.REJECTED_BY_LEA,
        _L,
        "SPEC 3.4 LEA decision tree",
        (REASON,),
    ),
    Move(
        "reject_by_provider",
        S.PENDING_EXECUTION,
        S.REJECTED_PROVIDER,
        _P,
        "SPEC 3.4 provider may reject",
        (REASON,),
    ),
    Move(
        "reject_by_state",
        S.PENDING_EXECUTION,
        S.REJECTED_BY_STATE,
        _S,
        "SPEC 3.4 state may reject",
        (REASON,),
    ),
    Move(
        "issue_notice_of_enrollment",
        S.PENDING_EXECUTION,
        S.ENROLLMENT_COMPLETE,
        frozenset({Party.STATE, Party.SYSTEM}),
        "SPEC 3.3 Notice of Enrollment",
        (NOE_READY,),
    ),
    Move(
        "cancel_by_lea",
        S.ENROLLMENT_COMPLETE,
        S.CANCELLED_BY_LEA,
        _L,
        "SPEC 3.3 LEA cancellation",
        (CANCELLABLE,),
    ),
    Move(
        "confirm",
        S.ENROLLMENT_COMPLETE,
        S.CONFIRMED,
        _P,
        "SPEC 3.2 Confirmed",
        (*_CONFIRM_GUARDS, CENSUS),
    ),
    Move(
        "not_confirmed_closed",
        S.ENROLLMENT_COMPLETE,
        S.NOT_CONFIRMED_CLOSED,
        _P,
        "SPEC 3.1",
        (START, CENSUS),
    ),
    Move(
        "loss_of_eligibility_within_20",
        S.ENROLLMENT_COMPLETE,
        S.LOSS_OF_ELIGIBILITY_WITHIN_20,
        _P,
        "SPEC 3.1",
    ),
    Move(
        "student_withdrawal_within_20",
        S.ENROLLMENT_COMPLETE,
        S.STUDENT_WITHDRAWAL_WITHIN_20,
        _P,
        "SPEC 3.1",
    ),
    *_after_confirmed_moves(S.CONFIRMED),
    *_after_confirmed_moves(S.ANTICIPATED_LATE_PASS),
    Move(
        "correct_not_confirmed_closed",
        S.NOT_CONFIRMED_CLOSED,
        S.CONFIRMED,
        _S,
        "SPEC 3.2 only the state corrects a mistaken Not Confirmed Closed",
        (CORRECTION_IN_TIME, *_CONFIRM_GUARDS),
        correction=True,
    ),
    Move(
        "reactivate",
        S.ADMINISTRATIVE_WITHDRAWAL,
        S.CONFIRMED,
        _S,
        "SPEC 3.2 only the state reactivates an Administrative Withdrawal",
        correction=True,
    ),
    Move(
        "reactivate",
        S.ADMINISTRATIVE_WITHDRAWAL_QUARTER,
        S.CONFIRMED,
        _S,
        "SPEC 3.2 only the state reactivates an Administrative Withdrawal",
        correction=True,
    ),
)

_BY_PAIR: dict[tuple[Status, Status], Move] = {(m.source, m.target): m for m in MOVES}
assert len(_BY_PAIR) == len(MOVES), "one move per (source, target) pair"
assert all(m.correction or rank(m.target) >= rank(m.source) for m in MOVES), (
    "only corrections may go back"
)
assert all(m.target not in HALF_CREDIT_ONLY or HALF_CREDIT in m.guards for m in MOVES), (
    ".25 statuses must be guarded"
)


def moves_from(status: Status, party: Party | None = None) -> list[Move]:
    """The moves the table allows from ``status`` (for ``party`` when given)."""
    return [m for m in MOVES if m.source is status and (party is None or party in m.by)]


def find_move(source: Status, target: Status) -> Move | None:
    return _BY_PAIR.get((source, target))


def failed_guards(move: Move, facts: MoveFacts) -> list[tuple[Guard, str]]:
    """Every guard of ``move`` that does not hold, with the reason (all of them, not the first)."""
    failures = []
    for guard in move.guards:
        problem = guard.check(facts)
        if problem:
            failures.append((guard, problem))
    return failures


def check_move(source: Status, target: Status, facts: MoveFacts) -> Move:
    """Return the move from ``source`` to ``target`` if ``facts.party`` may make it now.

    Raises ``MoveNotAllowed`` when the table has no such move for the party (naming the rule and
    the moves allowed instead) and ``GuardFailed`` naming every unmet condition.
    """
    allowed = [m.label for m in moves_from(source, facts.party)]
    move = _BY_PAIR.get((source, target))
    if move is None:
        rule = _why_forbidden(source, target)
        raise MoveNotAllowed(
            f"A CCA in {source.label} cannot move to {target.label}.", rule=rule, allowed=allowed
        )
    if facts.party not in move.by:
        who = " or ".join(sorted(p.value for p in move.by))
        raise NotYourMove(
            f"Only the {who} may move a CCA from {source.label} to {target.label}.",
            rule=move.rule,
            allowed=allowed,
        )
    failures = failed_guards(move, facts)
    if failures:
        raise GuardFailed(
            " ".join(problem for _, problem in failures),
            rule="; ".join(guard.rule for guard, _ in failures),
        )
    return move


def _why_forbidden(source: Status, target: Status) -> str:
    """The most specific rule of SPEC 3.1/3.2 that the pair breaks (checked most specific first)."""
    if STATUS_INFO[source].terminal and not any(m.source is source for m in MOVES):
        return f"SPEC 3.2: {source.label} is final"
    if source is target:
        return f"SPEC 3.2: the CCA is already {source.label}"
    if source is S.NOT_CONFIRMED_CLOSED and target is S.ENROLLMENT_COMPLETE:
        return "SPEC 3.2: Not Confirmed Closed never returns to Enrollment Complete"
    if STATUS_INFO[source].terminal:
        return f"SPEC 3.2: {source.label} is final; only the state's correction reopens it"
    if target is S.LATE_PASS:
        return "SPEC 3.2: Late Pass only from Anticipated Late Pass"
    if source is S.ANTICIPATED_LATE_PASS and target is S.PASS_ALL_COMPLETE:
        return "SPEC 3.1: Pass All Complete is by June 30; after it a passing grade is a Late Pass"
    if target is S.CONFIRMED and rank(source) < rank(target):
        return "SPEC 3.2: a CCA is Confirmed only from Enrollment Complete"
    if STATUS_INFO[target].paid_through_confirmed and rank(source) < rank(S.CONFIRMED):
        return "SPEC 3.2: a status reaches payment only through Confirmed"
    if rank(target) < rank(source):
        return "SPEC 3.2: a CCA moves one way, never back"
    return "SPEC 3.2: not a move of the status machine"


def statuses_reachable(
    start: Status = S.PENDING_EXECUTION, *, corrections: bool = False
) -> set[Status]:
    seen = {start}
    frontier = [start]
    while frontier:
        current = frontier.pop()
        for move in moves_from(current):
            if (corrections or not move.correction) and move.target not in seen:
                seen.add(move.target)
                frontier.append(move.target)
    return seen


def mermaid(moves: Iterable[Move] = MOVES) -> str:
    """The state diagram for docs/architecture.md, generated from the table."""
    lines = ["stateDiagram-v2", "    [*] --> pending_execution"]
    for status in Status:
        lines.append(f"    {status.value}: {STATUS_INFO[status].label}")
    for move in moves:
        who = "/".join(sorted(p.value for p in move.by))
        arrow = "-->"
        note = f"{move.name} ({who}{', correction' if move.correction else ''})"
        lines.append(f"    {move.source.value} {arrow} {move.target.value}: {note}")
    return "\n".join(lines) + "\n"
