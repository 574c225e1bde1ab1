"""The API's answers below Django's views are problem details too.

django-ninja answers a method the path does not have with a bare 405 before any SEATS code
runs; this middleware gives that answer the same ``application/problem+json`` shape as every
other API error, naming the methods allowed (the ``Allow`` header is kept)."""

from __future__ import annotations

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
