"""Free-text searches kept out of URLs (SPEC 10: no personal data in logs or URLs; issue 8).

A search box can carry a student's name, SSID or birth date. Such a search is POSTed; the text
is kept in the person's session under an opaque random key, and the page is then shown at a
GET address that names only the key (``?search=<key>``) next to the bookmarkable filters
(status, school year, rows per page, sort), which stay plain query parameters. The address bar,
browser history, a proxy's or the server's request log and the links on the page therefore
never hold the text. A key is only meaningful in the session that made it (another person, or
the same person after signing out, gets the unfiltered list) and a session keeps its last
``KEEP`` searches.

An old bookmark that still carries the text in its query string is answered with a redirect
to the keyed address, so the text leaves the browser's history on the first visit.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.utils.http import urlencode

#: The query parameter naming a kept search.
SEARCH = "search"
SESSION_KEY = "seats.searches"
KEEP = 20


def stash(request: HttpRequest, page: str, fields: dict[str, str]) -> str:
    """Keep the non-empty ``fields`` of a search on ``page``; the key, or "" when empty."""
    fields = {name: value for name, value in fields.items() if value}
    if not fields:
        return ""
    saved: dict[str, dict[str, object]] = dict(request.session.get(SESSION_KEY, {}))
    entry = {"page": page, "fields": fields}
    for key, kept in saved.items():
        if kept == entry:
            return key
    key = secrets.token_urlsafe(12)
    saved[key] = entry
    while len(saved) > KEEP:
        saved.pop(next(iter(saved)))
    request.session[SESSION_KEY] = saved
    return key


def recall(request: HttpRequest, page: str) -> dict[str, str]:
    """The fields of the search the address names, or {} (unknown key, another page)."""
    key = request.GET.get(SEARCH, "")
    entry = request.session.get(SESSION_KEY, {}).get(key) if key else None
    if not isinstance(entry, dict) or entry.get("page") != page:
        return {}
    return {str(k): str(v) for k, v in dict(entry.get("fields", {})).items()}


def params(request: HttpRequest, page: str, private: Iterable[str]) -> QueryDict:
    """The page's parameters: the query string's public ones plus the kept search's fields."""
    private = tuple(private)
    merged = request.GET.copy()
    for name in private:
        merged.pop(name, None)
    for name, value in recall(request, page).items():
        if name in private:
            merged[name] = value
    return merged


def address(
    request: HttpRequest,
    base: str,
    page: str,
    *,
    public: Iterable[str],
    private: Iterable[str],
    source: QueryDict | None = None,
) -> str:
    """The GET address for the search in ``source`` (the POSTed form by default): the public
    filters as parameters and the private fields behind one key."""
    source = request.POST if source is None else source
    query = {name: source.get(name, "") for name in public if name in source}
    key = stash(request, page, {name: source.get(name, "").strip() for name in private})
    if key:
        query[SEARCH] = key
    return f"{base}?{urlencode(query)}" if query else base


def legacy_redirect(
    request: HttpRequest, base: str, page: str, *, public: Iterable[str], private: Iterable[str]
) -> HttpResponse | None:
    """A GET that carries a private field in its query string (an old bookmark) goes to the
    keyed address instead, every other parameter kept; None when the address is clean."""
    del public  # an old address keeps all its other parameters (a page, a cursor)
    private = tuple(private)
    if request.method != "GET" or not any(request.GET.get(name) for name in private):
        return None
    rest = [name for name in request.GET if name not in private and name != SEARCH]
    return HttpResponseRedirect(
        address(request, base, page, public=rest, private=private, source=request.GET),
        status=303,
    )
