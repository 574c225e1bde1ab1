"""Who may do what here: the state (administrator, specialist; the console acts as the system)
runs the reviews; a provider's staff upload their own spreadsheets."""

from __future__ import annotations

from seats.core.models import Organisation, RoleMembership
from seats.core.services.actors import Actor
from seats.domain.errors import NotFound, NotPermitted
from seats.domain.roles import Role

STATE_ROLES = frozenset({Role.STATE_ADMIN, Role.STATE_SPECIALIST})
PROVIDER_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF})


def check_state(actor: Actor, *, what: str, admin_only: bool = False) -> None:
    if actor.role is None:
        return
    allowed = {Role.STATE_ADMIN} if admin_only else STATE_ROLES
    if actor.role not in allowed:
        who = "a state administrator" if admin_only else "the state"
        raise NotPermitted(f"Only {who} may {what}.", rule="R277-726-7(20)")


def provider_for(actor: Actor, provider_id: int) -> Organisation:
    """The provider ``provider_id`` if the actor may act for it (its own staff, or the state);
    another provider's answer is "not found", like one that does not exist."""
    provider = Organisation.objects.filter(pk=provider_id, kind="provider").first()
    allowed = actor.role is None or actor.role in STATE_ROLES
    if actor.role in PROVIDER_ROLES:
        allowed = actor.organisation_id == provider_id
    if provider is None or not allowed:
        raise NotFound(f"There is no provider {provider_id}.", field="provider")
    return provider


def provider_staff(provider_id: int) -> list[int]:
    """The user ids that read a provider's compliance notices (its administrators and staff)."""
    return sorted(
        set(
            RoleMembership.objects.filter(
                organisation_id=provider_id, role__in=[r.value for r in PROVIDER_ROLES]
            ).values_list("user_id", flat=True)
        )
    )
