"""Issue 9 as a person sees it: a parent searches the catalog (it opens on the child's grade,
"Any grade" widens it, pages turn), reads each course's description, seats left and term dates,
in English and in Spanish; a provider searches its counselor contacts (the text never reaches
the address bar), sees each counselor's phone and downloads the list; staff find the API token
page in the menu. Every page visited passes axe-core in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from seats.core.models import CCA, User
from seats.domain.calendars import school_year_of
from seats.domain.catalog import MATURE_DISCLAIMER
from seats.domain.roles import Role
from tests.factories import build_world, make_offering, make_student

from .conftest import axe_violations, describe, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(live_server):
    world = build_world()
    world.register()
    make_offering(
        world,
        provider_title="Astronomy Online",
        description="Stars, planets and the night sky.",
        capacity=12,
        mature_content=True,
        ncaa_note="NCAA approved",
        content_categories=["Science"],
    )
    for n in range(30):
        make_offering(world, provider_title=f"Senior Seminar {n:02d}", grade_min=11, grade_max=12)
    student = make_student(world, legal_first_name="Ximena", legal_last_name="Quintero")
    world.register(student)
    cca = world.submit(student=student)
    CCA.objects.filter(pk=cca.pk).update(school_year=school_year_of(timezone.localdate()))
    for role in Role:
        user = world.actor(role).user
        user.set_password("seats-demo")
        user.save()
    User.objects.filter(pk=world.actor(Role.COUNSELOR).user.pk).update(phone="801-555-0142")
    return world


def in_language(page, live_server, language: str) -> None:
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
    page.context.add_cookies([cookie])
    page.reload()
    page.wait_for_load_state()


def test_a_parent_searches_the_catalog_in_both_languages(page, live_server, scene) -> None:
    sign_in(page, live_server, scene.actor(Role.PARENT).user.username)
    page.goto(f"{live_server.url}/catalog/")
    assert page.locator("#grade").input_value() == "10"  # the child's grade
    assert "Senior Seminar" not in page.locator("#catalog-results").inner_text()
    assert describe(axe_violations(page)) == ""
    page.fill("#catalog-q", "planets")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**q=planets**")
    page.wait_for_load_state("networkidle")
    results = page.locator("#catalog-results")
    assert results.locator("article.offering").count() == 1
    text = results.inner_text()
    assert "Stars, planets and the night sky." in text and "12" in text
    assert text.count(MATURE_DISCLAIMER) == 1 and "NCAA approved" in text
    assert "Semester 1" in text and " to " in text  # the term's dates
    screenshot(page, "catalog-search")
    in_language(page, live_server, "es")
    text = page.locator("#catalog-results").inner_text()
    assert "Plazas disponibles" in text and "Aprobado por la NCAA" in text
    assert "Este curso puede tener contenido para público maduro" in text
    assert " de 20" in text and "Semestre 1" in text
    assert describe(axe_violations(page)) == "", "in Spanish"
    screenshot(page, "catalog-search-es")
    in_language(page, live_server, "en")
    page.goto(f"{live_server.url}/catalog/")
    page.select_option("#grade", "")  # "Any grade" widens the list (htmx, on change)
    page.wait_for_url(re.compile(r"grade=(&|$)"))
    page.wait_for_load_state("networkidle")
    pager = page.locator("nav.usa-pagination")
    assert pager.count() == 1
    pager.get_by_role("link", name="Page 2").click()
    page.wait_for_url("**page=2**")
    page.wait_for_load_state("networkidle")
    assert "page=2" in page.url and "grade=" in page.url
    assert page.locator("article.offering").count() > 0
    assert describe(axe_violations(page)) == ""


def test_a_provider_searches_and_exports_the_counselor_contacts(page, live_server, scene) -> None:
    sign_in(page, live_server, scene.actor(Role.PROVIDER_STAFF).user.username)
    menu = page.get_by_role("navigation", name="Main")
    assert menu.get_by_role("link", name="API tokens").count() == 1
    page.goto(f"{live_server.url}/provider/contacts/")
    assert describe(axe_violations(page)) == ""
    page.fill("#contacts-q", "quint")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "quint" not in page.url.lower() and "search=" in page.url
    table = page.locator("table.queue").inner_text()
    assert "Ximena Quintero" in table and "801-555-0142" in table
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Student,SSID,Course") and len(lines) == 2
    assert "Quintero" in lines[1] and "801-555-0142" in lines[1]
    screenshot(page, "provider-contacts")
    in_language(page, live_server, "es")
    assert describe(axe_violations(page)) == "", "in Spanish"
    page.locator("header nav").get_by_role("link", name="Tokens de la API").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() in ("API tokens", "Tokens de la API")
    assert describe(axe_violations(page)) == ""
