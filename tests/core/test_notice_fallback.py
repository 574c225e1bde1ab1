"""A notice nobody in its audience can receive goes to the documented fallback (the school's
registrars, then the LEA's approvers or e-mail, then the state specialists) and is listed for
the state; one that reaches nobody at all is listed too (issue 8, item 14; docs/notices.md)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from seats.core.models import CCA, Delivery, Notice, NoticeStatus, RoleMembership
from seats.core.services.delivery import fan_out
from seats.core.services.records import queue_notice
from seats.domain.notices import Audience, NoticeKind
from seats.domain.roles import Role
from tests.factories import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    world.register()
    world.cca = world.submit()
    CCA.objects.filter(pk=world.cca.pk).update(counselor=None)
    fan_out()  # the submission's own notices, before people are removed
    return world


def _remove(world, *roles: Role) -> None:
    RoleMembership.objects.filter(role__in=[r.value for r in roles]).delete()


def _counselor_notice(world, key: str = "t:1") -> Notice:
    cca = CCA.objects.get(pk=world.cca.pk)
    queue_notice(
        cca, kind=NoticeKind.AT_RISK, audience=Audience.COUNSELOR, dedupe_key=key, context={}
    )
    fan_out()
    return Notice.objects.get(dedupe_key=key)


def _readers(notice: Notice) -> set[int]:
    return set(Delivery.objects.filter(notice=notice).values_list("user_id", flat=True))


def _listed(world) -> str:
    state = Client()
    state.force_login(world.actor(Role.STATE_SPECIALIST).user)
    page = state.get(reverse("web:notice_fallbacks"))
    assert page.status_code == 200
    return page.content.decode()


def test_no_counselor_goes_to_the_registrar_and_is_listed(world) -> None:
    _remove(world, Role.COUNSELOR)
    notice = _counselor_notice(world)
    assert notice.status == NoticeStatus.SENT
    assert _readers(notice) == {world.actor(Role.REGISTRAR).user.pk}
    assert notice.context["fallback_to"] == "school registrar"
    text = _listed(world)
    assert f"CCA {world.cca.pk}" in text and "school registrar" in text


def test_no_school_staff_goes_to_the_lea_then_the_state(world) -> None:
    _remove(world, Role.COUNSELOR, Role.REGISTRAR)
    to_lea = _counselor_notice(world, "t:lea")
    assert _readers(to_lea) == {world.actor(Role.LEA_APPROVER).user.pk}
    assert to_lea.context["fallback_to"] == "LEA approvers"
    _remove(world, Role.LEA_APPROVER)
    world.lea.email = ""
    world.lea.save()
    to_state = _counselor_notice(world, "t:state")
    assert _readers(to_state) == {world.actor(Role.STATE_SPECIALIST).user.pk}
    assert to_state.context["fallback_to"] == "state specialists"


def test_a_notice_that_reaches_nobody_is_listed_for_the_state(world) -> None:
    state_user = world.actor(Role.STATE_SPECIALIST)
    _remove(world, Role.COUNSELOR, Role.REGISTRAR, Role.LEA_APPROVER, Role.STATE_SPECIALIST)
    world.lea.email = ""
    world.lea.save()
    notice = _counselor_notice(world, "t:none")
    assert notice.status == NoticeStatus.FAILED and _readers(notice) == set()
    RoleMembership.objects.create(
        user=state_user.user, role=Role.STATE_SPECIALIST.value, organisation=state_user.organisation
    )
    text = _listed(world)
    assert f"CCA {world.cca.pk}" in text and "nobody" in text


def test_only_the_state_reads_the_list(world) -> None:
    counselor = Client()
    counselor.force_login(world.actor(Role.COUNSELOR).user)
    assert counselor.get(reverse("web:notice_fallbacks")).status_code in (403, 404)
