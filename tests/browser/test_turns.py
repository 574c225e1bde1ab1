"""What each person sees is theirs to do (issue 9, section 3), in a real browser: the LEA's queue
with the training's columns, whose turn on each row and the row actions; the parent's My courses
and CCA page with what is pending now, the session in words and the history's people as role
and organisation. Every page passes axe-core in English and Spanish; screenshots are saved."""

from __future__ import annotations

import pytest

from seats.domain.roles import Role
from tests.factories import build_world

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(live_server):
    """One request the LEA approved (the provider has not decided), one still undecided."""
    w = build_world()
    w.register()
    w.approve(w.submit())
    w.submit(offering=w.offering_full_credit, session="S2")
    for role in (Role.LEA_APPROVER, Role.PARENT):
        user = w.actor(role).user
        user.set_password("seats-demo")
        user.save()
    return w


def test_the_lea_queue_says_whose_turn(page, live_server, world) -> None:
    sign_in(page, live_server, world.actor(Role.LEA_APPROVER).user.username)
    page.goto(f"{live_server.url}/ccas/")
    headers = [
        h.replace("▲", "").replace("▼", "").strip()
        for h in page.locator("table.queue thead th").all_inner_texts()
    ]
    assert headers[:9] == [
        "Submission Date",
        "Student",
        "Counselor",
        "Session",
        "Course",
        "Credit",
        "Provider",
        "Status",
        "SEOP Consistent",
    ]
    assert headers[-1] == "Actions"
    assert page.locator("#per").input_value() == "50"
    approved = page.locator("table.queue tbody tr", has_text=world.offering.provider_title)
    assert "Approved by you, waiting for the provider" in approved.inner_text()
    assert approved.get_by_role("link", name="Approve").count() == 0
    other = world.offering_full_credit.provider_title
    waiting = page.locator("table.queue tbody tr", has_text=other)
    row = waiting.inner_text()
    assert "Waiting for you" in row and "Semester 2, 2025-26" in row
    assert waiting.get_by_role("link", name="Approve").count() == 1
    assert waiting.get_by_role("link", name="Reject").count() == 1
    wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1], f"the queue scrolls sideways: {wide}"
    screenshot(page, "queue-lea-whose-turn")
    assert_accessible(page)
    waiting.get_by_role("link", name="Approve").click()
    page.wait_for_load_state()
    assert "We accept financial responsibility" in page.content()
    assert "Not reviewed yet" in page.content()


def test_the_family_reads_what_is_pending_now(page, live_server, world) -> None:
    sign_in(page, live_server, world.actor(Role.PARENT).user.username)
    page.goto(f"{live_server.url}/my-courses/")
    card = page.locator("article.course-card", has_text=world.offering.provider_title)
    assert "Approved by the LEA, waiting for the provider" in card.inner_text()
    assert "Semester 1, 2025-26" in card.inner_text()
    screenshot(page, "my-courses-whose-turn")
    assert_accessible(page)
    card.get_by_role("link", name=world.offering.provider_title, exact=True).click()
    page.wait_for_load_state()
    history = page.locator("ol.timeline").inner_text()
    assert "School counselor, Canyon View High" in history
    assert "LEA approver, Canyon View School District" in history
    assert "approver (" not in history and "counselor (" not in history
    assert "Approved by the LEA, waiting for the provider" in page.locator("dl.facts").inner_text()
    assert_accessible(page)
