""" "Why (not) paid" on the CCA page for state staff, the provider and the LEA approver (not
families or school staff), with a bounded number of queries; and the same in the API
(GET /api/v1/ccas/{id}/payments), scoped like every CCA read."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from seats.domain.roles import Role
from seats.funding.selectors.why import why_paid
from seats.funding.services.runs import post_run
from tests.api.helpers import api_for
from tests.factories import build_world, make_student, org
from tests.funding.helpers import SYSTEM, completed, confirmed_at, denver, load_msp
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db
OCT_20 = denver(2025, 10, 20)

SEES = [Role.STATE_SPECIALIST, Role.STATE_ADMIN, Role.AUDITOR, Role.PROVIDER_ADMIN]
SEES += [Role.PROVIDER_STAFF, Role.LEA_APPROVER]
DOES_NOT = [Role.COUNSELOR, Role.REGISTRAR, Role.PARENT, Role.STUDENT]


@pytest.fixture
def world():
    w = build_world()
    load_msp()
    return w


@pytest.fixture
def paid(world):
    cca = confirmed_at(world, denver(2025, 10, 7, 10))
    post_run(actor=SYSTEM, month="2025-10", now=denver(2025, 10, 15))
    return cca


@pytest.mark.parametrize("role", SEES)
def test_the_parties_of_the_payment_read_why(world, paid, role) -> None:
    with freeze_time(OCT_20):
        page = signed_in(world, role).get(reverse("web:cca", kwargs={"pk": paid.pk}))
    body = page.content.decode()
    assert "Payment: why (not) paid" in body
    assert "Tier IV: 680.00 per credit (state default) x 0.50 credit = 340.00" in body
    assert "First half: 170.00 paid in the 2025-10 run" in body
    assert "Second half: not payable: the course is not completed yet" in body


@pytest.mark.parametrize("role", DOES_NOT)
def test_families_and_school_staff_do_not(world, paid, role) -> None:
    page = signed_in(world, role).get(reverse("web:cca", kwargs={"pk": paid.pk}))
    assert page.status_code == 200
    assert "why (not) paid" not in page.content.decode() and "680.00" not in page.content.decode()


def test_why_paid_costs_the_same_queries_however_much_was_paid(world, paid) -> None:
    other = confirmed_at(world, denver(2025, 10, 8, 10), student=make_student(world))
    completed(world, other, status_at=denver(2026, 1, 12), transcript_at=denver(2026, 1, 20))
    post_run(actor=SYSTEM, month="2025-11", now=denver(2025, 11, 15))
    post_run(actor=SYSTEM, month="2026-01", now=denver(2026, 1, 15))
    post_run(actor=SYSTEM, month="2026-02", now=denver(2026, 2, 15))
    assert why_paid(cca_id=other.pk).halves[1].state.value == "paid"
    with CaptureQueriesContext(connection) as one:
        why_paid(cca_id=paid.pk)
    with CaptureQueriesContext(connection) as two:
        why_paid(cca_id=other.pk)
    assert len(one.captured_queries) == len(two.captured_queries) <= 12
    client = signed_in(world, Role.STATE_SPECIALIST)
    with CaptureQueriesContext(connection) as page_one:
        client.get(reverse("web:cca", kwargs={"pk": paid.pk}))
    with CaptureQueriesContext(connection) as page_two:
        client.get(reverse("web:cca", kwargs={"pk": other.pk}))
    assert abs(len(page_one.captured_queries) - len(page_two.captured_queries)) <= 2


def test_the_api_explains_the_payments(world, paid) -> None:
    with freeze_time(OCT_20):
        got = api_for(world, Role.PROVIDER_ADMIN).get(f"/ccas/{paid.pk}/payments")
    assert got.status == 200
    assert got.body["fee"].endswith("x 0.50 credit = 340.00")
    first, second = got.body["halves"]
    assert (first["half"], first["state"], first["amount"], first["run_month"]) == (
        "first",
        "paid",
        "170.00",
        "2025-10",
    )
    assert (second["state"], second["blocker"]) == ("not_payable", "not_completed")
    assert api_for(world, Role.LEA_APPROVER).get(f"/ccas/{paid.pk}/payments").status == 200


def test_the_api_scopes_the_payments(world, paid) -> None:
    refused = api_for(world, Role.COUNSELOR).get(f"/ccas/{paid.pk}/payments")
    assert refused.status == 403 and "LEA approver" in refused.body["detail"]
    assert api_for(world, Role.PROVIDER_ADMIN).get("/ccas/987654/payments").status == 404
    other = org("provider", "PRV9", "Far Online", provider_category="certified")
    far = confirmed_at(world, denver(2025, 10, 7, 11), student=make_student(world))
    type(far).objects.filter(pk=far.pk).update(provider=other)  # another provider's CCA
    answer = api_for(world, Role.PROVIDER_ADMIN).get(f"/ccas/{far.pk}/payments")
    assert answer.status == 404, "another provider's CCA looks like a missing one"
