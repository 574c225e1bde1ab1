"""The state walks one provider's TOR cycle in a real browser (issue 11, part 3): the overview,
opening the spreadsheet, the provider's upload, the final review with its hold, the Notice of
Corrective Action; then the provider reads its findings. Every page passes axe-core."""

from __future__ import annotations

from datetime import date

import pytest

from seats.compliance.services.tor import upload_tor_sheet
from seats.domain.roles import Role
from seats.funding.models import PaymentHold
from tests.compliance.helpers import (
    load_math_requirements,
    misaligned_teacher,
    taught_by,
    tor_sheet,
)
from tests.factories import build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tor_world(live_server):
    world = build_world()
    load_math_requirements(world)
    for role in (Role.STATE_SPECIALIST, Role.PROVIDER_ADMIN):
        user = world.actor(role).user
        user.set_password("seats-demo")
        user.save()
    return world


def test_the_state_walks_the_tor_cycle(page, live_server, tor_world, settings) -> None:
    world = tor_world
    bad = misaligned_teacher(world)
    cca = taught_by(world.enrolled(), bad)
    settings.SEATS_TODAY = date(2025, 7, 1)
    sign_in(page, live_server, "specialist")
    page.goto(f"{live_server.url}/state/tor/?year=2025")
    assert page.locator("h1").inner_text() == "Teacher of record accountability 2025-26"
    assert_accessible(page)
    page.get_by_role("link", name="Lake Basin Online").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Open the spreadsheet").click()
    page.wait_for_load_state()
    assert "The TOR spreadsheet is open" in page.locator(".messages").inner_text()

    upload_tor_sheet(
        actor=world.actor(Role.PROVIDER_ADMIN),
        provider_id=world.provider.pk,
        school_year=2025,
        data=tor_sheet(world, (world.offering, bad)),
        file_name="tor.csv",
        as_of=date(2025, 7, 15),
    )
    settings.SEATS_TODAY = date(2025, 10, 15)
    page.reload()
    assert "1 assignment not aligned" in page.content()
    page.get_by_role("button", name="Complete the final review").click()
    page.wait_for_load_state()
    assert "The final review is recorded." in page.locator(".messages").inner_text()
    assert PaymentHold.objects.get().cca_id == cca.pk
    assert "held from payment" in page.content()
    page.get_by_label("The noncompliance and the required conditions").fill(
        "Math without endorsement."
    )
    page.get_by_label("Corrective steps").fill("Reassign the course.")
    page.get_by_role("button", name="Issue the notice").click()
    page.wait_for_load_state()
    assert "Notice of Corrective Action is issued" in page.locator(".messages").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/state/provider-cycle/?year=2025")
    assert_accessible(page)
    page.context.clear_cookies()
    sign_in(page, live_server, "provider-admin")
    page.goto(f"{live_server.url}/provider/tor/?year=2025")
    assert "Not aligned:" in page.content() and "Reassign the course." in page.content()
    assert_accessible(page)
    page.goto(f"{live_server.url}/provider/course-request/")
    assert_accessible(page)
