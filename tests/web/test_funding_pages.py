"""The funding pages with Django's test client: the payment run (preview per provider and LEA,
held-back CCAs with the reason, approve, post, the progress record, bad input), the
appropriation page, and the state's decision on a home-school request showing the balance and
the refusal that names the rule."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from seats.domain.roles import Role
from seats.funding.models import Appropriation, Entry, PaymentRun, RunApproval, RunProgress
from seats.funding.services.appropriation import set_appropriation
from seats.funding.services.holds import set_hold
from tests.factories import build_world, make_student, user_with
from tests.funding.helpers import SYSTEM, confirmed_at, denver, load_msp
from tests.web.conftest import signed_in


def second_admin(world) -> Client:  # type: ignore[no-untyped-def]
    """Another state administrator: the one who approved a run may not post it
    (policy ``payment_run_people``, tests/funding/test_two_people.py)."""
    client = Client()
    client.force_login(user_with(Role.STATE_ADMIN, world.state, username="second-admin").user)
    return client


pytestmark = pytest.mark.django_db

RUNS = "web:funding_runs"
AFTER_OCT_CUTOFF = denver(2025, 10, 15)


@pytest.fixture
def world():
    w = build_world()
    load_msp()
    return w


def text(response) -> str:
    return response.content.decode()


def test_preview_approve_and_post_a_month(world) -> None:
    paid = confirmed_at(world, denver(2025, 10, 7, 10))
    held = confirmed_at(world, denver(2025, 10, 7, 11), student=make_student(world))
    set_hold(
        actor=SYSTEM,
        scope="cca",
        target_id=held.pk,
        reason="records_request",
        now=denver(2025, 10, 8),
    )
    client = signed_in(world, Role.STATE_ADMIN)
    url = reverse(RUNS)
    with freeze_time(AFTER_OCT_CUTOFF):
        page = client.get(url, {"month": "2025-10"})
        body = text(page)
        assert page.status_code == 200
        assert "Lake Basin Online" in body and "Canyon View School District" in body
        assert f"CCA {held.pk}" in body and "Records request not met (R277-726-6(9))" in body
        assert "1 entries totalling <strong>170.00</strong>" in body
        assert "Approve this preview" in body and "Post the 2025-10 run" not in body
        approved = client.post(url, {"month": "2025-10", "action": "approve"})
        assert approved.status_code == 302
        assert RunApproval.objects.get().entries == 1 and not PaymentRun.objects.exists()
        assert "Post the 2025-10 run" not in text(client.get(url, {"month": "2025-10"}))
        client = second_admin(world)
        body = text(client.get(url, {"month": "2025-10"}))
        assert "Post the 2025-10 run" in body and 'hx-post="' in body
        posted = client.post(url, {"month": "2025-10", "action": "post"}, HTTP_HX_REQUEST="true")
        assert posted.status_code == 204 and "month=2025-10" in posted["HX-Redirect"]
        assert list(Entry.objects.values_list("cca_id", flat=True)) == [paid.pk]
        progress = RunProgress.objects.get()
        assert progress.state == "posted" and progress.finished_at is not None
        poll = client.get(
            reverse("web:funding_run_progress"), {"month": "2025-10"}, HTTP_HX_REQUEST="true"
        )
        assert "Posted" in text(poll) and "<html" not in text(poll) and "hx-get" not in text(poll)
        again = text(client.get(url, {"month": "2025-10"}))
        assert "Posted 2025-10-15" in again and "Approve this preview" not in again


def test_a_preview_that_changed_since_its_approval_is_not_posted(world) -> None:
    confirmed_at(world, denver(2025, 10, 7, 10))
    client = signed_in(world, Role.STATE_ADMIN)
    with freeze_time(AFTER_OCT_CUTOFF):
        client.post(reverse(RUNS), {"month": "2025-10", "action": "approve"})
    confirmed_at(world, denver(2025, 10, 8, 10), student=make_student(world))
    client = second_admin(world)
    with freeze_time(AFTER_OCT_CUTOFF):
        body = text(client.get(reverse(RUNS), {"month": "2025-10"}))
        assert "the preview changed since; approve it again" in body
        refused = client.post(reverse(RUNS), {"month": "2025-10", "action": "post"})
    assert refused.status_code == 409
    assert "not the 1 entries totalling 170.00 that were approved" in text(refused)
    assert not PaymentRun.objects.exists() and RunProgress.objects.get().state == "failed"


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2025-13", "month must look like 2027-02"),
        ("next month", "month must look like 2027-02"),
        ("2030-01", "not on the Minimum School Program schedule"),
    ],
)
def test_bad_month_gives_a_clear_message(world, month, message) -> None:
    client = signed_in(world, Role.STATE_ADMIN)
    with freeze_time(AFTER_OCT_CUTOFF):
        got = client.get(reverse(RUNS), {"month": month})
        posted = client.post(reverse(RUNS), {"month": month, "action": "approve"})
    assert message in text(got) and message in text(posted)
    assert posted.status_code == 400 and not RunApproval.objects.exists()
    if "schedule" not in message:
        assert got.status_code == 400


def test_a_closed_month_cannot_be_approved(world) -> None:
    confirmed_at(world, denver(2025, 10, 7, 10))
    from seats.funding.services.runs import post_run

    post_run(actor=SYSTEM, month="2025-11", now=denver(2025, 11, 15))
    client = signed_in(world, Role.STATE_ADMIN)
    with freeze_time(denver(2025, 11, 16)):
        page = text(client.get(reverse(RUNS), {"month": "2025-10"}))
        refused = client.post(reverse(RUNS), {"month": "2025-10", "action": "approve"})
    assert "2025-10 is closed: the 2025-11 run is already posted" in page
    assert refused.status_code == 400 and "is closed" in text(refused)
    assert not RunApproval.objects.exists()


def test_only_a_state_administrator_approves(world) -> None:
    confirmed_at(world, denver(2025, 10, 7, 10))
    client = signed_in(world, Role.STATE_SPECIALIST)
    with freeze_time(AFTER_OCT_CUTOFF):
        page = text(client.get(reverse(RUNS), {"month": "2025-10"}))
        refused = client.post(reverse(RUNS), {"month": "2025-10", "action": "approve"})
    assert "Approve this preview" not in page and "Only a state administrator" in page
    assert refused.status_code == 400 and not RunApproval.objects.exists()


@pytest.mark.parametrize("role", [Role.LEA_APPROVER, Role.PROVIDER_ADMIN, Role.PARENT])
def test_others_do_not_find_the_funding_pages(world, role) -> None:
    client = signed_in(world, role)
    for name in (RUNS, "web:funding_appropriation", "web:funding_run_progress"):
        assert client.get(reverse(name)).status_code == 404


def test_the_auditor_reads_the_appropriation_not_the_run_page(world) -> None:
    client = signed_in(world, Role.AUDITOR)
    assert client.get(reverse(RUNS)).status_code == 404
    assert client.get(reverse("web:funding_appropriation")).status_code == 200


def test_the_appropriation_page(world) -> None:
    admin = signed_in(world, Role.STATE_ADMIN)
    url = reverse("web:funding_appropriation")
    with freeze_time(denver(2025, 11, 1)):
        assert "No appropriation is recorded" in text(admin.get(url, {"year": "2025"}))
        bad = admin.post(
            url,
            {
                "year": "2025",
                "amount": "-3",
                "home_share_percent": "50",
                "obligated_elsewhere": "0",
            },
        )
        assert bad.status_code == 400 and "amount cannot be negative" in text(bad)
        bad = admin.post(
            url,
            {
                "year": "2025",
                "amount": "900",
                "home_share_percent": "30",
                "obligated_elsewhere": "0",
            },
        )
        assert bad.status_code == 400 and "between 50 and 100" in text(bad)
        assert not Appropriation.objects.exists()
        done = admin.post(
            url,
            {
                "year": "2025",
                "amount": "900.00",
                "home_share_percent": "50",
                "obligated_elsewhere": "0",
            },
        )
        assert done.status_code == 302
        body = text(admin.get(url, {"year": "2025"}))
    assert "Balance: 900.00" in body and "today: <strong>450.00</strong>" in body
    specialist = text(signed_in(world, Role.STATE_SPECIALIST).get(url, {"year": "2025"}))
    assert "Balance: 900.00" in specialist and "Record the appropriation" not in specialist


def test_the_states_decision_on_a_home_request_shows_the_balance_and_refuses(world) -> None:
    set_appropriation(actor=SYSTEM, school_year=2025, amount="500.00")  # home share: 250.00
    student = make_student(
        world,
        primary_lea=world.home,
        primary_school=None,
        is_home_school=True,
        home_school_acknowledged=True,
        proof_of_age_identity=True,
    )
    cca = world.submit(student=student, actor=world.actor(Role.STATE_SPECIALIST))
    client = signed_in(world, Role.STATE_SPECIALIST)
    url = reverse("web:school_lea_approve", kwargs={"pk": cca.pk})
    with freeze_time(denver(2025, 11, 3, 10)):
        page = text(client.get(url))
        assert "Remaining balance for 2025: <strong>500.00</strong>" in page
        assert "today: <strong>250.00</strong>" in page and "it would be refused" in page
        refused = client.post(
            url, {"version": cca.version, "accept_financial_responsibility": "yes"}
        )
    assert refused.status_code == 400
    assert "overspend the home-school share" in text(refused)
    assert "R277-726-9(2)(a)" in text(refused)
    cca.refresh_from_db()
    assert cca.lea_decision == ""
    with freeze_time(denver(2025, 12, 1, 10)):
        done = client.post(url, {"version": cca.version, "accept_financial_responsibility": "yes"})
    assert done.status_code == 302
    cca.refresh_from_db()
    assert cca.lea_decision == "approved"
