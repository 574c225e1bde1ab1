"""English and Spanish: the person's choice (kept on the account for notices), else the browser."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from seats.domain.roles import Role
from tests.factories import build_world

pytestmark = pytest.mark.django_db


def lang(response) -> str:
    text = response.content.decode()
    return text.split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_browser_language_applies_without_a_choice() -> None:
    page = Client(headers={"accept-language": "es-MX,es;q=0.9"}).get(reverse("web:login"))
    assert lang(page) == "es"
    assert lang(Client().get(reverse("web:login"))) == "en"


def test_a_choice_is_kept_in_a_cookie_and_on_the_account() -> None:
    world = build_world()
    parent = world.actor(Role.PARENT).user
    client = Client()
    client.force_login(parent)
    answer = client.post(reverse("web:language"), {"language": "es", "next": "/ccas/"})
    assert answer.status_code == 302 and answer.url == "/ccas/"
    assert client.cookies["seats_language"].value == "es"
    parent.refresh_from_db()
    assert parent.language == "es"  # notices follow the account's language
    assert lang(client.get(reverse("web:ccas"))) == "es"
    elsewhere = Client()  # a new browser: no cookie, the account decides
    elsewhere.force_login(parent)
    assert lang(elsewhere.get(reverse("web:ccas"))) == "es"


def test_unknown_languages_and_foreign_redirects_are_refused() -> None:
    client = Client()
    answer = client.post(
        reverse("web:language"), {"language": "xx", "next": "https://elsewhere.example/"}
    )
    assert answer.status_code == 302 and answer.url == "/"
    assert "seats_language" not in client.cookies


def test_pages_speak_spanish() -> None:
    world = build_world()
    world.register()
    cca = world.submit()
    parent = world.actor(Role.PARENT).user
    parent.language = "es"  # a family that chose Spanish
    parent.save()
    client = Client()
    client.force_login(parent)
    page = client.get(reverse("web:cca", args=[cca.pk])).content.decode()
    assert "Qué falta y para cuándo" in page and "Qué ha pasado" in page
    assert "Saltar al contenido" in page and "What is due" not in page


def test_the_queue_and_the_inbox_speak_spanish() -> None:
    world = build_world()
    world.register()
    world.submit()
    parent = world.actor(Role.PARENT).user
    parent.language = "es"
    parent.save()
    client = Client()
    client.force_login(parent)
    queue = client.get(reverse("web:ccas")).content.decode()
    assert "Solicitudes de cursos" in queue and "1 solicitud de curso" in queue
    assert "Fecha de solicitud" in queue and "Submission Date" not in queue
    inbox = client.get(reverse("web:notices")).content.decode()
    assert "Avisos" in inbox


def test_the_catalog_speaks_spanish() -> None:
    world = build_world()
    student = world.actor(Role.STUDENT).user
    student.language = "es"
    student.save()
    client = Client()
    client.force_login(student)
    page = client.get(reverse("web:catalog")).content.decode()
    assert "Catálogo de cursos" in page and "Filtrar cursos" in page
