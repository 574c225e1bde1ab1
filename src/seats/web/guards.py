"""Site-wide answers the views do not give themselves: a busy database is a 409 to retry."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from seats.core import busy


class BusyDatabaseMiddleware:
    """SQLite still locked after its busy timeout: 409 with ``Retry-After``, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not busy.is_busy(exception):
            return None
        page = (
            "<!doctype html><html lang=en><title>Busy, try again</title>"
            f"<h1>Busy, try again</h1><p>{busy.MESSAGE}</p></html>"
        )
        response = HttpResponse(page, status=409, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(busy.RETRY_AFTER_SECONDS)
        return response


class SecurityHeadersMiddleware:
    """``Content-Security-Policy`` and ``Permissions-Policy`` on every answer, from the settings
    ``SEATS_CONTENT_SECURITY_POLICY`` and ``SEATS_PERMISSIONS_POLICY`` (Django 5.2 has no CSP of
    its own). The pages load scripts and styles from files only; see docs/security.md."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        response = self.get_response(request)
        for header, name in (
            ("Content-Security-Policy", "SEATS_CONTENT_SECURITY_POLICY"),
            ("Permissions-Policy", "SEATS_PERMISSIONS_POLICY"),
        ):
            value = getattr(settings, name, "")
            if value and header not in response:
                response[header] = value
        return response
