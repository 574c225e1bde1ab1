"""Issue 9, section 3 in a real browser: the parent reads the Notice of Enrollment from the CCA
page and from the inbox (page and PDF); the state works the correction worklist (denies one with
a reason); provider staff enter a home-school student's SSID, first wrongly, then rightly. Every
page passes axe-core in English and in Spanish."""

from __future__ import annotations

import pytest

from seats.core.models import Student, StudentChange
from seats.core.services.delivery import run_once
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import not_confirmed_closed
from tests.factories import build_world, make_student

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(live_server):
    world = build_world()
    for role in (Role.PARENT, Role.STATE_SPECIALIST, Role.PROVIDER_STAFF):
        user = world.actor(role).user
        user.set_password("seats-demo")
        user.save()
    return world


def test_the_parent_reads_the_notice_of_enrollment(page, live_server, world) -> None:
    cca = world.enrolled()
    run_once()
    sign_in(page, live_server, "parent")
    page.goto(f"{live_server.url}/ccas/{cca.pk}/")
    facts = page.locator("dl.facts").inner_text()
    assert "Notice of Enrollment" in facts and "Issued by State Board of Education on" in facts
    page.get_by_role("link", name="Read the Notice of Enrollment").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Notice of Enrollment"
    assert "accepts financial responsibility" in page.locator("ol.notice-terms").inner_text()
    assert_accessible(page)
    screenshot(page, "notice-of-enrollment")
    pdf = page.locator("a", has_text="Download the PDF").get_attribute("href")
    answer = page.request.get(f"{live_server.url}{pdf}")
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF-")

    page.goto(f"{live_server.url}/notices/")
    page.locator("a", has_text="Notice of Enrollment").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Read the Notice of Enrollment").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/ccas/{cca.pk}/notice-of-enrollment/")


def test_the_state_denies_a_correction_from_the_worklist(page, live_server, world) -> None:
    cca = not_confirmed_closed(world)
    sign_in(page, live_server, "specialist")
    page.goto(f"{live_server.url}/state/corrections/")
    assert page.locator("h1").inner_text() == "Correction requests"
    row = page.locator("table.corrections tbody tr")
    assert row.count() == 1 and "Answer by" in page.locator("table.corrections thead").inner_text()
    assert_accessible(page)
    screenshot(page, "state-corrections")
    row.first.get_by_role("link", name=f"Deny CCA {cca.pk}").click()
    page.wait_for_load_state()
    page.fill("#deny_correction-reason", "No activity in the course logs")
    page.get_by_role("button", name="Deny the correction").click()
    page.wait_for_load_state()
    assert "The correction is denied" in page.content()
    cca.refresh_from_db()
    assert cca.status == Status.NOT_CONFIRMED_CLOSED and cca.correction_denied_on is not None
    page.goto(f"{live_server.url}/state/corrections/")
    assert "No open correction requests." in page.content()
    assert_accessible(page)


def test_provider_staff_enter_a_home_school_ssid(page, live_server, world) -> None:
    home = make_student(
        world,
        ssid=None,
        is_home_school=True,
        home_school_acknowledged=True,
        proof_of_age_identity=True,
        primary_lea=world.home,
        primary_school=None,
    )
    cca = world.submit(student=home, actor=world.actor(Role.STATE_SPECIALIST))
    sign_in(page, live_server, "provider")
    page.goto(f"{live_server.url}/ccas/{cca.pk}/")
    page.fill("#ssid", "12-AB")
    page.get_by_role("button", name="Save the SSID").click()
    page.wait_for_load_state()
    assert "6-16 digits" in page.locator("#ssid-error").inner_text()
    assert page.locator("#ssid").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    page.fill("#ssid", "60606060")
    page.get_by_role("button", name="Save the SSID").click()
    page.wait_for_load_state()
    assert "The SSID is saved." in page.content()
    assert Student.objects.get(pk=home.pk).ssid == "60606060"
    assert StudentChange.objects.filter(student=home, new_value="60606060").exists()
    assert "60606060" in page.locator("dl.facts").inner_text()
