"""The school side's closing actions ask first (issue 9): the LEA's rejection, the state's
rejection and the cancellation of a Notice of Enrollment show the student, the course, the
reason and the consequence, change nothing, and happen only when the person confirms."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from seats.core.models import CCA
from seats.core.services.requests import decide_as_provider, submit_request
from seats.core.services.sweep import run_sweep
from seats.domain.reasons import LEA_REJECTION_REASONS
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import Snapshot, assert_nothing_written
from tests.factories import build_world
from tests.web.conftest import signed_in
from tests.web.test_school_actions import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w.register()
    return w


def confirm_fields(text: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', text))


def asks_then_does(world, role: Role, action: str, cca: CCA, **data: str) -> str:
    before = Snapshot.take(cca)
    asked = post(world, role, action, cca, **data)
    text = asked.content.decode()
    assert asked.status_code == 200 and "Nothing has changed yet" in text
    assert world.student.display_name in text and world.offering.provider_title in text
    assert_nothing_written(before, cca)
    fields = confirm_fields(text)
    assert fields["confirmed"] == "1"
    url = reverse(f"web:school_{action}", args=[cca.pk])
    signed_in(world, role).post(url, fields, follow=True)
    return text


def test_the_lea_rejection_asks_first(world) -> None:
    cca = world.submit()
    text = asks_then_does(world, Role.LEA_APPROVER, "lea_reject", cca, reason="not_seop_pccr")
    assert escape(LEA_REJECTION_REASONS["not_seop_pccr"].label) in text
    assert "A rejection is final; the family may make a new request." in text
    assert CCA.objects.get(pk=cca.pk).status == Status.REJECTED_BY_LEA


def test_the_state_rejection_asks_first(world) -> None:
    cca = world.submit()
    text = asks_then_does(
        world, Role.STATE_SPECIALIST, "state_reject", cca, reason="duplicate_request"
    )
    assert "A rejection is final; the family may make a new request." in text
    assert CCA.objects.get(pk=cca.pk).status == Status.REJECTED_BY_STATE


def test_a_rejection_without_a_reason_is_refused_not_asked(world) -> None:
    cca = world.submit()
    text = post(world, Role.LEA_APPROVER, "lea_reject", cca, reason="").content.decode()
    assert "Nothing has changed yet" not in text and "Not saved:" in text


def test_the_cancellation_asks_first(world) -> None:
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
    text = asks_then_does(world, Role.LEA_APPROVER, "lea_cancel", cca, reason="student moved")
    assert "Reason: student moved" in text and "The enrollment is cancelled" in text
    assert CCA.objects.get(pk=cca.pk).status == Status.CANCELLED_BY_LEA


def test_the_rejection_form_carries_its_modal(world) -> None:
    cca = world.submit()
    page = signed_in(world, Role.LEA_APPROVER).get(reverse("web:school_lea_reject", args=[cca.pk]))
    text = page.content.decode()
    assert 'data-confirm-dialog="confirm-lea_reject"' in text
    assert '<div class="usa-modal" id="confirm-lea_reject"' in text
    assert "A rejection is final; the family may make a new request." in text
