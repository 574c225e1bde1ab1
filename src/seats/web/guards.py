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
