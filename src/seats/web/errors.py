"""Site-wide error answers (``handler400`` in seats.urls).

Django answers a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (raised wherever the body is first
read: the CSRF check, a form, the API's token check) through the 400 handler; SEATS answers it
as what it is, **413**, as problem details (a page for a browser asking for HTML)."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_big(request)
    return defaults.bad_request(request, exception)  # type: ignore[arg-type]


def too_big(request: HttpRequest) -> HttpResponse:
    from seats.api.errors import problem_response, too_big_detail  # the API's one shape

    detail = too_big_detail()
    accept = request.headers.get("Accept", "")
    if "text/html" in accept and not request.path.startswith("/api/"):
        page = (
            "<!doctype html><html lang=en><title>Request too large</title>"
            f"<h1>Request too large</h1><p>{detail}</p></html>"
        )
        return HttpResponse(page, status=413, content_type="text/html; charset=utf-8")
    return problem_response(request, 413, "payload-too-large", detail)
