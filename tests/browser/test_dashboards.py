"""The dashboards a counselor and an LEA approver land on: signed in through the real page, each
home shows its figures, passes axe-core (WCAG 2.0/2.1 A and AA), and is saved as a screenshot;
a click goes on to the student page or the at-risk list, which pass axe too."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from seats.core.services.enrollment import record_progress, set_at_risk
from seats.domain.roles import Role
from tests.core.helpers_lifecycle import confirmed
from tests.factories import build_world, make_offering, make_student

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(live_server):
    """One student at risk in a confirmed course with another request pending, a second student
    with a pending request only."""
    world = build_world()
    cca = confirmed(world)
    provider = world.actor(Role.PROVIDER_STAFF)
    cca = record_progress(
        actor=provider,
        cca_id=cca.pk,
        expected_version=cca.version,
        percent="58",
        letter="F",
        last_activity=date(2025, 10, 14),
        as_of=date(2025, 10, 20),
    )
    set_at_risk(
        actor=provider,
        cca_id=cca.pk,
        expected_version=cca.version,
        at_risk=True,
        as_of=date(2025, 10, 20),
    )
    world.submit(offering=make_offering(world))
    other = make_student(world, legal_first_name="Ben", legal_last_name="Baker")
    world.submit(student=other, offering=make_offering(world))
    for role in (Role.COUNSELOR, Role.LEA_APPROVER):
        user = world.actor(role).user
        user.set_password("seats-demo")
        user.save()
    return world


def test_counselor_caseload(page, live_server, people) -> None:
    sign_in(page, live_server, people.actor(Role.COUNSELOR).user.username)
    assert page.url.removeprefix(live_server.url) == reverse("web:caseload")
    table = page.locator("table.caseload").inner_text()
    assert "Ben Baker" in table and people.student.display_name in table
    assert "since 10/20/2025" in table and "58% F" in table and "no activity reported" in table
    assert_accessible(page)
    screenshot(page, "home-counselor-caseload")
    page.click("label[for=at-risk-only]")  # a USWDS checkbox: its label is what one clicks
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "Ben Baker" not in page.locator("table.caseload").inner_text()
    page.click(f"text={people.student.display_name}")
    page.wait_for_load_state()
    assert "/caseload/students/" in page.url
    assert "Due next" in page.content()
    assert_accessible(page)


def test_lea_schools(page, live_server, people) -> None:
    sign_in(page, live_server, people.actor(Role.LEA_APPROVER).user.username)
    assert page.url.removeprefix(live_server.url) == reverse("web:lea_schools")
    row = page.locator("table.schools tbody tr").first.inner_text()
    assert "Canyon View High" in row
    assert_accessible(page)
    screenshot(page, "home-lea-schools")
    page.click("table.schools tbody tr >> nth=0 >> strong")  # the at-risk count
    page.wait_for_load_state()
    assert "/lea/at-risk/" in page.url
    assert people.student.display_name in page.locator("table.queue").inner_text()
    assert_accessible(page)
