"""Whose turn it is, for the person reading a page: the viewer's side and a CCA's recorded facts
go into ``seats.domain.turn.whose_turn``; the queue rows, the CCA page and My courses use it.

Every fact comes from the CCA row itself, so a page of rows costs no extra query."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from seats.core.models import CCA, Organisation
from seats.core.models.organisations import HOME_LEA_CODE, OrgKind
from seats.core.selectors.access import Viewer
from seats.domain.roles import (
    FAMILY_ROLES,
    LEA_ROLES,
    PROVIDER_ROLES,
    SCHOOL_ROLES,
    STATE_ACTING_ROLES,
    Role,
)
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


def _decides_as_lea(viewer: Viewer | None) -> bool:
    """State staff decide as the LEA for home-school students (SPEC 3.3)."""
    return getattr(viewer, "role", None) in STATE_ACTING_ROLES


def turn_for(viewer: Viewer | None, cca: CCA) -> str:
    """Whose turn on one CCA for this viewer (the CCA page)."""
    side = side_of(viewer)
    if side is Side.STATE and _decides_as_lea(viewer) and cca.primary_lea.is_home:
        side = Side.LEA
    return turn_of(cca, side)


def turn_reader(viewer: Viewer | None) -> Callable[[CCA], str]:
    """Whose turn on each row of a list, for this viewer. State staff read a home-school CCA as
    its LEA; the HOME organisation is looked up once per list, never per row."""
    side = side_of(viewer)
    home = None
    if side is Side.STATE and _decides_as_lea(viewer):
        home = Organisation.objects.filter(kind=OrgKind.LEA, code=HOME_LEA_CODE).first()
    home_id = home.pk if home is not None else None

    def read(cca: CCA) -> str:
        as_lea = home_id is not None and cca.primary_lea_id == home_id
        return turn_of(cca, Side.LEA if as_lea else side)

    return read


def annotate_turns(rows: Iterable[CCA], viewer: Viewer | None) -> None:
    """Attach ``turn`` (the phrase key) and ``your_turn`` to each row shown."""
    read = turn_reader(viewer)
    for row in rows:
        key = read(row)
        row.turn = key  # type: ignore[attr-defined]
        row.your_turn = is_yours(key)  # type: ignore[attr-defined]
