"""The state staff pages in a real browser: compliance (with flags the sweep raised), its
drill-down, duplicates (rejecting one), the deadline calculator (a result and a field error) and
the access log; every page passes axe-core's WCAG 2.0/2.1 A and AA rules, also on a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from seats.core.models import CCA, LocalRegistration
from seats.core.services.sweep import run_sweep
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import ready_to_confirm
from tests.factories import SUBMITTED, build_world, make_offering, make_student, org

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def state_world(live_server):
    world = build_world()
    cca = ready_to_confirm(world)
    other = org("provider", "PRV9", "Far Online", provider_category="certified")
    same = make_offering(world, provider=other, core_code=world.offering.core_code)
    student = make_student(world)
    for provider in (world.provider, other):
        LocalRegistration.objects.create(student=student, provider=provider, completed_on=SUBMITTED)
    world.submit(student=student)
    world.submit(student=student, offering=same)
    run_sweep(as_of=cca.confirmation_due + timedelta(days=1))
    user = world.actor(Role.STATE_SPECIALIST).user
    user.set_password("seats-demo")
    user.save()
    return world


def test_state_pages_are_accessible_and_work(page, live_server, state_world) -> None:
    sign_in(page, live_server, "specialist")
    page.goto(f"{live_server.url}/state/compliance/")
    assert page.locator("h1").inner_text() == "Compliance: overdue work now"
    assert page.locator("table.matrix tbody tr").count() == 2  # PRV1 and PRV9
    assert_accessible(page)
    screenshot(page, "home-state-compliance")
    page.locator("table.matrix tbody tr").first.locator("td a").first.click()
    page.wait_for_load_state()
    assert "/state/compliance/overdue/" in page.url
    assert page.locator("table.queue tbody tr").count() >= 1
    assert_accessible(page)

    page.goto(f"{live_server.url}/state/duplicates/")
    assert "1 group of duplicate requests" in page.content()
    assert_accessible(page)
    page.locator("table.duplicates a[data-open-modal]").last.click()  # the USWDS modal
    page.locator(".usa-modal-wrapper.is-visible button[type=submit]").click()
    page.wait_for_load_state()
    assert "as a duplicate request" in page.locator(".messages").inner_text()
    assert "0 groups of duplicate requests" in page.content()
    assert CCA.objects.filter(status=Status.REJECTED_BY_STATE).count() == 1
    assert_accessible(page)

    page.goto(f"{live_server.url}/tools/deadlines/")
    page.fill("#id_submitted", "2025-09-02")
    page.fill("#id_course_start", "2025-09-08")
    page.click("form.calculator button[type=submit]")
    page.wait_for_load_state()
    assert "Day of Census" in page.locator("table.deadlines").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/tools/deadlines/?submitted=2025-02-30")
    assert "Enter a real date" in page.locator("#id_submitted_error").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/state/access-log/")
    assert page.locator("table.queue tbody tr").count() >= 3
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/state/compliance/", "/state/access-log/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
