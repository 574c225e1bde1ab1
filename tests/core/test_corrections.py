"""The state grants or denies a provider's request to correct a mistaken Not Confirmed Closed
(seats.core.services.corrections): a reason is required, one answer per request, a stale version
is a conflict, each answer is one history entry and a notice through the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from seats.core.models import CCAHistory, Notice
from seats.core.services.corrections import deny_correction, grant_correction
from seats.core.services.enrollment import request_correction
from seats.domain.errors import Conflict, GuardFailed, InvalidInput, NotPermitted
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import (
    Snapshot,
    assert_nothing_written,
    not_confirmed_closed,
    provider_actor,
)
from tests.factories import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _answer(call, world, cca, role=Role.STATE_SPECIALIST, **kw):
    cca.refresh_from_db()
    kw.setdefault("reason", "checked with the provider")
    return call(
        actor=world.actor(role),
        cca_id=cca.pk,
        expected_version=cca.version,
        as_of=cca.census_date,
        **kw,
    )


@pytest.mark.parametrize("call", [grant_correction, deny_correction])
def test_a_reason_is_required_and_nothing_is_written_without_one(world, call) -> None:
    cca = not_confirmed_closed(world)
    before = Snapshot.take(cca)
    with pytest.raises(InvalidInput) as caught:
        _answer(call, world, cca, reason="   ")
    assert caught.value.field == "reason"
    assert_nothing_written(before, cca)


@pytest.mark.parametrize("call", [grant_correction, deny_correction])
def test_only_the_state_answers(world, call) -> None:
    cca = not_confirmed_closed(world)
    before = Snapshot.take(cca)
    for role in (Role.PROVIDER_STAFF, Role.LEA_APPROVER, Role.COUNSELOR):
        with pytest.raises(NotPermitted):
            _answer(call, world, cca, role=role)
    assert_nothing_written(before, cca)


@pytest.mark.parametrize("call", [grant_correction, deny_correction])
def test_a_stale_version_is_a_conflict(world, call) -> None:
    cca = not_confirmed_closed(world)
    with pytest.raises(Conflict):
        call(
            actor=world.actor(Role.STATE_SPECIALIST),
            cca_id=cca.pk,
            expected_version=cca.version - 1,
            reason="x",
        )


def test_granting_confirms_again_with_one_history_entry_and_a_notice(world) -> None:
    cca = not_confirmed_closed(world)
    entries = CCAHistory.objects.filter(cca=cca).count()
    cca = _answer(grant_correction, world, cca, reason="the student was active")
    cca.refresh_from_db()
    assert cca.status == Status.CONFIRMED
    assert CCAHistory.objects.filter(cca=cca).count() == entries + 1
    last = CCAHistory.objects.filter(cca=cca).order_by("-seq").first()
    assert last.action == "correct_not_confirmed_closed" and last.reason == "the student was active"
    assert last.corrects is not None and last.corrects.to_status == Status.NOT_CONFIRMED_CLOSED
    assert Notice.objects.filter(cca=cca, kind="status_corrected", audience="provider").exists()


def test_denying_keeps_the_status_records_the_reason_and_tells_the_provider(world) -> None:
    cca = not_confirmed_closed(world)
    cca = _answer(deny_correction, world, cca, reason="no activity in the course logs")
    cca.refresh_from_db()
    assert cca.status == Status.NOT_CONFIRMED_CLOSED
    assert cca.correction_denied_on == cca.census_date
    last = CCAHistory.objects.filter(cca=cca).order_by("-seq").first()
    assert (last.action, last.reason) == ("deny_correction", "no activity in the course logs")
    assert last.actor == world.actor(Role.STATE_SPECIALIST).user
    notice = Notice.objects.get(cca=cca, kind="correction_denied")
    assert notice.audience == "provider"


def test_an_answered_request_is_not_answered_again_nor_asked_again(world) -> None:
    cca = not_confirmed_closed(world)
    _answer(deny_correction, world, cca)
    for call in (grant_correction, deny_correction):
        with pytest.raises(GuardFailed, match="already denied"):
            _answer(call, world, cca)
    cca.refresh_from_db()
    with pytest.raises(GuardFailed, match="denied"):
        request_correction(
            actor=provider_actor(world), cca_id=cca.pk, expected_version=cca.version, reason="again"
        )


def test_a_late_request_cannot_be_granted_but_can_be_denied(world) -> None:
    cca = not_confirmed_closed(world)
    cca.refresh_from_db()
    late = request_correction(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        reason="asked again, late",
        as_of=cca.correction_request_due + timedelta(days=7),
    )
    with pytest.raises(GuardFailed, match="after the 3 business days"):
        _answer(grant_correction, world, late)
    _answer(deny_correction, world, late, reason="asked too late")
    late.refresh_from_db()
    assert late.correction_denied_on is not None


def test_a_cca_without_an_open_request_has_nothing_to_answer(world) -> None:
    cca = world.enrolled()
    with pytest.raises(GuardFailed, match="no open correction request"):
        _answer(deny_correction, world, cca, reason="x")


def test_the_api_answers_through_the_same_services(world) -> None:
    from tests.api.helpers import api_for

    cca = not_confirmed_closed(world)
    api = api_for(world, Role.STATE_SPECIALIST)
    etag = f'"cca-{cca.pk}-v{cca.version}"'
    blank = api.post(
        f"/ccas/{cca.pk}/correction-decision", {"decision": "deny", "reason": ""}, if_match=etag
    )
    assert blank.status == 422
    provider = api_for(world, Role.PROVIDER_STAFF)
    refused = provider.post(
        f"/ccas/{cca.pk}/correction-decision", {"decision": "grant", "reason": "x"}, if_match=etag
    )
    assert refused.status == 403
    denied = api.post(
        f"/ccas/{cca.pk}/correction-decision",
        {"decision": "deny", "reason": "no activity logged"},
        if_match=etag,
    )
    assert denied.status == 200, denied.body
    assert denied.body["status"] == Status.NOT_CONFIRMED_CLOSED
    assert denied.body["correction_denied_on"] is not None
    again = api.post(
        f"/ccas/{cca.pk}/correction-decision",
        {"decision": "grant", "reason": "changed our mind"},
        if_match=denied.etag,
    )
    assert again.status in (409, 422) and "already denied" in again.body["detail"]
