"""When a signed-in person must pass the second factor, and the gate that sends them to it.

A person holding any staff role (every role but student and parent, see
``permissions.STAFF_ROLES``) or a back-office account (``is_staff``) must be verified by
django-otp (``user.is_verified()``) before any page when

- ``SEATS_MFA_REQUIRED`` is on (production's default), or
- they have enrolled an authenticator app (in the demo MFA is optional, and still protects
  those who chose it).

Pages that are part of signing in carry ``@mfa_exempt`` (sign-in, the factor pages, sign-out,
language, health); everything else, including /admin/, is gated here. The API authenticates
with tokens, not the session, so an API call is anonymous to this gate and unaffected.
Students and parents never meet it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from seats.core.selectors import mfa as mfa_selectors
from seats.core.selectors.access import Viewer

from .permissions import STAFF_ROLES

View = Callable[..., HttpResponse]


def mfa_exempt(view: View) -> View:
    """A page open before the second factor (it is part of signing in, or carries no data)."""
    view.seats_mfa_exempt = True  # type: ignore[attr-defined]
    return view


def is_staff_person(user: Any, viewers: Iterable[Viewer]) -> bool:
    """Staff is decided by every role the person holds, not the one they act in now: a
    counselor who is also a parent is protected whichever role they picked."""
    if getattr(user, "is_staff", False):
        return True
    return any(v.role in STAFF_ROLES for v in viewers)


def is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)  # set by OTPMiddleware
    return bool(check and check())


def step_due(user: Any, viewers: Iterable[Viewer]) -> str | None:
    """The URL name of the step a signed-in person must take before other pages, or None."""
    if not user.is_authenticated or not is_staff_person(user, viewers) or is_verified(user):
        return None
    if mfa_selectors.enrolled(user):
        return "web:mfa_verify"
    if settings.SEATS_MFA_REQUIRED:
        return "web:mfa_enrol"
    return None


def to_step(step: str, destination: str) -> HttpResponseRedirect:
    return redirect(f"{reverse(step)}?{urlencode({'next': destination})}")


def safe_next(request: HttpRequest, default: str = "/") -> str:
    """Where to go after a factor page: the ``next`` asked for, if it stays on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


class SecondFactorMiddleware:
    """Sends an unverified staff person to the verify (or enrol) page, keeping where they were
    going in ``next``. Runs after ``OTPMiddleware`` and ``ViewerMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: View, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.path.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            return None
        step = step_due(request.user, getattr(request, "viewers", []))
        request.seats_mfa_step = step  # type: ignore[attr-defined]  # the menu hides meanwhile
        if step is None or getattr(view_func, "seats_mfa_exempt", False):
            return None
        return to_step(step, request.get_full_path())


class SeatsAdminSite(admin.AdminSite):
    """The back office (/admin/). Besides Django's ``is_staff`` check it needs a verified
    session whenever the person's second factor is due, and it signs people in through the
    site's throttled sign-in page rather than a second, unthrottled form."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Every model admin gets the private search (``seats.web.admin_search``)."""
        from django.contrib.admin import ModelAdmin

        from seats.web.admin_search import PrivateSearchMixin

        base = admin_class or ModelAdmin
        if not issubclass(base, PrivateSearchMixin):
            base = type(base.__name__, (PrivateSearchMixin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        due = step_due(request.user, getattr(request, "viewers", []))
        return super().has_permission(request) and due is None

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        destination = safe_next(request, reverse("admin:index"))
        if not request.user.is_authenticated:
            return redirect(f"{reverse('web:login')}?{urlencode({'next': destination})}")
        step = step_due(request.user, getattr(request, "viewers", []))
        if step is not None:
            return to_step(step, destination)
        return super().login(request, extra_context)
