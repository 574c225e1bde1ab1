"""The CCA status machine (SPEC 3.2): every allowed move in ONE table.

Services, the architecture diagram (``seats lifecycle --mermaid``) and the tests all read
``MOVES``. A move names who may make it (a ``Party``), the rule it comes from, and the guards that
must hold. Anything not in the table is forbidden; ``check_move`` says which rule forbids it and
what is allowed from the current status instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import GuardFailed, MoveNotAllowed, NotYourMove
from .guards import (
    AFTER_CLOSEOUT,
    AFTER_WINDOW,
    ALL_GRADES,
    ANY_GRADE,
    BY_CLOSEOUT,
    BY_LATE_PASS_DEADLINE,
    CANCELLABLE,
    CENSUS,
    CORRECTION_IN_TIME,
    F_GRADE,
    FAILING_GRADE,
    HALF_CREDIT,
    IN_FIRST_WINDOW,
    IN_SECOND_WINDOW,
    INCOMPLETE_GRADE,
    INCOMPLETE_GRADES,
    INTENT_SENT,
    LATE_PASS_SEASON,
    NOE_READY,
    PASSING_GRADE,
    PASSING_GRADES,
    REASON,
    SSID,
    START,
    TOR,
    Guard,
    MoveFacts,
    NoeBasis,
    document_guard,
)
from .roles import Party
from .statuses import HALF_CREDIT_ONLY, STATUS_INFO, Document, Status, rank

__all__ = [
    "ALL_GRADES",
    "FAILING_GRADE",
    "INCOMPLETE_GRADES",
    "MOVES",
    "PASSING_GRADES",
    "Guard",
    "Move",
    "MoveFacts",
    "NoeBasis",
    "check_move",
    "find_move",
    "is_dated",
    "mermaid",
    "move_window",
    "moves_from",
]


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
        Move(
            "loss_of_eligibility",
            source,
            S.LOSS_OF_ELIGIBILITY_AFTER_20,
            _P,
            rule,
            (AFTER_WINDOW,),
        ),
        Move(
            "loss_of_eligibility_quarter",
            source,
            S.LOSS_OF_ELIGIBILITY_QUARTER,
            _P,
            rule,
            (HALF_CREDIT, AFTER_WINDOW),
        ),
        Move(
            "student_withdrawal",
            source,
            S.STUDENT_WITHDRAWAL_AFTER_20,
            _P,
            rule,
            (document_guard(wd), AFTER_WINDOW),
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
            "disciplinary_withdrawal",
            source,
            S.DISCIPLINARY_WITHDRAWAL,
            _P,
            rule,
            (document_guard(dr),),
        ),
        Move(
            "disciplinary_withdrawal_quarter",
            source,
            S.DISCIPLINARY_WITHDRAWAL_QUARTER,
            _P,
            rule,
            (HALF_CREDIT, document_guard(dr)),
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
            Move(
                "anticipated_late_pass",
                source,
                S.ANTICIPATED_LATE_PASS,
                _P,
                rule,
                (LATE_PASS_SEASON,),
            ),
            # R277-726-2(19)(c): the second window of a 1.0-credit course.
            Move(
                "loss_of_eligibility_second_window",
                source,
                S.LOSS_OF_ELIGIBILITY_WITHIN_20,
                _P,
                "R277-726-2(19)(c) second withdrawal window",
                (IN_SECOND_WINDOW,),
            ),
            Move(
                "student_withdrawal_second_window",
                source,
                S.STUDENT_WITHDRAWAL_WITHIN_20,
                _P,
                "R277-726-2(19)(c) second withdrawal window",
                (IN_SECOND_WINDOW,),
            ),
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
                (PASSING_GRADE, AFTER_CLOSEOUT, BY_LATE_PASS_DEADLINE),
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
        (IN_FIRST_WINDOW,),
    ),
    Move(
        "student_withdrawal_within_20",
        S.ENROLLMENT_COMPLETE,
        S.STUDENT_WITHDRAWAL_WITHIN_20,
        _P,
        "SPEC 3.1",
        (IN_FIRST_WINDOW,),
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


_WINDOW_OF_GUARD = {IN_FIRST_WINDOW: "first", IN_SECOND_WINDOW: "second", AFTER_WINDOW: "after"}


def is_dated(move: Move) -> bool:
    """Whether the move records a withdrawal or exit date (the dated closeouts)."""
    return any(g in _WINDOW_OF_GUARD for g in move.guards)


def move_window(move: Move) -> str:
    """Which window a dated move's date falls in: "first", "second" or "after"."""
    return next(_WINDOW_OF_GUARD[g] for g in move.guards if g in _WINDOW_OF_GUARD)


def moves_from(status: Status, party: Party | None = None) -> list[Move]:
    """The moves the table allows from ``status`` (for ``party`` when given)."""
    return [m for m in MOVES if m.source is status and (party is None or party in m.by)]


def reopened_by_state(status: Status) -> bool:
    """Whether some state correction leaves ``status`` (Not Confirmed Closed, an Administrative
    Withdrawal): every other closed status is final, as the confirmations tell people."""
    return any(m.correction and m.source is status for m in MOVES)


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
