"""Whether an actor may act on a CCA as a given party: the organisation scope of each party.

The lifecycle table says which party may make a move; this module says whether this actor is
that party for this CCA (the provider's own staff, the student's own LEA, and so on). For a
home-school student the state acts as the LEA (SPEC 3.3).
"""

from __future__ import annotations

from collections.abc import Iterable

from seats.domain.errors import NotPermitted
from seats.domain.roles import Party, Role

from ..models import CCA, Guardian
from .actors import Actor


def acting_party(actor: Actor, cca: CCA, wanted: Iterable[Party]) -> Party:
    """The party the actor acts as for this CCA, preferring one of ``wanted``.

    Raises ``NotPermitted`` when the actor is outside the CCA's scope (another provider, another
    LEA, not the student's family) or holds a read-only role.
    """
    wanted = frozenset(wanted)
    party = actor.party
    if party is None:
        raise NotPermitted("A read-only role cannot change a CCA.", rule="SPEC 1 roles")
    if party is Party.STATE and Party.LEA in wanted and cca.primary_lea.is_home:
        return Party.LEA
    _require_scope(actor, party, cca)
    return party


def decides_for_lea(actor: Actor, cca: CCA) -> bool:
    """A counselor of the student's school decides for an LEA that designated its counselors
    (``Organisation.counselors_decide``); registrars never do."""
    return (
        actor.role is Role.COUNSELOR
        and cca.primary_lea.counselors_decide
        and actor.organisation_id in (cca.primary_school_id, cca.primary_lea_id)
    )


def lea_party(actor: Actor, cca: CCA) -> Party:
    """The party making the LEA's decision on this CCA: the LEA (its approvers, its designated
    counselors, or the state for home school); raises ``NotPermitted`` for anyone else."""
    party = acting_party(actor, cca, {Party.LEA})
    if party is Party.SCHOOL and decides_for_lea(actor, cca):
        return Party.LEA
    if party is not Party.LEA:
        raise NotPermitted(
            "Only the primary LEA (the state for home school) decides, or a counselor where "
            "the LEA has designated its counselors.",
            rule="SPEC 3.3",
        )
    return party


def _require_scope(actor: Actor, party: Party, cca: CCA) -> None:
    org_id = actor.organisation_id
    if party in (Party.STATE, Party.SYSTEM):
        return
    if party is Party.PROVIDER and org_id == cca.provider_id:
        return
    if party is Party.LEA and org_id == cca.primary_lea_id:
        return
    if (
        party is Party.SCHOOL
        and cca.primary_school_id
        and org_id
        in (
            cca.primary_school_id,
            cca.primary_lea_id,
        )
    ):
        return
    if party is Party.FAMILY and actor.user is not None and _is_family(actor, cca):
        return
    raise NotPermitted(
        f"As {actor.role_name} you may not act on this CCA: it is outside your organisation.",
        rule="SPEC 10: access is scoped to the role's organisation",
    )


def _is_family(actor: Actor, cca: CCA) -> bool:
    student = cca.student
    if student.user_id is not None and student.user_id == actor.user.pk:  # type: ignore[union-attr]
        return True
    return Guardian.objects.filter(user=actor.user, students=student).exists()


def require(actor: Actor, cca: CCA, *parties: Party) -> Party:
    """Require the actor to act for one of ``parties`` on this CCA; return the party."""
    party = acting_party(actor, cca, parties)
    if party not in parties:
        names = " or ".join(p.value for p in parties)
        raise NotPermitted(
            f"Only the {names} may do this; you act as {party.value}.", rule="SPEC 3.3"
        )
    return party
