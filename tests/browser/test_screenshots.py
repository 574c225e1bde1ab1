"""The whole app at a glance, in the design system (USWDS): every role signs in through the real
page and each of its main pages (its home, the request queue, a CCA's page, the catalog) is
photographed at 1366 px and at 390 px into var/screenshots/<role>-<page>-<width>.png, for a
reviewer to look through at once. Each page passes axe-core in English and in Spanish, and at
390 px no table is cut off: the page never scrolls sideways and every table fits its container
(or scrolls inside a named region of its own)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seats.domain.roles import BESIDE_SOEP_ROLES, Role
from seats.web.nav import HOME, NAV
from tests.web.home_scene import build_scene

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1366, 390)

#: Tables wider than the box they sit in, unless that box scrolls on its own; and the page
#: itself wider than the screen.
CUT_OFF_JS = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) out.push('page scrollWidth ' + root.scrollWidth);
  for (const t of document.querySelectorAll('main table')) {
    const box = t.parentElement;
    if (getComputedStyle(box).overflowX !== 'visible') continue;
    if (t.getBoundingClientRect().right > box.getBoundingClientRect().right + 0.5
        || t.scrollWidth > box.clientWidth + 0.5)
      out.push(`table.${t.className} ${t.scrollWidth} > ${box.clientWidth}`);
  }
  return out;
}"""


@pytest.fixture
def scene(live_server):
    world, students, ccas = build_scene()
    for role in Role:
        user = world.actor(role).user
        user.set_password("seats-demo")
        user.save()
    return world, students, ccas


def main_pages(role: Role, ccas: dict) -> dict[str, str]:
    pages = {"home": reverse(HOME[role]), "queue": reverse("web:ccas")}
    pages["cca"] = reverse("web:cca", kwargs={"pk": ccas["a1"].pk})
    if any(item.url_name == "web:catalog" and role in item.roles for item in NAV):
        pages["catalog"] = reverse("web:catalog")
    if pages["home"] == pages["queue"]:
        del pages["queue"]  # the provider's home is the queue
    return pages


#: The roles it had: pupil accounting's pages have their own browser test (test_membership.py).
SOEP_ROLES = [r for r in Role if r not in BESIDE_SOEP_ROLES]


@pytest.mark.parametrize("role", SOEP_ROLES, ids=lambda r: r.value)
def test_screenshots_of_every_main_page(page, live_server, scene, role: Role) -> None:
    world, _students, ccas = scene
    sign_in(page, live_server, world.actor(role).user.username)
    assert page.url.removeprefix(live_server.url) == reverse(HOME[role])
    for name, path in main_pages(role, ccas).items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            assert page.locator(".usa-banner").count() == 1  # the USWDS look
            assert page.locator("header.usa-header").count() == 1
            assert page.locator("footer.usa-footer").count() == 1
            screenshot(page, f"{role.value}-{name}-{width}")
            if width == 390:
                assert page.evaluate(CUT_OFF_JS) == [], f"{path} at {width} px"
            assert_accessible(page)


def test_the_cut_off_check_can_fail(page) -> None:
    page.set_viewport_size({"width": 390, "height": 900})
    page.set_content(
        "<main><div><table class=wide><tr><td><div class=w>x</div></td></tr></table></div></main>"
    )
    page.add_style_tag(content=".w { width: 900px }")
    found = page.evaluate(CUT_OFF_JS)
    assert any("table.wide" in line for line in found) and any("page" in line for line in found)
