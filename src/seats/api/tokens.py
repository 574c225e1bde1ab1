"""Issuing, checking and revoking API tokens (the only code that writes ApiToken rows).

A token reads ``seats_<prefix>_<secret>``. The prefix finds the row (and is shown in lists so a
person can tell tokens apart); the stored SHA-256 of the whole token proves the secret, compared
in constant time. The secret itself is shown once, when the token is created.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from seats.core.models import RoleMembership, User
from seats.core.selectors.access import Viewer
from seats.domain.errors import InvalidInput, NotFound
from seats.domain.roles import Role

from .models import ApiToken

TOKEN_START = "seats_"
#: Write last_used_at at most this often: a token used 600 times a minute writes once.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token string; never stored


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def default_lifetime() -> timedelta | None:
    days = int(getattr(settings, "SEATS_API_TOKEN_DAYS", 365))
    return timedelta(days=days) if days > 0 else None


def choose_membership(user: User, role: str | None, organisation: str | None) -> RoleMembership:
    """The one membership the options name; the error lists the choices when several fit."""
    memberships = RoleMembership.objects.filter(user=user).select_related("organisation")
    if role:
        try:
            Role(role)
        except ValueError:
            known = ", ".join(r.value for r in Role)
            raise InvalidInput(
                f"Unknown role {role!r}; use one of {known}.", field="role"
            ) from None
        memberships = memberships.filter(role=role)
    if organisation:
        memberships = memberships.filter(organisation__code=organisation)
    found = list(memberships.order_by("role", "organisation__code"))
    if len(found) == 1:
        return found[0]
    if not found:
        raise InvalidInput(
            f"{user.username} holds no role matching role={role or 'any'}, "
            f"organisation={organisation or 'any'}.",
            field="role",
        )
    choices = ", ".join(f"{m.role} at {m.organisation.code}" for m in found)
    raise InvalidInput(
        f"{user.username} holds several roles ({choices}); name one with role and organisation.",
        field="role",
    )


def create_token(
    *,
    membership: RoleMembership,
    name: str = "",
    lifetime: timedelta | bool | None = True,
) -> IssuedToken:
    """A new token acting as ``membership``. ``lifetime=True`` uses the configured default."""
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise InvalidInput("A token name is at most 100 characters.", field="name")
    life = default_lifetime() if lifetime is True else lifetime or None
    now = timezone.now()
    with transaction.atomic():
        prefix = _unused_prefix()
        raw = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            user=membership.user,
            membership=membership,
            name=name.strip(),
            prefix=prefix,
            secret_hash=digest(raw),
            expires_at=now + life if life else None,  # type: ignore[operator]
        )
    return IssuedToken(token, raw)


def _unused_prefix() -> str:
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


def revoke_token(*, prefix: str, user: User | None = None) -> ApiToken:
    """Revoke by prefix; with ``user``, only that user's own token (the tokens page)."""
    rows = ApiToken.objects.filter(prefix=prefix.strip())
    if user is not None:
        rows = rows.filter(user=user)
    with transaction.atomic():
        token = rows.select_for_update().first()
        if token is None:
            raise NotFound(f"There is no token {prefix!r}.", field="prefix")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def token_for(raw: str, *, now: datetime | None = None) -> ApiToken | None:
    """The live token the raw string proves, or None (unknown, wrong secret, revoked, expired,
    inactive user). One indexed query; ``last_used_at`` is refreshed at most once a minute."""
    parts = raw.strip().split("_", 2)
    if len(parts) < 3 or f"{parts[0]}_" != TOKEN_START:
        return None
    token = (
        ApiToken.objects.select_related("user", "membership", "membership__organisation")
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, digest(raw.strip())):
        return None
    now = now or timezone.now()
    if token.revoked_at or (token.expires_at and token.expires_at <= now):
        return None
    if not token.user.is_active or token.membership.user_id != token.user_id:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def viewer_of(token: ApiToken) -> Viewer:
    membership = token.membership
    return Viewer(token.user, Role(membership.role), membership.organisation)
