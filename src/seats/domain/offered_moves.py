"""Which status moves a form may offer for a CCA now (issue 9, "actions that can't go wrong").

A form offers a move only if the service would accept it for SOME values the person can type:
the moves come from ``lifecycle.MOVES`` and are checked with the very guards ``check_move`` runs.
Some guards read the CCA and the date only (the Day of Census, the credit of the course, the
notice of intent); others read what the person enters (a reason, a document reference, a final
grade, a completion or withdrawal date). For the second kind, ``offered_moves`` tries the few
values that can decide the guard (a passing, a failing and an incomplete grade; today, the last
day of each withdrawal window, the June 30 closeout...) and offers the move when one of them
passes. A move left out carries every reason its guards gave, so a page can say why.

The service refuses exactly what this function does not offer: tests/domain/test_offered_moves.py
checks it against ``check_move`` with hypothesis, and tests/core/test_offered_moves_service.py
against ``move_status`` on a stored CCA.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import product

from .guards import Guard, MoveFacts
from .lifecycle import Move, failed_guards, moves_from
from .roles import Party
from .statuses import STATUS_INFO, Status

#: Grades that decide the grade guards: one passing, the failing and an incomplete one.
_GRADES = ("A", "F", "I")


@dataclass(frozen=True, slots=True)
class Offered:
    """A move the form offers, with one set of entered values the service accepts for it."""

    move: Move
    witness: MoveFacts

    @property
    def closes(self) -> bool:
        """Whether the move ends the CCA (a closeout or a rejection): it asks for confirmation."""
        return closes_cca(self.move.target)


@dataclass(frozen=True, slots=True)
class Withheld:
    """A move of the table the form leaves out now, and why (every unmet condition)."""

    move: Move
    reasons: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MoveOffer:
    offered: tuple[Offered, ...]
    withheld: tuple[Withheld, ...]

    def targets(self) -> frozenset[Status]:
        return frozenset(o.move.target for o in self.offered)


def closes_cca(target: Status) -> bool:
    """A move to a final status closes the CCA: only the state can undo it."""
    return STATUS_INFO[target].terminal


def _withdrawal_dates(facts: MoveFacts) -> list[date]:
    """Every date a withdrawal could be given that can decide the window guards, up to today."""
    days = [facts.as_of]
    for window in facts.windows:
        days += [window.opens, window.closes, window.closes + timedelta(days=1)]
        days.append(window.opens - timedelta(days=1))
    return sorted({d for d in days if d <= facts.as_of}, reverse=True)


def _completion_dates(facts: MoveFacts) -> list[date | None]:
    """Completion dates that can decide the June 30 and late-pass guards. A completion date is
    between the course start and today (the service refuses others); None means today."""
    days: list[date | None] = [None]
    for day in (facts.closeout_date, facts.late_pass_final_due):
        if day is not None:
            days += [day, day + timedelta(days=1)]
    lo = facts.course_start_date
    return [d for d in days if d is None or (d <= facts.as_of and (lo is None or d >= lo))]


def _reads(move: Move, prefix: str) -> bool:
    return any(g.name.startswith(prefix) for g in move.guards)


def _entries(move: Move, facts: MoveFacts) -> list[MoveFacts]:
    """The entered values worth trying for ``move`` (only the fields its guards read)."""
    grades: list[str | None] = list(_GRADES) if _reads(move, "final_grade:") else [None]
    dated = any(g.name.startswith("withdrawn_") for g in move.guards)
    withdrawals: list[date | None] = list(_withdrawal_dates(facts)) if dated else [None]
    completions = _completion_dates(facts) if _reads(move, "completed_") else [None]
    out = []
    for grade, withdrawn, completed in product(grades, withdrawals, completions):
        out.append(
            replace(
                facts,
                reason=facts.reason or "(reason given)",
                document_ref=facts.document_ref or "(document reference given)",
                final_grade=grade or facts.final_grade,
                withdrawal_date=withdrawn or facts.withdrawal_date,
                completion_date=completed or facts.completion_date,
            )
        )
    return out


def check_offered(move: Move, facts: MoveFacts) -> Offered | Withheld:
    """Offer ``move`` if some entered values meet every guard; else withhold it with the
    reasons given for the values that came closest (fewest unmet guards)."""
    if facts.party not in move.by:
        who = " or ".join(sorted(p.value for p in move.by))
        return Withheld(move, (f"Only the {who} may make this move.",), (move.rule,))
    best: list[tuple[Guard, str]] | None = None
    for entry in _entries(move, facts):
        failures = failed_guards(move, entry)
        if not failures:
            return Offered(move, entry)
        if best is None or len(failures) < len(best):
            best = failures
    assert best is not None
    return Withheld(
        move,
        tuple(problem for _, problem in best),
        tuple(guard.rule for guard, _ in best),
    )


def offered_moves(
    status: Status, facts: MoveFacts, *, exclude: frozenset[str] = frozenset()
) -> MoveOffer:
    """The moves from ``status`` that ``facts.party`` may make now (some entered values meet
    every guard), and the others of the party's moves with the reasons each is left out.
    ``exclude`` names moves a page offers elsewhere (the provider's rejection, say)."""
    offered: list[Offered] = []
    withheld: list[Withheld] = []
    for move in moves_from(status, facts.party):
        if move.name in exclude:
            continue
        result = check_offered(move, facts)
        if isinstance(result, Offered):
            offered.append(result)
        else:
            withheld.append(result)
    return MoveOffer(tuple(offered), tuple(withheld))


__all__ = [
    "MoveOffer",
    "Offered",
    "Party",
    "Withheld",
    "check_offered",
    "closes_cca",
    "offered_moves",
]
