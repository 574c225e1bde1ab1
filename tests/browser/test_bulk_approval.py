"""Bulk approval in the browser (issue 9): the select-all checks every request of the page, the
modal says how many and which before anything happens, going back changes nothing, and when the
LEA requires the counselor's review the result lists the skipped request with why."""

from __future__ import annotations

from typing import Any

import pytest

from seats.core.models import CCA
from seats.core.services.requests import review_as_counselor
from seats.domain.roles import Role
from tests.factories import World, make_student

from .conftest import axe_violations, describe, screenshot
from .test_lifecycle import Person, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_select_all_confirm_and_skipped_rows(page: Any, live_server: Any, world: World) -> None:  # noqa: F811
    world.lea.bulk_approval_needs_review = True
    world.lea.save()
    other = make_student(world)
    world.register(other)
    reviewed, unreviewed = world.submit(), world.submit(student=other)
    review_as_counselor(
        actor=world.actor(Role.COUNSELOR),
        cca_id=reviewed.pk,
        expected_version=reviewed.version,
        seop_consistent=True,
    )
    approver = Person(page, live_server.url, world, Role.LEA_APPROVER)
    approver.open("/ccas/")
    assert "review before a bulk approval" in approver.text()
    page.check("#pick-all")
    assert page.locator("input[name=approve]:checked").count() == 2
    page.get_by_role("button", name="Approve selected (accept financial responsibility)").click()
    dialog = page.locator("#bulk-approve-confirm .usa-modal")
    dialog.wait_for(state="visible")
    shown = dialog.inner_text()
    assert "Requests selected: 2" in shown
    assert world.student.display_name in shown and other.display_name in shown
    assert not axe_violations(page), describe(axe_violations(page))  # with the modal open
    screenshot(page, "bulk-approval-confirm")
    dialog.get_by_role("button", name="Go back").click()
    dialog.wait_for(state="hidden")
    assert not CCA.objects.filter(lea_decision="approved").exists()

    page.get_by_role("button", name="Approve selected (accept financial responsibility)").click()
    dialog.wait_for(state="visible")
    said = approver.submit(dialog.get_by_role("button", name="Yes, approve them"))
    assert "1 request approved." in said and "1 request skipped, not approved" in said
    assert other.display_name in said and "has not reviewed" in said
    reviewed.refresh_from_db(), unreviewed.refresh_from_db()
    assert reviewed.lea_decision == "approved" and not unreviewed.lea_decision
