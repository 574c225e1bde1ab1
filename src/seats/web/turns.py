"""Whose turn it is, for the person reading a page: the viewer's side and a CCA's recorded facts
go into ``seats.domain.turn.whose_turn``; the queue rows, the CCA page and My courses use it.

Every fact comes from the CCA row itself, so a page of rows costs no extra query."""

from __future__ import annotations

from collections.abc import Iterable

from seats.core.models import CCA
from seats.core.selectors.access import Viewer
from seats.domain.roles import FAMILY_ROLES, LEA_ROLES, PROVIDER_ROLES, SCHOOL_ROLES, Role
from seats.domain.statuses import Status
from seats.domain.turn import Side, TurnFacts, is_yours, whose_turn


def counselors_decide(viewer: Viewer) -> bool:
    """A counselor of an LEA that designated its counselors decides for the LEA."""
    lea = viewer.organisation.parent if viewer.organisation is not None else None
    return viewer.role is Role.COUNSELOR and lea is not None and bool(lea.counselors_decide)


def side_of(viewer: Viewer | None) -> Side:
    """The side a role reads a CCA from (a designated counselor reads it as the LEA does)."""
    role = getattr(viewer, "role", None)
    if role in FAMILY_ROLES:
        return Side.FAMILY
    if role in LEA_ROLES or (role is Role.COUNSELOR and counselors_decide(viewer)):  # type: ignore[arg-type]
        return Side.LEA
    if role in SCHOOL_ROLES:
        return Side.COUNSELOR
    if role in PROVIDER_ROLES:
        return Side.PROVIDER
    return Side.STATE


def facts_of(cca: CCA) -> TurnFacts:
    return TurnFacts(
        status=Status(cca.status),
        lea_decision=cca.lea_decision,
        provider_decision=cca.provider_decision,
        registration_complete=cca.local_registration_complete,
        reviewed=cca.seop_consistent is not None,
        correction_requested=cca.correction_requested_on is not None,
        transcript_issued=cca.transcript_issued_on is not None,
    )


def turn_of(cca: CCA, side: Side) -> str:
    return whose_turn(facts_of(cca), side)


def annotate_turns(rows: Iterable[CCA], side: Side) -> None:
    """Attach ``turn`` (the phrase key) and ``your_turn`` to each row shown."""
    for row in rows:
        key = turn_of(row, side)
        row.turn = key  # type: ignore[attr-defined]
        row.your_turn = is_yours(key)  # type: ignore[attr-defined]
