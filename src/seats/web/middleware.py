"""Which role the signed-in person acts in: ``request.viewer`` (a ``Viewer``) and
``request.viewers`` (all their roles). The choice lives in the session; the first role is the
default, so a person with one role never has to choose."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from seats.core.selectors.access import Viewer, viewers_of

SESSION_KEY = "seats_viewer"


def viewer_key(viewer: Viewer) -> str:
    return f"{viewer.role.value}:{viewer.organisation.pk}"


class ViewerMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.viewer = None  # type: ignore[attr-defined]
        request.viewers = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            _account_language(request)
            viewers = viewers_of(request.user)
            chosen = request.session.get(SESSION_KEY)
            request.viewers = viewers  # type: ignore[attr-defined]
            request.viewer = next(  # type: ignore[attr-defined]
                (v for v in viewers if viewer_key(v) == chosen), viewers[0] if viewers else None
            )
        return self.get_response(request)


def _account_language(request: HttpRequest) -> None:
    """Without a language cookie (a new browser), a signed-in person who chose a language gets
    it (the one their notices use). Without a choice the browser's language, which
    LocaleMiddleware already picked from Accept-Language, stays."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    language = getattr(request.user, "language", "")
    if language not in {code for code, _name in settings.LANGUAGES}:
        return
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
