"""Every role signs in through the real page and lands on its home; each page visited passes
axe-core's WCAG 2.0/2.1 A and AA rules in English and Spanish; a screenshot of each role's home
is written under var/screenshots/."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from seats.domain.roles import BESIDE_SOEP_ROLES, Role
from seats.web.nav import HOME
from tests.factories import build_world

from .conftest import axe_violations, describe, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(live_server):
    world = build_world()
    world.register()
    world.submit()
    for role in Role:
        user = world.actor(role).user
        user.set_password("seats-demo")
        user.save()
    return world


def with_language(page, live_server, language: str) -> None:
    """Reload the page with the language cookie set, as the language switcher does."""
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
    page.context.add_cookies([cookie])
    page.reload()
    page.wait_for_load_state()


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_lands_on_an_accessible_home(page, live_server, people, role: Role) -> None:
    username = people.actor(role).user.username
    sign_in(page, live_server, username)
    assert page.url.removeprefix(live_server.url) == reverse(HOME[role]), page.url
    assert page.locator("h1").first.inner_text()
    assert describe(axe_violations(page)) == ""
    screenshot(page, f"home-{role.value}")
    with_language(page, live_server, "es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert describe(axe_violations(page)) == "", "in Spanish"
    with_language(page, live_server, "en")
    if role in BESIDE_SOEP_ROLES:  # the other systems see no CCA
        return
    if HOME[role] != "web:ccas":  # a dashboard home (tests/browser/test_dashboards.py)
        page.goto(f"{live_server.url}{reverse('web:ccas')}")
    row_link = page.locator("table.queue tbody a").first
    row_link.click()
    page.wait_for_load_state()
    assert "/ccas/" in page.url
    assert describe(axe_violations(page)) == ""


@pytest.mark.parametrize("role", [Role.PARENT, Role.STUDENT], ids=lambda r: r.value)
def test_family_pages_in_spanish_are_accessible(page, live_server, people, role: Role) -> None:
    sign_in(page, live_server, people.actor(role).user.username)
    page.select_option("#language-choice", "es")
    page.click("form.language button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Solicitudes de cursos" in page.content()
    assert describe(axe_violations(page)) == ""
    screenshot(page, f"home-{role.value}-es")
    for path in ("/catalog/", "/notices/"):
        page.goto(f"{live_server.url}{path}")
        assert describe(axe_violations(page)) == "", path
