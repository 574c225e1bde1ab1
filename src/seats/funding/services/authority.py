"""Who may change funding records: the state (a state administrator or specialist) or the
console operator (``Actor.system()``)."""

from __future__ import annotations

from seats.core.services.actors import Actor
from seats.domain.errors import NotPermitted
from seats.domain.roles import Role

STATE_ROLES = frozenset({Role.STATE_ADMIN, Role.STATE_SPECIALIST})


def check_state(actor: Actor, *, what: str, admin_only: bool = False) -> None:
    if actor.role is None:
        return
    allowed = {Role.STATE_ADMIN} if admin_only else STATE_ROLES
    if actor.role not in allowed:
        raise NotPermitted(f"Only the state may {what}.", rule="R277-726-6(11)")
