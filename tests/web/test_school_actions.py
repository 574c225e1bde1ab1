"""The school side's actions on a CCA page: each by the right role changes the record and its
history; the wrong role gets 404 or no form; stale versions and bad reasons are refused cleanly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from seats.core.models import CCA, CCAHistory
from seats.core.selectors.access import Viewer
from seats.core.services.requests import decide_as_provider, submit_request
from seats.core.services.sweep import run_sweep
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.web.school import ACTIONS, available_actions
from tests.core.helpers_lifecycle import (
    Snapshot,
    administratively_withdrawn,
    assert_nothing_written,
    not_confirmed_closed,
)
from tests.factories import build_world, make_offering
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w.register()
    return w


def post(world, role: Role, action: str, cca: CCA, **data: str):
    cca.refresh_from_db()
    data.setdefault("version", str(cca.version))
    url = reverse(f"web:school_{action}", args=[cca.pk])
    return signed_in(world, role).post(url, data, follow=True)


def last_entry(cca: CCA) -> CCAHistory:
    return CCAHistory.objects.filter(cca=cca).order_by("-seq").first()


def test_counselor_reviews_with_approvals(world) -> None:
    cca = world.submit()
    page = post(
        world,
        Role.COUNSELOR,
        "review",
        cca,
        seop_consistent="yes",
        note="fits the plan",
        health_approval="yes",
    )
    cca.refresh_from_db()
    assert page.status_code == 200 and b"Your review is saved." in page.content
    assert (cca.seop_consistent, cca.counselor_note, cca.health_approval) == (
        True,
        "fits the plan",
        True,
    )
    assert last_entry(cca).action == "counselor_review"
    missing = post(world, Role.COUNSELOR, "review", cca, note="x")
    assert missing.status_code == 400 and b"SEOP/PCCR" in missing.content


def test_wrong_roles_get_404_or_no_form(world) -> None:
    cca = world.submit()
    before = Snapshot.take(cca)
    assert post(world, Role.PROVIDER_STAFF, "review", cca, seop_consistent="yes").status_code == 404
    not_designee = post(world, Role.COUNSELOR, "lea_approve", cca)
    assert not_designee.status_code == 400 and b"designated its counselors" in not_designee.content
    assert (
        post(world, Role.AUDITOR, "state_reject", cca, reason="duplicate_request").status_code
        == 404
    )
    assert_nothing_written(before, cca)
    lea_page = signed_in(world, Role.LEA_APPROVER).get(reverse("web:cca", args=[cca.pk])).content
    auditor_page = signed_in(world, Role.AUDITOR).get(reverse("web:cca", args=[cca.pk])).content
    assert b'id="action-lea_approve"' in lea_page and b'id="action-review"' not in lea_page
    assert b'class="action"' not in auditor_page


def test_lea_approves_only_accepting_financial_responsibility(world) -> None:
    cca = world.submit()
    before = Snapshot.take(cca)
    refused = post(world, Role.LEA_APPROVER, "lea_approve", cca)
    assert refused.status_code == 400 and b"financial responsibility" in refused.content
    assert b'role="alert"' in refused.content
    assert_nothing_written(before, cca)
    done = post(world, Role.LEA_APPROVER, "lea_approve", cca, accept_financial_responsibility="yes")
    cca.refresh_from_db()
    assert done.status_code == 200 and cca.lea_decision == "approved"
    assert cca.financial_responsibility_accepted and last_entry(cca).action == "lea_approve"


def test_lea_rejects_with_a_reason_from_the_tree(world) -> None:
    cca = world.submit()
    form = signed_in(world, Role.LEA_APPROVER).get(reverse("web:school_lea_reject", args=[cca.pk]))
    assert b'value="not_seop_pccr"' in form.content and b"SEOP/PCCR" in form.content
    before = Snapshot.take(cca)
    bad = post(world, Role.LEA_APPROVER, "lea_reject", cca, reason="we_prefer_our_school")
    assert bad.status_code == 400 and b"is not a reason" in bad.content
    assert_nothing_written(before, cca)
    post(world, Role.LEA_APPROVER, "lea_reject", cca, reason="not_seop_pccr", confirmed="1")
    cca.refresh_from_db()
    assert cca.status == Status.REJECTED_BY_LEA and cca.lea_reason == "not_seop_pccr"
    assert last_entry(cca).to_status == Status.REJECTED_BY_LEA


def test_stale_version_is_a_conflict(world) -> None:
    cca = world.submit()
    seen = cca.version
    post(world, Role.COUNSELOR, "review", cca, seop_consistent="yes")
    before = Snapshot.take(cca)
    stale = post(
        world,
        Role.LEA_APPROVER,
        "lea_approve",
        cca,
        version=str(seen),
        accept_financial_responsibility="yes",
    )
    assert stale.status_code == 409 and b"Someone else changed this CCA" in stale.content
    assert_nothing_written(before, cca)


def test_state_rejects_a_duplicate_and_issues_the_notice(world) -> None:
    first, second = world.submit(), world.submit(offering=world.offering_full_credit)
    post(
        world,
        Role.STATE_SPECIALIST,
        "state_reject",
        first,
        reason="duplicate_request",
        confirmed="1",
    )
    first.refresh_from_db()
    assert first.status == Status.REJECTED_BY_STATE
    world.accept(second)  # the LEA stays silent; its window ended long before today
    page = signed_in(world, Role.STATE_ADMIN).get(reverse("web:cca", args=[second.pk]))
    assert b'id="action-issue_notice"' in page.content
    post(world, Role.STATE_ADMIN, "issue_notice", second)
    second.refresh_from_db()
    assert second.status == Status.ENROLLMENT_COMPLETE
    assert last_entry(second).action == "issue_notice_of_enrollment"


def test_lea_cancels_a_state_issued_notice_within_its_window(world) -> None:
    today = timezone.localdate()
    asked = today - timedelta(days=21)
    cca = submit_request(
        actor=world.actor(Role.COUNSELOR),
        student_id=world.student.pk,
        offering_id=world.offering.pk,
        school_year=asked.year if asked.month >= 7 else asked.year - 1,
        session="S1",
        as_of=asked,
    )
    decide_as_provider(
        actor=world.actor(Role.PROVIDER_STAFF),
        cca_id=cca.pk,
        expected_version=cca.version,
        accept=True,
        as_of=asked,
    )
    run_sweep(as_of=today)
    cca.refresh_from_db()
    assert cca.status == Status.ENROLLMENT_COMPLETE and cca.lea_cancellation_due >= today
    page = signed_in(world, Role.LEA_APPROVER).get(reverse("web:cca", args=[cca.pk]))
    assert b'id="action-lea_cancel"' in page.content and b"72 business hours" in page.content
    world.lea.counselors_decide = True  # a designated counselor decides, but never cancels
    world.lea.save()
    counselor_page = signed_in(world, Role.COUNSELOR).get(reverse("web:cca", args=[cca.pk]))
    assert b'id="action-lea_cancel"' not in counselor_page.content
    blank = post(world, Role.LEA_APPROVER, "lea_cancel", cca, reason=" ")
    assert blank.status_code == 400 and b"Say why" in blank.content
    post(world, Role.LEA_APPROVER, "lea_cancel", cca, reason="student moved", confirmed="1")
    cca.refresh_from_db()
    assert cca.status == Status.CANCELLED_BY_LEA and last_entry(cca).reason == "student moved"


def test_state_corrects_a_mistaken_not_confirmed_closed(world) -> None:
    cca = not_confirmed_closed(world)
    before = Snapshot.take(cca)
    assert post(world, Role.STATE_SPECIALIST, "correct", cca, reason="").status_code == 400
    assert_nothing_written(before, cca)
    post(world, Role.STATE_SPECIALIST, "correct", cca, reason="the student was active")
    cca.refresh_from_db()
    assert cca.status == Status.CONFIRMED
    assert last_entry(cca).action == "correct_not_confirmed_closed"


def test_state_reactivates_an_administrative_withdrawal(world) -> None:
    cca = administratively_withdrawn(world)
    before = Snapshot.take(cca)
    blank = post(world, Role.STATE_ADMIN, "reactivate", cca)
    assert blank.status_code == 400 and b"Say why" in blank.content
    assert_nothing_written(before, cca)
    post(world, Role.STATE_ADMIN, "reactivate", cca, reason="back in class")
    cca.refresh_from_db()
    assert cca.status == Status.CONFIRMED and last_entry(cca).action == "reactivate"


def test_counselor_sets_transcript_due_for_a_senior(world) -> None:
    world.student.grade = 12
    world.student.save()
    cca = world.submit()
    bad = post(world, Role.COUNSELOR, "transcript_due", cca, due="31/05/2026")
    assert bad.status_code == 400 and b"MM/DD/YYYY" in bad.content
    post(world, Role.COUNSELOR, "transcript_due", cca, due="2026-05-29")
    cca.refresh_from_db()
    assert str(cca.transcript_due_set) == "2026-05-29"
    assert last_entry(cca).action == "set_transcript_due"


def test_lea_marks_the_iep_forwarded(world) -> None:
    world.student.has_iep = True
    world.student.save()
    cca = world.submit()
    world.accept(cca)
    post(world, Role.LEA_APPROVER, "forward_iep", cca)
    cca.refresh_from_db()
    assert cca.iep_forwarded_on is not None and last_entry(cca).action == "forward_iep"


def _scenarios(world) -> list[CCA]:
    world.student.has_iep = True
    world.student.grade = 12
    world.student.save()
    pending = world.submit()
    accepted = world.submit(offering=world.offering_full_credit)
    world.accept(accepted)
    later = [make_offering(world), make_offering(world)]
    return [
        pending,
        accepted,
        not_confirmed_closed(world, offering=later[0]),
        administratively_withdrawn(world, offering=later[1]),
    ]


def test_the_page_offers_exactly_the_available_actions(world) -> None:
    today = timezone.localdate()
    for cca in _scenarios(world):
        for role in Role:
            client = signed_in(world, role)
            content = client.get(reverse("web:cca", args=[cca.pk])).content.decode()
            shown = {name for name in ACTIONS if f'id="action-{name}"' in content}
            actor = world.actor(role)
            viewer = Viewer(actor.user, role, actor.organisation)
            cca.refresh_from_db()
            assert shown == set(available_actions(viewer, cca, today)), (cca.status, role)


def test_a_designated_counselor_decides_for_the_lea(world) -> None:
    """Where the LEA designated its counselors (the training's "counselor approval"), the
    counselor approves or rejects as the LEA; the history says who and as which party."""
    world.lea.counselors_decide = True
    world.lea.save()
    first, second = world.submit(), world.submit(offering=world.offering_full_credit)
    page = signed_in(world, Role.COUNSELOR).get(reverse("web:cca", args=[first.pk])).content
    assert b'id="action-lea_approve"' in page and b'id="action-review"' in page
    done = post(world, Role.COUNSELOR, "lea_approve", first, accept_financial_responsibility="yes")
    first.refresh_from_db()
    assert done.status_code == 200 and first.lea_decision == "approved"
    entry = last_entry(first)
    assert (entry.action, entry.actor_role, entry.actor) == (
        "lea_approve",
        "counselor",
        world.actor(Role.COUNSELOR).user,
    )
    post(world, Role.COUNSELOR, "lea_reject", second, reason="not_seop_pccr", confirmed="1")
    assert Status(CCA.objects.get(pk=second.pk).status) is Status.REJECTED_BY_LEA


def test_a_registrar_never_decides_for_the_lea(world) -> None:
    world.lea.counselors_decide = True
    world.lea.save()
    cca = world.submit()
    before = Snapshot.take(cca)
    assert (
        post(
            world, Role.REGISTRAR, "lea_approve", cca, accept_financial_responsibility="yes"
        ).status_code
        == 404
    )
    assert_nothing_written(before, cca)
