"""A Spanish-speaking parent previews a request their child may not make and reads every reason
in Spanish, in a real browser: no axe violation (the English rule citations are marked
``lang="en"``), also at phone width; and reads in Spanish why the provider rejected one."""

from __future__ import annotations

from datetime import date

import pytest

from seats.core import clock
from seats.core.models import CCA, PolicySetting
from seats.core.services.requests import decide_as_provider
from seats.domain.calendars import school_year_of
from seats.domain.roles import Role
from tests.factories import build_world, make_offering, make_student

from .conftest import axe_violations, describe, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "seats-demo"


@pytest.fixture
def refused(live_server):
    world = build_world()
    child = make_student(world, grade=9, group_care="therapeutic_school", utah_fits_all="current")
    world.guardian.students.add(child)
    year = school_year_of(clock.today())
    PolicySetting.objects.create(
        school_year=year, key="credit_limit", value="0.25", effective_on=date(year, 7, 1)
    )
    seniors = make_offering(world, grade_min=11, grade_max=12)
    parent = world.actor(Role.PARENT).user
    parent.set_password(PASSWORD)
    parent.language = "es"
    parent.save()
    return child, seniors


def test_a_spanish_parent_reads_why_a_request_cannot_be_filed(page, live_server, refused) -> None:
    child, seniors = refused
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "parent")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/catalog/{seniors.pk}/request/?student={child.pk}")
    reasons = page.locator("ul.reasons li").all_inner_texts()
    assert len(reasons) == 4
    assert reasons[0].startswith(
        "No es elegible: Los estudiantes ubicados en una escuela terapéutica"
    )
    assert reasons[2].startswith("Necesita una aprobación: Este curso suma 0,5 de crédito")
    assert "el estudiante está en el grado 9" in reasons[3]
    assert page.locator("ul.reasons small[lang=en]").count() == 4
    assert page.locator("#submit-request").count() == 0
    assert describe(axe_violations(page)) == ""
    screenshot(page, "request-ineligible-es")
    page.set_viewport_size({"width": 390, "height": 844})
    fits = "document.documentElement.scrollWidth <= window.innerWidth + 1"
    assert page.evaluate(fits), "the request page scrolls sideways on a phone"
    screenshot(page, "request-ineligible-es-phone")
    assert describe(axe_violations(page)) == ""


@pytest.fixture
def rejected(live_server):
    world = build_world()
    world.register()
    cca = world.submit()
    decide_as_provider(
        actor=world.actor(Role.PROVIDER_STAFF),
        cca_id=cca.pk,
        expected_version=cca.version,
        accept=False,
        reason_code="prerequisites_not_met",
    )
    CCA.objects.filter(pk=cca.pk).update(school_year=school_year_of(clock.today()))
    parent = world.actor(Role.PARENT).user
    parent.set_password(PASSWORD)
    parent.language = "es"
    parent.save()
    return cca


def test_a_spanish_parent_reads_why_the_provider_rejected(page, live_server, rejected) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "parent")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/my-courses/")
    spanish = "El estudiante no ha cumplido los requisitos previos del curso."
    card = page.locator("article.course-card")
    assert spanish in card.inner_text() and "Motivo" in card.inner_text()
    assert describe(axe_violations(page)) == ""
    screenshot(page, "my-courses-rejected-es")
    page.goto(f"{live_server.url}/ccas/{rejected.pk}/")
    assert spanish in page.locator("ol.timeline").inner_text()
    assert "prerequisites" not in page.content()
    assert describe(axe_violations(page)) == ""
