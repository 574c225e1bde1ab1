"""The state administrator's payment run page and the appropriation page in a real browser:
preview a month, approve it, see that the approver may not post it, post it as a second state
administrator (through htmx, the page polling the run's progress), and
every page passes axe-core's WCAG 2.0/2.1 A and AA rules, also on a phone."""

from __future__ import annotations

import pytest

from seats.domain.roles import Role
from seats.funding.models import Entry, PaymentRun
from seats.funding.services.appropriation import set_appropriation
from tests.factories import build_world, user_with
from tests.funding.helpers import SYSTEM, confirmed_at, denver, load_msp

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def funding_world(live_server):
    world = build_world()
    load_msp(2025, 2026)
    confirmed_at(world, denver(2026, 11, 3, 10))  # paid in the 2026-11 run (cutoff passed)
    set_appropriation(actor=SYSTEM, school_year=2026, amount="50000.00")
    user = world.actor(Role.STATE_ADMIN).user
    user.set_password("seats-demo")
    user.save()
    second = user_with(Role.STATE_ADMIN, world.state, username="state-admin-2").user
    second.set_password("seats-demo")
    second.save()
    return world


def test_preview_approve_and_post_a_run(page, live_server, funding_world) -> None:
    sign_in(page, live_server, "state-admin")
    page.goto(f"{live_server.url}/funding/runs/")
    assert page.locator("h1").inner_text() == "Payment runs"
    page.fill("#id_month", "2026-11")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "Lake Basin Online" in page.locator("#per-provider + .seats-table").inner_text()
    assert_accessible(page)
    page.click("#approve-form button[type=submit]")
    page.wait_for_load_state()
    assert "Approved: the 2026-11 run posts 1 entries" in page.locator(".messages").inner_text()
    assert "another state administrator must post it" in page.locator("#two-people").inner_text()
    assert page.locator("#post-form").count() == 0, "the approver may not post it"
    assert_accessible(page)
    page.context.clear_cookies()
    sign_in(page, live_server, "state-admin-2")  # a second state administrator posts it
    page.goto(f"{live_server.url}/funding/runs/?month=2026-11")
    with page.expect_navigation():  # htmx posts, then HX-Redirect reloads the month
        page.click("#post-form button[type=submit]")
    page.wait_for_load_state()
    assert "Posted 1 entries totalling 170.00" in page.locator(".messages").inner_text()
    assert PaymentRun.objects.filter(month="2026-11-01").exists() and Entry.objects.count() == 1
    assert "Posted" in page.locator("#run-progress").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/funding/runs/?month=2026-13")
    assert "month must look like 2027-02" in page.locator("#error-summary").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/funding/appropriation/?year=2026")
    assert "Balance: 50000.00" in page.content()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/funding/runs/?month=2026-11", "/funding/appropriation/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
