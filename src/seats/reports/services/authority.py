"""Who may load report data: a state administrator or specialist, or the console operator."""

from __future__ import annotations

from seats.core.services.actors import Actor
from seats.domain.errors import NotPermitted
from seats.domain.roles import STATE_ACTING_ROLES


def check_state(actor: Actor, *, what: str) -> None:
    if actor.role is not None and actor.role not in STATE_ACTING_ROLES:
        raise NotPermitted(f"Only the state may {what}.", rule="R277-726-7")
