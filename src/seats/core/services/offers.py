"""What a status form may offer for a stored CCA now, and a dry run of a move before the person
confirms it. Both read the CCA through the same facts ``move_status`` gives the guards, so the
form offers exactly the moves the service accepts (seats.domain.offered_moves)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from seats.domain.lifecycle import Move
from seats.domain.offered_moves import MoveOffer, offered_moves
from seats.domain.roles import Party
from seats.domain.statuses import Status

from ..models import CCA
from .actors import Actor
from .facts import anticipated_late_pass_from, move_facts
from .lifecycle import as_status, lock_cca, plan_move, today


def offered_moves_for(
    cca: CCA, *, party: Party, as_of: date | None = None, exclude: frozenset[str] = frozenset()
) -> MoveOffer:
    """The moves ``party`` may make on ``cca`` now and the others with why they are left out."""
    status = Status(cca.status)
    facts = move_facts(
        cca,
        party=party,
        as_of=as_of or today(),
        anticipated_late_pass_from=(
            anticipated_late_pass_from(cca) if status is Status.CONFIRMED else None
        ),
    )
    return offered_moves(status, facts, exclude=exclude)


def preview_move(
    *,
    actor: Actor,
    cca_id: int,
    to: Status | str,
    expected_version: int,
    as_of: date | None = None,
    reason: str = "",
    document_ref: str = "",
    final_grade: str = "",
    completion_date: date | None = None,
    withdrawal_date: date | None = None,
) -> Move:
    """Every check of ``move_status``, changing nothing: the move it would make, or the
    ``DomainError`` that refuses it (shown before asking the person to confirm)."""
    target = as_status(to)
    with transaction.atomic():
        cca = lock_cca(cca_id, expected_version)
        return plan_move(
            cca,
            target,
            actor=actor,
            as_of=as_of or today(),
            reason=reason,
            document_ref=document_ref,
            final_grade=final_grade.strip().upper(),
            completion_date=completion_date,
            withdrawal_date=withdrawal_date,
        )
