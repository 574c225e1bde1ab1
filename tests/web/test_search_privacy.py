"""No name, SSID or birth date in a URL or a log line (SPEC 10; issue 8, item 5).

Every page with a free-text search (the queue, the caseload, the access log) is searched by
every role that may open it, with the fixture student's last name, first name and SSID, as a
browser (POST, then the redirect), as htmx (POST, the results and HX-Push-Url) and by following
every link the results offer (sort, pages, exports). Nothing a proxy, the server's log, the
browser's history or the access log keeps may contain those words: the request lines, the
Location and HX-Push-Url headers, every href/hx-get/action on the pages, every access-log row
and every log record at any level.
"""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from seats.core.models import AccessLog
from seats.domain.roles import SCHOOL_ROLES, STATE_ROLES, Role
from seats.web.permissions import ALL_ROLES
from seats.web.search import KEEP, SEARCH
from tests.factories import build_world, make_student

pytestmark = pytest.mark.django_db

LAST, FIRST, SSID, BORN = "Hughesworth", "Marisol", "4815162", date(2010, 3, 14)
SECRETS = (LAST, FIRST, SSID, BORN.isoformat(), "2010-03-14", "3/14/2010")
HX = {"HX-Request": "true"}
LINKS = re.compile(r'(?:href|hx-get|hx-post|action)="([^"]*)"')


@pytest.fixture
def world():
    w = build_world()
    student = make_student(
        w, legal_last_name=LAST, legal_first_name=FIRST, ssid=SSID, date_of_birth=BORN
    )
    w.register(student)
    w.submit(student=student)
    w.submit()  # another student, so a search narrows the list
    return w


#: Each search page: (URL name, roles that may open it, the POSTed fields for a term, the
#: context value that shows the search applied).
PAGES = {
    "queue": ("web:ccas", set(ALL_ROLES), lambda t: {"status": "", "q": t, "per": "25"}),
    "caseload": ("web:caseload", set(SCHOOL_ROLES), lambda t: {"q": t, "year": "2025"}),
    "access_log": ("web:access_log", set(STATE_ROLES), lambda t: {"ssid": t, "username": t}),
}
CASES = [(page, role) for page, (_u, roles, _f) in PAGES.items() for role in sorted(roles)]


class Recorder:
    """Everything a proxy, the server log or the browser history would keep of the requests."""

    def __init__(self, client: Client) -> None:
        self.client, self.kept = client, []

    def _keep(self, response) -> None:  # type: ignore[no-untyped-def]
        for hop in [*response.redirect_chain, None]:
            if hop is not None:
                self.kept.append(hop[0])
        request = response.request
        self.kept.append(
            f'"{request["REQUEST_METHOD"]} {request["PATH_INFO"]}?'
            f'{request.get("QUERY_STRING", "")}"'
        )
        for header in ("Location", "HX-Push-Url", "HX-Redirect", "HX-Location"):
            if response.has_header(header):
                self.kept.append(response[header])
        if "html" in response.get("Content-Type", ""):
            self.kept.extend(LINKS.findall(response.content.decode()))

    def get(self, url: str, **kw: object):  # type: ignore[no-untyped-def]
        response = self.client.get(url, follow=True, **kw)
        self._keep(response)
        return response

    def post(self, url: str, data: dict[str, str], **kw: object):  # type: ignore[no-untyped-def]
        response = self.client.post(url, data, follow=True, **kw)
        self._keep(response)
        return response


def _leaks(texts: list[str]) -> list[str]:
    return [t for t in texts if any(s.lower() in t.lower() for s in SECRETS)]


@pytest.mark.parametrize(("page", "role"), CASES)
def test_no_search_term_in_any_url_or_log(world, caplog, page: str, role: Role) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("django.request", "django.server", "seats"):
        caplog.set_level(logging.DEBUG, logger=name)
    url_name, _roles, fields = PAGES[page]
    url = reverse(url_name)
    client = Client()
    client.force_login(world.actor(role).user)
    browser = Recorder(client)
    searched = 0
    for term in (LAST, FIRST.lower(), SSID):
        plain = browser.post(url, fields(term))
        assert plain.status_code == 200 and plain.redirect_chain  # POST, then 303 to a GET
        assert SEARCH + "=" in plain.redirect_chain[-1][0]
        form = plain.context["form"] if page == "access_log" else None
        applied = form.data.get("ssid") if form is not None else plain.context["query"].search
        assert applied == term  # the search really applied, from the session
        searched += 1
        if page == "queue":
            part = browser.post(url, fields(term), headers=HX)
            assert part.status_code == 200 and SEARCH + "=" in part["HX-Push-Url"]
            assert [c.pk for c in part.context["page"].object_list] == [
                c.pk for c in plain.context["page"].object_list
            ]
        # Every link the results offer: sort, pages, exports (with the same search).
        for link in {u for u in LINKS.findall(plain.content.decode()) if u.startswith(url)}:
            followed = browser.get(link.replace("&amp;", "&"))
            assert followed.status_code == 200
    assert searched == 3 and browser.kept
    assert _leaks(browser.kept) == []
    logged = list(AccessLog.objects.values_list("what", "role", "channel"))
    assert logged and _leaks([" ".join(map(str, row)) for row in logged]) == []
    lines = [f"{r.name} {r.levelname} {r.getMessage()} {r.args!r}" for r in caplog.records]
    assert _leaks(lines) == []


def test_the_queue_search_finds_from_the_session_and_keys_stay_private(world) -> None:
    counselor = Client()
    counselor.force_login(world.actor(Role.COUNSELOR).user)
    url = reverse("web:ccas")
    found = counselor.post(url, {"status": "", "q": LAST})
    assert found.status_code == 303
    address = found["Location"]
    assert LAST not in address and SEARCH + "=" in address
    rows = counselor.get(address).context["page"].object_list
    assert [c.student.legal_last_name for c in rows] == [LAST]
    # The same key in another person's session finds nothing: the text is not in the key.
    other = Client()
    other.force_login(world.actor(Role.REGISTRAR).user)
    assert len(other.get(address).context["page"].object_list) == 2
    # An export link carries the key, not the text, and exports the searched rows only.
    export = counselor.get(reverse("web:ccas_export", args=["csv"]) + "?" + address.split("?")[1])
    assert LAST in export.content.decode() and export.content.decode().count("\n") == 2


def test_an_old_address_with_the_text_is_redirected_to_a_key(world) -> None:
    client = Client()
    client.force_login(world.actor(Role.COUNSELOR).user)
    for url_name, query in (("web:ccas", {"q": LAST, "status": ""}), ("web:caseload", {"q": SSID})):
        response = client.get(reverse(url_name), query)
        assert response.status_code == 303
        assert LAST not in response["Location"] and SSID not in response["Location"]
        assert SEARCH + "=" in response["Location"]


def test_a_session_keeps_its_last_searches_only(world) -> None:
    client = Client()
    client.force_login(world.actor(Role.COUNSELOR).user)
    url = reverse("web:ccas")
    first = client.post(url, {"status": "", "q": "term-0"})["Location"]
    again = client.post(url, {"status": "", "q": "term-0"})["Location"]
    assert first == again  # the same search keeps its key
    for n in range(1, KEEP + 1):
        client.post(url, {"status": "", "q": f"term-{n}"})
    assert client.get(first).context["query"].search == ""  # forgotten, the whole list
