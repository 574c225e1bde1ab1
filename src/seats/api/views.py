"""The token page (/api/v1/tokens/): a signed-in user lists, creates and revokes their own API
tokens with plain, CSRF-protected forms (signing in is the web application's: LOGIN_URL). The
secret of a new token is shown once, in the answer to the form that created it; never stored."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from seats.core.models import RoleMembership
from seats.domain.errors import DomainError
from seats.domain.roles import Role

from .errors import not_found
from .models import ApiToken
from .tokens import create_token, revoke_token


def _page(
    request: HttpRequest, *, secret: str = "", error: str = "", status: int = 200
) -> HttpResponse:
    memberships = (
        RoleMembership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
    tokens = (
        ApiToken.objects.filter(user=request.user)
        .select_related("membership", "membership__organisation")
        .order_by("-created_at")
    )
    context = {"memberships": memberships, "tokens": tokens, "secret": secret, "error": error}
    return render(request, "seats_api/tokens.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest) -> HttpResponse:
    """Any signed-in person's own tokens (the web menu offers the page to staff roles)."""
    if request.method == "GET":
        return _page(request)
    raw = str(request.POST.get("membership", "")).strip()
    membership = None
    if raw.isascii() and raw.isdigit() and len(raw) < 12:
        membership = RoleMembership.objects.filter(user=request.user, pk=int(raw)).first()
    if membership is None:
        return _page(request, error="Choose one of your roles for the token.", status=400)
    try:
        issued = create_token(membership=membership, name=request.POST.get("name", ""))
    except DomainError as exc:
        return _page(request, error=exc.message, status=400)
    return _page(request, secret=issued.secret)


@never_cache
@login_required
@require_POST
def revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    try:
        revoke_token(prefix=prefix, user=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        return _page(request, error=exc.message, status=404)
    return redirect("seats-api-tokens")


#: Who may open the page, as the web's ``@allow`` declares it (the menu test reads it).
tokens_page.seats_roles = frozenset(Role)  # type: ignore[attr-defined]


@csrf_exempt
def unknown_route(request: HttpRequest) -> HttpResponse:
    return not_found(request)
