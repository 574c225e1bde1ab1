"""Partial page updates with htmx, as progressive enhancement (issue 3).

Every page works as plain links and forms. When htmx asks (the ``HX-Request`` header), a view
answers with only the part that changed, rendered from the same partial template the full page
includes, so the two can never disagree. A history restore (the back button after htmx changed
the URL) gets the whole page. ``Vary: HX-Request`` keeps caches from mixing the two answers.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_htmx(request: HttpRequest) -> bool:
    """A request htmx made for a fragment (not a history restore, which needs the full page)."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in headers


def render_part(
    request: HttpRequest,
    template: str,
    partial: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """The full ``template`` for a browser, the ``partial`` it includes for htmx."""
    chosen = partial if is_htmx(request) else template
    response = render(request, chosen, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
