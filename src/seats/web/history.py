"""The CCA page's history as each reader sees its people.

Families see a staff member as "<role>, <organisation>" ("School counselor, Canyon View High"),
never a user name (SPEC 10: a family needs to know which office acted, not who logged in). The
organisation is the one the role acts for on this CCA (the authority checks of the services make
sure a counselor acted for the CCA's primary school, an approver for its primary LEA, provider
staff for its provider), so it is read from the CCA, not per entry. Staff keep the user name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from seats.core.models import CCA, CCAHistory
from seats.core.selectors.ccas import acting_organisation
from seats.domain.roles import Role

from .labels import role_label


def family_actor(entry: CCAHistory, cca: CCA, state: list[str]) -> str:
    """Who acted, in words a family reads: the role and, for staff, its organisation."""
    try:
        role: Role | None = Role(entry.actor_role)
    except ValueError:
        role = None
    if role is None:  # the system (the daily sweep, the notice on both decisions)
        return role_label(entry.actor_role or "system")
    where = acting_organisation(role, cca, state)
    return f"{role_label(role)}, {where}" if where else role_label(role)


def prepare(entries: Iterable[CCAHistory], cca: CCA, *, family: bool) -> None:
    """Attach ``shown_actor`` to each entry (role and organisation for a family, else the user
    name and the role) and ``review`` to a counselor review (answer, note, what it changed)."""
    state: list[str] = []
    for entry in entries:
        if family:
            entry.shown_actor = family_actor(entry, cca, state)  # type: ignore[attr-defined]
        elif entry.actor is None:
            entry.shown_actor = role_label("system")  # type: ignore[attr-defined]
        else:
            role = role_label(entry.actor_role)
            entry.shown_actor = f"{entry.actor.username} ({role})"  # type: ignore[attr-defined]
        entry.review = review_of(entry)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Review:
    """A counselor review as its history entry recorded it: the answer and the note, and what
    they were before when this review changed an earlier one."""

    consistent: bool | None
    note: str
    earlier_consistent: bool | None
    earlier_note: str
    noted: bool  # the reader may read the note (a provider gets the answer only)

    @property
    def changed_answer(self) -> bool:
        return self.earlier_consistent is not None and self.earlier_consistent != self.consistent

    @property
    def changed_note(self) -> bool:
        return self.noted and bool(self.earlier_note) and self.earlier_note != self.note


def review_of(entry: CCAHistory) -> Review | None:
    """The review an entry recorded (None for other entries). ``timeline`` has already removed
    the note from the entry for a reader who may not read it."""
    if entry.action != "counselor_review":
        return None
    details = entry.details if isinstance(entry.details, dict) else {}
    answer = details.get("seop_consistent") or {}
    note = details.get("counselor_note")
    notes = note if isinstance(note, dict) else {}
    return Review(
        consistent=answer.get("to"),
        note=notes.get("to") or "",
        earlier_consistent=answer.get("from"),
        earlier_note=notes.get("from") or "",
        noted=note is not None,
    )
