"""What a person's second sign-in factor looks like: enrolled or not, since when, how many
recovery codes are left. Reads django-otp's device tables, always for one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import User


@dataclass(frozen=True)
class MfaStatus:
    enrolled: bool
    since: datetime | None
    last_used: datetime | None
    recovery_codes_left: int


def enrolled(user: User) -> bool:
    """True when the person has a confirmed authenticator app (one indexed query)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def status(user: User) -> MfaStatus:
    device = (
        TOTPDevice.objects.filter(user=user, confirmed=True)
        .only("created_at", "last_used_at")
        .order_by("pk")
        .first()
    )
    left = (
        StaticDevice.objects.filter(user=user, confirmed=True)
        .aggregate(n=Count("token_set"))
        .get("n")
    )
    return MfaStatus(
        enrolled=device is not None,
        since=device.created_at if device else None,
        last_used=device.last_used_at if device else None,
        recovery_codes_left=left or 0,
    )
