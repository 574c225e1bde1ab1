"""Account security pages of staff: the second sign-in factor (TOTP) and recovery codes.

The factor pages (verify, enrol, recovery codes) are part of signing in, so the MFA gate lets
an unverified person reach them (``@mfa_exempt``). They are declared ``@public`` because they
depend on the *person* (any staff role held), not on the role they act in now; an anonymous
visitor is sent to sign-in like anywhere else (so nothing tells whether an account exists), and
a student or parent is sent home: they never see MFA.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from seats.core.selectors import mfa as mfa_selectors
from seats.core.services import mfa as mfa_services
from seats.core.services.preferences import set_work_phone
from seats.domain.errors import DomainError

from . import throttle
from .mfa import is_staff_person, is_verified, mfa_exempt, safe_next, to_step
from .permissions import STAFF_ROLES, allow, public

PENDING_KEY = "seats_mfa_pending_key"
NEW_CODES = "seats_mfa_new_codes"
THROTTLED = "Too many wrong codes."

View = Callable[..., HttpResponse]


def factor_page(view: View) -> View:
    """A sign-in step for a staff person (see the module docstring)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_person(request.user, request.viewers):  # type: ignore[attr-defined]
            return redirect("web:home")
        return view(request, *args, **kwargs)

    return public(mfa_exempt(require_http_methods(["GET", "POST"])(guarded)))


def _keys(request: HttpRequest) -> tuple[str, str]:
    """The account throttle's keys: the same counters as failed passwords."""
    return request.user.get_username(), throttle.client_address(request)


def _throttled(refused: throttle.Refusal) -> str:
    wait = throttle.wait_text(refused.seconds)
    return f"{THROTTLED} Try again in {wait} with the newest code."


def _signed_in_with(request: HttpRequest, device: Device) -> None:
    """Mark the session verified by ``device``, under a new session key (no fixation)."""
    otp_login(request, device)
    request.session.cycle_key()
    throttle.clear(request.user.get_username())


@factor_page
def verify(request: HttpRequest) -> HttpResponse:
    """The page "Enter the 6-digit code from your authenticator app" (or a recovery code)."""
    destination = safe_next(request)
    if is_verified(request.user):
        return redirect(destination)
    if not mfa_selectors.enrolled(request.user):  # type: ignore[arg-type]
        if settings.SEATS_MFA_REQUIRED:
            return to_step("web:mfa_enrol", destination)
        return redirect(destination)
    error, status = "", 200
    if request.method == "POST":
        if refused := throttle.refusal(*_keys(request)):
            error, status = _throttled(refused), 429
        else:
            try:
                device = mfa_services.verify(
                    user=request.user,  # type: ignore[arg-type]
                    code=request.POST.get("code", ""),
                )
            except mfa_services.CodeThrottled as exc:
                error, status = exc.message, 429
            except DomainError as exc:
                throttle.record_failure(*_keys(request))
                error = exc.message
            else:
                _signed_in_with(request, device)
                return redirect(destination)
    context = {"error": error, "next": destination}
    return render(request, "web/account/verify.html", context, status=status)


@factor_page
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), confirm a code."""
    destination = safe_next(request)
    if mfa_selectors.enrolled(request.user):  # type: ignore[arg-type]
        if is_verified(request.user):
            return redirect("web:account_security")
        return to_step("web:mfa_verify", destination)
    key = request.session.get(PENDING_KEY) or mfa_services.new_secret()
    request.session[PENDING_KEY] = key
    error, status = "", 200
    if request.method == "POST":
        if refused := throttle.refusal(*_keys(request)):
            error, status = _throttled(refused), 429
        else:
            try:
                device, codes = mfa_services.confirm_enrolment(
                    user=request.user,  # type: ignore[arg-type]
                    key=key,
                    code=request.POST.get("code", ""),
                )
            except DomainError as exc:
                throttle.record_failure(*_keys(request))
                error = exc.message
            else:
                _signed_in_with(request, device)
                request.session.pop(PENDING_KEY, None)
                request.session[NEW_CODES] = codes
                return to_step("web:mfa_recovery_codes", destination)
    context = {"error": error, "next": destination, **_enrolment_picture(request.user, key)}
    return render(request, "web/account/enrol.html", context, status=status)


@factor_page
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once: the session holds them only until this page shows
    them (the database keeps them, but no page shows them again)."""
    codes = request.session.pop(NEW_CODES, None)
    return render(
        request,
        "web/account/recovery_codes.html",
        {"codes": codes, "next": safe_next(request, reverse("web:account_security"))},
    )


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """Account security: whether MFA is on, new recovery codes, turning MFA off (if optional)."""
    user = request.user
    error = phone_error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        code = request.POST.get("code", "")
        try:
            if action == "phone":
                try:
                    set_work_phone(user=user, phone=request.POST.get("phone", ""))  # type: ignore[arg-type]
                except DomainError as exc:
                    phone_error = exc.message
                else:
                    messages.success(request, "Your work phone is saved.")
                    return redirect("web:account_security")
            elif action == "recovery_codes":
                codes = mfa_services.regenerate_recovery_codes(user=user, code=code)  # type: ignore[arg-type]
                request.session[NEW_CODES] = codes
                return redirect("web:mfa_recovery_codes")
            elif action == "turn_off":
                mfa_services.turn_off(user=user, code=code)  # type: ignore[arg-type]
                messages.success(request, "Multi-factor sign-in is off for your account.")
                return redirect("web:account_security")
            else:
                error = "Choose an action: new recovery codes, or turn multi-factor sign-in off."
        except mfa_services.WrongCode as exc:
            throttle.record_failure(*_keys(request))
            error = exc.message
        except DomainError as exc:
            error = exc.message
    context = {
        "status": mfa_selectors.status(user),  # type: ignore[arg-type]
        "required": settings.SEATS_MFA_REQUIRED,
        "error": error,
        "phone_error": phone_error,
        "phone": request.POST.get("phone", "") if phone_error else user.phone,  # type: ignore[union-attr]
    }
    failed = error or phone_error
    return render(request, "web/account/security.html", context, status=400 if failed else 200)


def _enrolment_picture(user: Any, key: str) -> dict[str, str]:
    """The QR code (inline SVG, drawn here: no CDN, no script) and the same secret as text
    for typing into the app by hand."""
    url = TOTPDevice(user=user, key=key).config_url  # unsaved: only builds the otpauth:// URL
    svg = segno.make(url, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff")
    secret = b32encode(unhexlify(key.encode())).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    # segno writes the SVG itself from the otpauth:// URL (the user name in it is URL-quoted).
    return {"qr_svg": mark_safe(svg), "secret": grouped}
