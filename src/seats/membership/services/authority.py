"""Who may change pupil-accounting records (SPEC 1, 9): an LEA's pupil-accounting staff and
teachers, in their own LEA only; the state sees everything read-only; the console operator
(``Actor.system()``) acts for every LEA."""

from __future__ import annotations

from collections.abc import Iterable

from seats.core.services.actors import Actor
from seats.domain.errors import NotPermitted
from seats.domain.roles import MEMBERSHIP_STATE_ROLES, Role

RULE = "SPEC 9: an LEA's pupil-accounting records"
STAFF = frozenset({Role.PUPIL_ACCOUNTING})
RECORDERS = frozenset({Role.TEACHER, Role.PUPIL_ACCOUNTING})


def actor_lea_id(actor: Actor) -> int | None:
    """The LEA an actor works for: its organisation, or a school's LEA."""
    org = actor.organisation
    if org is None:
        return None
    return org.pk if org.kind == "lea" else org.parent_id


def check_lea(actor: Actor, lea_id: int, *, what: str, roles: Iterable[Role] = STAFF) -> None:
    if actor.role is None:
        return
    if actor.role in MEMBERSHIP_STATE_ROLES:
        raise NotPermitted(
            f"The state sees pupil accounting read-only; it cannot {what}.", rule=RULE
        )
    if actor.role not in frozenset(roles):
        raise NotPermitted(f"A {actor.role.label} cannot {what}.", rule=RULE)
    if actor_lea_id(actor) != lea_id:
        raise NotPermitted(f"Only the LEA's own staff can {what}.", rule=RULE)
