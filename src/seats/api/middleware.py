"""The API's answers below Django's views are problem details too.

django-ninja answers a method the path does not have with a bare 405 before any SEATS code
runs; this middleware gives that answer the same ``application/problem+json`` shape as every
other API error, naming the methods allowed (the ``Allow`` header is kept)."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .errors import PROBLEM_TYPE, problem_response

API_PREFIX = "/api/"


class MethodProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith(PROBLEM_TYPE)
        ):
            return response
        allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
        detail = f"{request.method} is not allowed here. Allowed: {', '.join(allowed) or 'none'}."
        problem = problem_response(
            request, 405, "method-not-allowed", detail, allowed=allowed or None
        )
        if allowed:
            problem["Allow"] = ", ".join(allowed)
        return problem


#: The LMS batch endpoints of pupil accounting (docs/membership.md): they take bodies up to
#: ``SEATS_MEMBERSHIP_BATCH_MAX_BYTES``; every other request keeps Django's
#: ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB).
BATCH_PATHS = frozenset(
    {API_PREFIX + "v1/membership/events", API_PREFIX + "v1/membership/provider-events"}
)


def batch_limit_detail(limit: int) -> str:
    return (
        f"The batch is larger than the {limit / 1_000_000:.1f} MB this endpoint accepts "
        "(setting SEATS_MEMBERSHIP_BATCH_MAX_BYTES). Nothing was recorded: split the batch into "
        "smaller batches and send each one (a resent event is counted once, by its external_id)."
    )


class BatchBodyMiddleware:
    """An LMS's batch of 50,000 engagement events is about 6 MB of JSON, over Django's limit
    for one request body. For the batch endpoints only, and only for a request that names a
    token, the body is read here under ``SEATS_MEMBERSHIP_BATCH_MAX_BYTES`` (the stream is
    bounded by its Content-Length); a larger body is refused with a problem naming the limit
    and what to do. It must sit before anything that reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info in BATCH_PATHS:
            refused = self._read(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    @staticmethod
    def _read(request: HttpRequest) -> HttpResponse | None:
        from django.conf import settings

        limit = settings.SEATS_MEMBERSHIP_BATCH_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return problem_response(
                request, 413, "payload-too-large", batch_limit_detail(limit), limit_bytes=limit
            )
        default = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if default is None or length <= default or "Authorization" not in request.headers:
            return None  # Django's own limit and answers (no token: 401 before any reading)
        body = request.read()  # at most ``length`` bytes: below the batch limit
        request._body = body  # what ``request.body`` returns from now on
        request._stream = io.BytesIO(body)
        return None
