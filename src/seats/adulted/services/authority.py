"""Who may change adult-education records (issue 12): program staff and directors of the
program's organisation, the state's adult-education specialist for every program, the console
(``Actor.system()``). Exits are approved by a director or the specialist. SOEP's roles may not."""

from __future__ import annotations

from seats.core.services.actors import Actor
from seats.domain.errors import NotPermitted
from seats.domain.roles import ADULTED_PROGRAM_ROLES, Role

from ..models import Program

RULE = "issue 12: adult-education roles"


def check_program(actor: Actor, program: Program, *, what: str, director: bool = False) -> None:
    if actor.role is None or actor.role is Role.ADULTED_SPECIALIST:
        return
    allowed = {Role.ADULTED_DIRECTOR} if director else ADULTED_PROGRAM_ROLES
    if actor.role not in allowed or actor.organisation_id != program.organisation_id:
        who = "the program's director" if director else "the program's staff"
        raise NotPermitted(
            f"Only {who} or the state's adult-education specialist may {what}.", rule=RULE
        )


def check_specialist(actor: Actor, *, what: str) -> None:
    if actor.role is None or actor.role is Role.ADULTED_SPECIALIST:
        return
    raise NotPermitted(f"Only the state's adult-education specialist may {what}.", rule=RULE)
