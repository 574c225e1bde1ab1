"""Security headers (issue 8 item 12): every page answers with the Content-Security-Policy and
the Permissions-Policy, and no rendered page has an inline script, style or event handler (which
the policy would block)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver, reverse

from seats.domain.roles import Role
from tests.web.conftest import signed_in
from tests.web.test_pages import STUDENT_PAGES, _web_patterns, scene  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

DATA_SCRIPTS = {"application/json", "application/ld+json"}  # data blocks, never run


class InlineFinder(HTMLParser):
    """Collects what a strict CSP blocks: inline <script> and <style>, style="...", on*="...",
    and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") not in DATA_SCRIPTS:
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style" or name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=...> at line {self.getpos()[0]}")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:...> at line {self.getpos()[0]}")


def inline_code(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_finder_finds_inline_code() -> None:
    page = (
        '<script>alert(1)</script><script src="/x.js"></script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:x()">x</a>'
        '<script type="application/json" id="d">{}</script>'
    )
    assert len(inline_code(page)) == 5


def _check(response, where: str) -> None:  # type: ignore[no-untyped-def]
    csp = response.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, (where, csp)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in response.get("Permissions-Policy", ""), where
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == [], where


def test_the_settings_hold_the_policies() -> None:
    assert settings.SEATS_CONTENT_SECURITY_POLICY.startswith("default-src 'self'")
    assert "geolocation=()" in settings.SEATS_PERMISSIONS_POLICY


@pytest.mark.parametrize("role", list(Role))
def test_every_web_page_of_every_role_has_the_headers_and_no_inline_code(scene, role) -> None:  # noqa: F811
    world, ours, _ = scene
    client = signed_in(world, role)
    for pattern in _web_patterns(get_resolver()):
        if pattern.name in {"logout"}:
            continue
        kwargs = {"pk": ours.pk} if "pk" in str(pattern.pattern) else {}
        if pattern.name in STUDENT_PAGES:
            kwargs = {"pk": ours.student_id}
        if "file_format" in str(pattern.pattern):
            kwargs = {"file_format": "csv"}
        for name in re.findall(r"<int:(\w+)>", str(pattern.pattern)):
            kwargs.setdefault(name, 987_654)  # an adult-ed hour or test: none here, a 404 page
        url = reverse(f"web:{pattern.name}", kwargs=kwargs)
        _check(client.get(url), f"{role.value} {url}")


def test_anonymous_api_admin_and_error_pages(scene) -> None:  # noqa: F811
    world, _, _ = scene
    anonymous = Client()
    for url in ("/accounts/login/", "/admin/login/", "/api/v1/docs", "/api/v1/openapi.json"):
        _check(anonymous.get(url), url)
    _check(anonymous.get("/no-such-page/"), "404")
    _check(anonymous.get("/api/v1/ccas"), "401 problem")
    staff = signed_in(world, Role.STATE_ADMIN)
    for url in ("/api/v1/tokens/", "/account/security/", "/admin/"):
        _check(staff.get(url, follow=True), url)
