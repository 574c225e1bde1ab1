"""The back office's searches kept out of URLs, as the site's own searches are (seats.web.search).

Django's admin searches with ``GET ?q=<text>``, and its change lists repeat ``q`` in every link
(sorting, filters, pages), so a student's SSID or last name typed into the admin search box
would land in the address bar, the browser history and the request logs (SPEC 10). Every model
admin registered on the site (``SeatsAdminSite.register``) gets this mixin instead:

- the search form is POSTed (with its CSRF token); the text is kept in the session behind an
  opaque key (``seats.web.search.stash``) and the browser is sent to ``?search=<key>`` plus the
  list's public parameters (filters, sort);
- a request naming the key gets its text back from the session only; the change list's links
  carry the key, never the text;
- an address that still holds ``q`` (an old bookmark, a hand-typed URL) is redirected to the
  keyed one.

The filters and sort stay plain parameters: they name columns and codes, not people.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.views.main import IS_FACETS_VAR, SEARCH_VAR, ChangeList
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import urlencode

from seats.web.search import SEARCH, recall, stash

#: The hidden field that marks a POST as the search form (not an admin action).
POSTED = "_seats_search"
TEMPLATE = "web/admin/change_list.html"


def _page(request: HttpRequest) -> str:
    return f"admin:{request.path}"


def _redirect(request: HttpRequest, text: str, source: Any) -> HttpResponse:
    """To the list's address: the public parameters of ``source`` and the key of ``text``."""
    query = [
        (name, value)
        for name, values in source.lists()
        for value in values
        if name not in (SEARCH_VAR, SEARCH, POSTED, "csrfmiddlewaretoken", "p")
    ]
    key = stash(request, _page(request), {SEARCH_VAR: text.strip()})
    if key:
        query.append((SEARCH, key))
    return HttpResponseRedirect(
        f"{request.path}?{urlencode(query)}" if query else request.path, status=303
    )


class _KeyedChangeList(ChangeList):
    """A change list whose links name the kept search's key instead of its text."""

    search_key = ""

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        # The filters were built above; only the links' parameters change from here on.
        self.params.pop(SEARCH_VAR, None)
        self.filter_params.pop(SEARCH_VAR, None)
        if self.search_key:
            self.params[SEARCH] = self.search_key
            self.filter_params[SEARCH] = [self.search_key]
        # Built by Django's __init__ from the parameters above: build them again.
        self.add_facet_link = self.get_query_string({IS_FACETS_VAR: True})
        self.remove_facet_link = self.get_query_string(remove=[IS_FACETS_VAR])


class PrivateSearchMixin:
    """Mixed into every model admin of the site (see the module's docstring)."""

    change_list_template = TEMPLATE

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "POST" and POSTED in request.POST:
            return _redirect(request, request.POST.get(SEARCH_VAR, ""), request.POST)
        if request.method == "GET" and SEARCH_VAR in request.GET:
            return _redirect(request, request.GET.get(SEARCH_VAR, ""), request.GET)
        key = request.GET.get(SEARCH, "")
        text = recall(request, _page(request)).get(SEARCH_VAR, "")
        query = request.GET.copy()
        query.pop(SEARCH, None)
        if text:
            query[SEARCH_VAR] = text
        request.GET = query
        request.seats_admin_search_key = key if text else ""  # type: ignore[attr-defined]
        context = {**(extra_context or {}), "seats_search_field": POSTED}
        return super().changelist_view(request, context)  # type: ignore[misc]

    def get_preserved_filters(self, request: HttpRequest) -> str:
        """The list's parameters a change page carries back: the key, never the text."""
        key = getattr(request, "seats_admin_search_key", None)
        if key is None:
            return super().get_preserved_filters(request)  # type: ignore[misc]
        query = request.GET.copy()
        query.pop(SEARCH_VAR, None)
        if key:
            query[SEARCH] = key
        request_get, request.GET = request.GET, query
        try:
            return super().get_preserved_filters(request)  # type: ignore[misc]
        finally:
            request.GET = request_get

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        # Per request (a model admin is shared by every request the process serves).
        key = getattr(request, "seats_admin_search_key", "")
        return type("KeyedChangeList", (_KeyedChangeList,), {"search_key": key})
