"""Bulk approval can't go wrong by accident (issue 9): it says how many and which requests it
will approve and waits for the confirmation, offers a select-all for the page, and when the LEA
requires the counselor's review it skips every unreviewed request and says why."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from seats.core.models import CCA
from seats.core.services.requests import decide_as_lea, review_as_counselor
from seats.domain.bulk_approval import REVIEW_RULE, review_missing
from seats.domain.roles import Role
from tests.factories import build_world, make_student
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db
URL = "web:school_bulk_approve"


@pytest.fixture
def world():
    w = build_world()
    w.register()
    return w


def two_pending(world) -> tuple[CCA, CCA]:
    other = make_student(world)
    world.register(other)
    return world.submit(), world.submit(student=other)


def pick(*ccas: CCA) -> list[str]:
    for c in ccas:
        c.refresh_from_db()
    return [f"{c.pk}:{c.version}" for c in ccas]


def review(world, cca: CCA) -> None:
    cca.refresh_from_db()
    review_as_counselor(
        actor=world.actor(Role.COUNSELOR),
        cca_id=cca.pk,
        expected_version=cca.version,
        seop_consistent=True,
    )


def test_it_says_how_many_and_which_before_approving(world) -> None:
    first, second = two_pending(world)
    client = signed_in(world, Role.LEA_APPROVER)
    asked = client.post(reverse(URL), {"approve": pick(first, second)})
    text = asked.content.decode()
    assert "Approve 2 requests?" in text and "Yes, approve 2 requests" in text
    for c in (first, second):
        c.refresh_from_db()
        assert c.student.display_name in text
        assert not c.lea_decision  # nothing approved yet
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', text)
    assert ("confirmed", "1") in fields
    done = client.post(
        reverse(URL), {"approve": [v for k, v in fields if k == "approve"], "confirmed": "1"}
    )
    assert "2 requests approved." in done.content.decode()
    assert {c.lea_decision for c in CCA.objects.filter(pk__in=[first.pk, second.pk])} == {
        "approved"
    }


def test_select_all_on_the_page(world) -> None:
    first, second = two_pending(world)
    client = signed_in(world, Role.LEA_APPROVER)
    queue = client.get(reverse("web:ccas")).content.decode()
    assert 'data-select-all="approve"' in queue  # the script's select-all checkbox
    assert 'data-confirm-dialog="bulk-approve-confirm"' in queue
    assert '<div class="usa-modal" id="bulk-approve-confirm"' in queue
    page_picks = re.findall(r'name="page_pick" value="([^"]+)"', queue)
    assert sorted(page_picks) == sorted(pick(first, second))
    # Without JavaScript: "Approve all pending on this page" asks about every one of them.
    asked = client.post(reverse(URL), {"all_on_page": "1", "page_pick": page_picks})
    assert "Approve 2 requests?" in asked.content.decode()
    assert not CCA.objects.filter(pk__in=[first.pk, second.pk], lea_decision="approved").exists()


def test_an_unreviewed_request_is_skipped_when_the_lea_requires_review(world) -> None:
    world.lea.bulk_approval_needs_review = True
    world.lea.save()
    reviewed, unreviewed = two_pending(world)
    review(world, reviewed)
    client = signed_in(world, Role.LEA_APPROVER)
    queue = client.get(reverse("web:ccas")).content.decode()
    assert "review before a bulk approval: requests not yet reviewed are skipped" in queue
    result = client.post(reverse(URL), {"approve": pick(reviewed, unreviewed), "confirmed": "1"})
    text = result.content.decode()
    assert "1 request approved." in text and "1 request skipped, not approved" in text
    unreviewed.refresh_from_db()
    assert unreviewed.student.display_name in text and "has not reviewed" in text
    assert escape(REVIEW_RULE) in text
    reviewed.refresh_from_db()
    assert reviewed.lea_decision == "approved" and not unreviewed.lea_decision
    # On its own page the LEA still approves it.
    decide_as_lea(
        actor=world.actor(Role.LEA_APPROVER),
        cca_id=unreviewed.pk,
        expected_version=unreviewed.version,
        approve=True,
        accept_financial_responsibility=True,
    )


def test_without_the_policy_bulk_approval_takes_unreviewed_requests(world) -> None:
    first, _ = two_pending(world)
    client = signed_in(world, Role.LEA_APPROVER)
    assert "requires the counselor" not in client.get(reverse("web:ccas")).content.decode()
    result = client.post(reverse(URL), {"approve": pick(first), "confirmed": "1"})
    assert "1 request approved." in result.content.decode()


def test_review_missing_rule() -> None:
    assert review_missing(lea_requires_review=True, reviewed=False)
    assert review_missing(lea_requires_review=True, reviewed=True) is None
    assert review_missing(lea_requires_review=False, reviewed=False) is None
