"""The inbox page: every role reads its own delivered notices, newest first; opening one marks
it read; someone else's message is not shown."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from seats.core.models import InboxMessage
from seats.core.services.delivery import run_once
from seats.domain.roles import ADULTED_ROLES, Role
from tests.factories import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cache.clear()
    world = build_world()
    world.register()
    cca = world.submit()
    world.accept(cca)
    world.approve(cca)
    run_once()
    return world


def _client(world, role: Role) -> Client:
    client = Client()
    client.force_login(world.actor(role).user)
    return client


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_only_its_own_messages(world, role: Role) -> None:
    user = world.actor(role).user
    page = _client(world, role).get(reverse("web:notices"))
    if role in ADULTED_ROLES:  # SOEP's notices are not theirs to see (issue 12)
        assert page.status_code == 404
        return
    assert page.status_code == 200
    shown = [m.pk for m in page.context["page"].object_list]
    mine = list(
        InboxMessage.objects.filter(user=user)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert shown == mine
    assert set(shown).isdisjoint(
        InboxMessage.objects.exclude(user=user).values_list("pk", flat=True)
    )


def test_the_family_inbox_lists_newest_first_and_marks_read(world) -> None:
    client = _client(world, Role.PARENT)
    mine = InboxMessage.objects.filter(user=world.actor(Role.PARENT).user)
    assert mine.count() >= 2
    listing = client.get(reverse("web:notices"))
    subjects = [m.subject for m in listing.context["page"].object_list]
    assert subjects[0].startswith("Notice of Enrollment") and subjects[-1].startswith("Request")
    assert listing.context["unread"] == mine.count()
    assert b"Unread" in listing.content
    first = mine.order_by("pk").first()
    detail = client.get(reverse("web:notice", args=[first.pk]))
    assert detail.status_code == 200 and first.subject.encode() in detail.content
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get(reverse("web:notices")).context["unread"] == mine.count() - 1


def test_someone_elses_message_is_not_found_and_stays_unread(world) -> None:
    theirs = InboxMessage.objects.filter(user=world.actor(Role.COUNSELOR).user).first()
    response = _client(world, Role.PARENT).get(reverse("web:notice", args=[theirs.pk]))
    assert response.status_code == 302 and response.url == reverse("web:notices")
    theirs.refresh_from_db()
    assert theirs.read_at is None
    missing = _client(world, Role.PARENT).get(reverse("web:notice", args=[10**9]))
    assert missing.status_code == 302


def test_signed_out_visitors_are_sent_to_sign_in(world) -> None:
    response = Client().get(reverse("web:notices"))
    assert response.status_code == 302 and reverse("web:login") in response.url
