"""Bearer-token authentication and per-token rate limits.

Every request acts as the token's role membership (a ``Viewer``), so reads start from the access
layer and writes go through the services as that viewer's actor. The rate limit counts requests
per token in fixed windows in the Django cache (Redis in production, so every web process shares
the count); it is configured by ``SEATS_API_RATE_LIMIT`` requests per ``SEATS_API_RATE_WINDOW``
seconds (default 600 per 60).
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer

from seats.core.selectors.access import Viewer

from .errors import ApiProblem
from .models import ApiToken
from .tokens import token_for, viewer_of


def rate_limit() -> tuple[int, int]:
    limit = int(getattr(settings, "SEATS_API_RATE_LIMIT", 600))
    window = int(getattr(settings, "SEATS_API_RATE_WINDOW", 60))
    return limit, max(window, 1)


def check_rate(token: ApiToken) -> None:
    """Count this request; refuse it with 429 and Retry-After once the window's budget is spent."""
    limit, window = rate_limit()
    if limit <= 0:
        return
    now = time.time()
    slot = int(now // window)
    key = f"seats:api:rate:{token.prefix}:{slot}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        retry = max(1, math.ceil((slot + 1) * window - now))
        raise ApiProblem(
            429,
            "rate-limited",
            f"This token may make {limit} requests per {window} seconds; retry in {retry} s.",
            headers={"Retry-After": str(retry)},
        )


def _refuse_nul(request: HttpRequest) -> None:
    """Text with NUL characters cannot be stored (PostgreSQL) and is never meaningful. A file
    upload (multipart, the compliance spreadsheets) is binary: its bytes are the file reader's."""
    binary = request.content_type == "multipart/form-data"
    if any("\x00" in v for values in request.GET.lists() for v in values[1]) or (
        not binary and (b"\\u0000" in request.body or b"\x00" in request.body)
    ):
        raise ApiProblem(422, "invalid-input", "Text may not contain NUL characters.")


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Viewer | None:
        found = token_for(token)
        if found is None:
            return None
        check_rate(found)
        _refuse_nul(request)
        viewer = viewer_of(found)
        request.api_token = found  # type: ignore[attr-defined]
        request.viewer = viewer  # type: ignore[attr-defined]
        return viewer


def viewer(request: HttpRequest) -> Viewer:
    return request.viewer  # type: ignore[attr-defined]


def api_token(request: HttpRequest) -> ApiToken:
    return request.api_token  # type: ignore[attr-defined]
