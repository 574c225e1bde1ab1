"""The second sign-in factor of staff: enrolling an authenticator app (TOTP), checking a code,
recovery codes, turning it off.

The devices are django-otp's models (``TOTPDevice``, ``StaticDevice``): its throttling (an
exponential wait after each wrong code) and replay protection (a TOTP code is accepted once,
a recovery code is deleted when used) are the library's, well reviewed, and kept. This module
is the only code that writes them, each change in one transaction with the person's row locked
so two tabs cannot enrol twice or spend one code twice.

A wrong or throttled code raises *after* the transaction commits, so the failure count the
library records is never rolled back by the exception.
"""

from __future__ import annotations

import logging
import re
import time
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from seats.domain.errors import DomainError, InvalidInput

from ..models import User

log = logging.getLogger("seats.mfa")

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
_SIX_DIGITS = re.compile(r"\d{6}")


class WrongCode(InvalidInput):
    """The code matches no device of the person (or was already used)."""

    code = "wrong_code"


class MfaRefused(DomainError):
    """A change the sign-in rules do not allow (enrol twice, turn off where required)."""

    code = "mfa_refused"


class CodeThrottled(DomainError):
    """Too many wrong codes in a row: django-otp refuses every code until ``until``."""

    code = "code_throttled"

    def __init__(self, until: datetime | None) -> None:
        super().__init__(
            "Too many wrong codes in a row. Wait a little, then type the newest code.",
            rule="sign-in: wrong codes are throttled",
        )
        self.until = until


@dataclass(frozen=True)
class Checked:
    """What one code check found: the device that accepted it, or why none did."""

    device: Device | None
    throttled_until: datetime | None = None
    throttled: bool = False


def new_secret() -> str:
    """A fresh 20-byte TOTP secret (hex), held in the session until the person confirms it."""
    return random_hex(20)


def normalise(code: str) -> str:
    """People type codes with spaces or dashes ("123 456", "abcd-efgh"): ignore them."""
    return re.sub(r"[\s-]", "", code or "").lower()


def confirm_enrolment(*, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Turn the pending secret into the person's confirmed authenticator once they prove their
    app shows the right code; issue fresh recovery codes. A person who already has a confirmed
    authenticator cannot enrol another here (a stolen password must not replace the factor)."""
    code = normalise(code)
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise MfaRefused(
                "You already have an authenticator app. Turn it off first, or ask a state "
                "administrator to reset it if it is lost.",
                rule="one authenticator per person",
            )
        totp = TOTP(unhexlify(key.encode()), step=30, digits=6)
        totp.time = time.time()
        matched = _SIX_DIGITS.fullmatch(code) is not None and totp.verify(int(code), tolerance=1)
        if matched:
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(
                user=user,
                name=TOTP_DEVICE_NAME,
                key=key,
                confirmed=True,
                last_t=totp.t(),  # the code just typed cannot be replayed to sign in
                drift=totp.drift,
            )
            codes = _replace_recovery_codes(user)
    if not matched:
        raise WrongCode(
            "That code does not match. Type the 6-digit code your app shows now for SEATS.",
            field="code",
        )
    log.info("mfa enrolled user=%s", user.pk)
    return device, codes


def check_code(*, user: User, code: str, recovery_allowed: bool = True) -> Checked:
    """Try ``code`` on the person's confirmed devices: a 6-digit code on the authenticator, any
    other text on the recovery codes. django-otp rows are locked (``select_for_update``)."""
    code = normalise(code)
    model = TOTPDevice if _SIX_DIGITS.fullmatch(code) else StaticDevice
    if model is StaticDevice and not recovery_allowed:
        return Checked(device=None)
    with transaction.atomic():
        devices = list(
            model.objects.devices_for_user(user, confirmed=True).select_for_update().order_by("pk")
        )
        for device in devices:
            allowed, info = device.verify_is_allowed()
            if not allowed:
                return Checked(None, (info or {}).get("locked_until"), throttled=True)
            if device.verify_token(code):
                return Checked(device)
    return Checked(device=None)


def verify(*, user: User, code: str, recovery_allowed: bool = True) -> Device:
    """The device that accepts ``code``, or ``WrongCode`` / ``CodeThrottled``."""
    checked = check_code(user=user, code=code, recovery_allowed=recovery_allowed)
    if checked.throttled:
        log.info("mfa throttled user=%s", user.pk)
        raise CodeThrottled(checked.throttled_until)
    if checked.device is None:
        log.info("mfa wrong code user=%s", user.pk)
        raise WrongCode(
            "That code is not right, or it was already used. Type the newest 6-digit code from "
            "your authenticator app, or one of your unused recovery codes.",
            field="code",
        )
    return checked.device


def regenerate_recovery_codes(*, user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), after a current authenticator code: a
    recovery code cannot mint more recovery codes."""
    verify(user=user, code=code, recovery_allowed=False)
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        codes = _replace_recovery_codes(user)
    log.info("mfa recovery codes regenerated user=%s", user.pk)
    return codes


def turn_off(*, user: User, code: str) -> None:
    """Remove the person's authenticator and recovery codes, only where MFA is optional."""
    if settings.SEATS_MFA_REQUIRED:
        raise MfaRefused(
            "Multi-factor sign-in is required for staff here and cannot be turned off.",
            rule="SEATS_MFA_REQUIRED",
        )
    verify(user=user, code=code)
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    log.info("mfa turned off user=%s", user.pk)


def _replace_recovery_codes(user: User) -> list[str]:
    """One recovery-code device per person, with a new set of single-use codes."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes
