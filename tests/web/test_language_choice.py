"""A person's language (SPEC 4): blank until they choose one. Without a choice pages follow the
browser, and notices the language of their student or guardian record, else English; a choice
wins over both."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from seats.core.models import Delivery, Guardian, InboxMessage, User
from seats.core.services.delivery import chosen_language, fan_out, run_once
from seats.domain.roles import Role
from tests.factories import build_world

pytestmark = pytest.mark.django_db
SPANISH_BROWSER = "es-MX,es;q=0.9,en;q=0.5"


@pytest.fixture
def world():
    world = build_world()
    world.register()
    return world


def lang(response) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def signed_in(user: User, accept_language: str = "") -> Client:
    client = Client(headers={"accept-language": accept_language} if accept_language else {})
    client.force_login(user)
    return client


def test_a_new_account_has_no_choice() -> None:
    assert User.objects.create_user("fresh").language == ""


def test_without_a_choice_the_browser_decides(world) -> None:
    parent = world.actor(Role.PARENT).user
    assert lang(signed_in(parent, SPANISH_BROWSER).get(reverse("web:ccas"))) == "es"
    assert lang(signed_in(parent, "en-US,en;q=0.9").get(reverse("web:ccas"))) == "en"
    assert lang(signed_in(parent).get(reverse("web:ccas"))) == "en"  # no header: English


def test_a_choice_on_the_account_wins_over_the_browser(world) -> None:
    parent = world.actor(Role.PARENT).user
    parent.language = "en"
    parent.save()
    assert lang(signed_in(parent, SPANISH_BROWSER).get(reverse("web:ccas"))) == "en"
    parent.language = "es"
    parent.save()
    assert lang(signed_in(parent, "en-US").get(reverse("web:ccas"))) == "es"


def test_choosing_on_a_page_sets_the_account(world) -> None:
    parent = world.actor(Role.PARENT).user
    client = signed_in(parent, SPANISH_BROWSER)
    client.post(reverse("web:language"), {"language": "en", "next": "/my-courses/"})
    parent.refresh_from_db()
    assert parent.language == "en"
    assert lang(signed_in(parent, SPANISH_BROWSER).get("/my-courses/")) == "en"


def test_the_language_of_notices(world) -> None:
    student = world.student.user
    assert chosen_language(student, "es") == "es"  # no choice: the record's language
    assert chosen_language(student, "") == "en"  # neither: English
    student.language = "en"
    assert chosen_language(student, "es") == "en"  # the person's choice wins
    assert chosen_language(None, "es") == "es"  # nobody signs in: the record


def test_a_family_without_a_choice_gets_their_records_language(world) -> None:
    world.student.language = "es"
    world.student.save()
    Guardian.objects.filter(pk=world.guardian.pk).update(language="es")
    world.submit()
    run_once()
    for role in (Role.STUDENT, Role.PARENT):
        message = InboxMessage.objects.get(user=world.actor(role).user)
        assert message.language == "es" and message.subject.startswith("Solicitud recibida")
    counselor = InboxMessage.objects.get(user=world.actor(Role.COUNSELOR).user)
    assert counselor.language == "en"  # staff without a choice, no record: English


def test_a_familys_choice_wins_over_the_record(world) -> None:
    Guardian.objects.filter(pk=world.guardian.pk).update(language="es")
    User.objects.filter(pk=world.actor(Role.PARENT).user.pk).update(language="en")
    User.objects.filter(pk=world.actor(Role.COUNSELOR).user.pk).update(language="es")
    world.submit()
    fan_out()
    parent = Delivery.objects.get(user=world.actor(Role.PARENT).user)
    counselor = Delivery.objects.get(user=world.actor(Role.COUNSELOR).user, channel="inbox")
    assert (parent.language, counselor.language) == ("en", "es")
