"""Load a newer NRS table version from a file (no release needed): checked by the same parser
as the shipped ones; a version of the same effective date replaces the loaded one."""

from __future__ import annotations

from django.db import transaction

from seats.core.services.actors import Actor
from seats.domain.adulted import nrs

from ..models import NrsTableVersion
from .authority import check_specialist


@transaction.atomic
def load_table(*, actor: Actor, text: str) -> nrs.Table:
    check_specialist(actor, what="load an NRS table")
    table = nrs.parse_json(text)
    who = actor.user.get_username() if actor.user else "console"
    NrsTableVersion.objects.update_or_create(
        effective=table.effective, defaults={"content": text, "loaded_by": who}
    )
    return table
