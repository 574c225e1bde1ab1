"""Issue 9, 5: every page a family sees is in Spanish when they choose it.

Each family page is rendered for a Spanish-speaking parent and student, and the visible text
(with the labels screen readers read: aria-label, placeholder, data-label, title) is searched for
English words a family met before: subject names, the mature-content disclaimer, "NCAA approved",
field labels, sessions, English month names, and internal rule names. Text the provider wrote
in English (descriptions, notes) is marked ``lang="en"`` and left out, as is a public document's
title, which is cited as published.
"""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seats.core.models import CCA, InboxMessage
from seats.core.services.delivery import run_once
from seats.core.services.requests import decide_as_provider
from seats.domain.calendars import school_year_of
from seats.domain.catalog import MATURE_DISCLAIMER
from seats.domain.roles import Role
from tests.core.helpers_lifecycle import provider_actor
from tests.factories import build_world, make_offering

pytestmark = pytest.mark.django_db

#: English a Spanish-speaking family must not meet (whole words, any case where noted).
ENGLISH = [
    MATURE_DISCLAIMER,
    "Mature content",
    "NCAA approved",
    *(
        "Digital Studies", "Driver Education", "Financial Literacy", "Physical Education",
        "Elective Credits", "Fine Arts", "Social Studies Core", "World Language",
        "Concurrent Enrollment", "Language Arts", "Math", "Science", "Health",
    ),
    *("Semester 1", "Semester 2", "Quarter", "Semester"),
    *(
        "Provider", "Session", "Status", "Credit", "Grade", "Grades", "Subject", "Subjects",
        "Term", "Term dates", "Seats left", "No limit", "Prerequisites", "Search courses",
        "Student", "Reason", "Received", "Phone", "Home address", "Preferred name",
        "Page", "Previous", "Next", "Apply", "Submit", "Request",
    ),
    *(
        "January", "February", "March", "April", "June", "July", "August", "September",
        "October", "November", "December", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.",
        "Dec.", "a.m.", "p.m.", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    ),
    *("SPEC", "R277", ".md", "Provider Manual SY"),
]  # fmt: skip
_ENGLISH = re.compile("|".join(rf"(?<![\w.]){re.escape(w)}(?![\w])" for w in ENGLISH))
_MARKED_ENGLISH = re.compile(r'<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', re.S)
#: A public document's title, cited as published (in English) after "documento en inglés:".
_DOCUMENT = re.compile(r"documento en inglés: (?:Provider Manual|Board rule)[^)]*")
_ATTRIBUTES = re.compile(r'\b(?:aria-label|placeholder|data-label|title)="([^"]*)"')


def visible(page: str) -> str:
    """The text a person (or a screen reader) meets, without what is marked as English."""
    body = page[page.index("<body") :]
    body = _DOCUMENT.sub(" ", _MARKED_ENGLISH.sub(" ", body))
    labels = " ".join(_ATTRIBUTES.findall(body))
    text = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(f"{text} {labels}").split())


def english_in(page: str) -> list[str]:
    return sorted(set(_ENGLISH.findall(visible(page))))


@pytest.fixture
def family():
    """A parent and student who chose Spanish, with a pending request, a rejected one (its
    notice delivered in Spanish), and a catalog with a mature, NCAA-approved Health course."""
    world = build_world()
    world.register()
    for role in (Role.PARENT, Role.STUDENT):
        user = world.actor(role).user
        user.language = "es"
        user.save()
    world.student.language = "es"
    world.student.save()
    make_offering(
        world,
        provider_title="Salud Integral Online",
        content_categories=["Health"],
        mature_content=True,
        description=f"Nutrition and wellbeing. {MATURE_DISCLAIMER}",
        ncaa_note="NCAA approved",
        prerequisites="Biology",
        capacity=30,
    )
    pending = world.submit()
    rejected = world.submit(offering=world.offering_full_credit)
    decide_as_provider(
        actor=provider_actor(world),
        cca_id=rejected.pk,
        expected_version=CCA.objects.get(pk=rejected.pk).version,
        accept=False,
        reason_code="course_full",
    )
    CCA.objects.update(school_year=school_year_of(timezone.localdate()))
    run_once()
    return world, pending, rejected


def family_pages(world, pending: CCA, rejected: CCA, role: Role) -> list[str]:
    user = world.actor(role).user
    pages = [
        reverse("web:my_courses"),
        reverse("web:catalog"),
        reverse("web:catalog") + "?grade=",
        reverse("web:cca", args=[pending.pk]),
        reverse("web:cca", args=[rejected.pk]),
        reverse("web:notices"),
        reverse("web:request_course", args=[world.offering.pk]) + f"?student={world.student.pk}",
        reverse("web:registration", args=[world.provider.code]),
    ]
    messages = InboxMessage.objects.filter(user=user).order_by("pk")
    assert messages.exists() and all(m.language == "es" for m in messages)
    return pages + [reverse("web:notice", args=[m.pk]) for m in messages]


@pytest.mark.parametrize("role", [Role.PARENT, Role.STUDENT], ids=lambda r: r.value)
def test_every_family_page_is_in_spanish(family, role: Role) -> None:
    world, pending, rejected = family
    client = Client()
    client.force_login(world.actor(role).user)
    found: dict[str, list[str]] = {}
    for path in family_pages(world, pending, rejected, role):
        page = client.get(path)
        assert page.status_code == 200, path
        text = page.content.decode()
        assert '<html lang="es"' in text, path
        if leftovers := english_in(text):
            found[path] = leftovers
    assert found == {}


def test_the_catalog_in_spanish_names_subjects_disclaimer_ncaa_and_dates(family) -> None:
    world, _pending, _rejected = family
    client = Client()
    client.force_login(world.actor(Role.PARENT).user)
    text = visible(client.get(reverse("web:catalog"), {"q": "salud"}).content.decode())
    assert "Materia" in text and "Salud" in text and "Aprobado por la NCAA" in text
    assert "Este curso puede tener contenido para público maduro" in text
    assert re.search(r"del \d{1,2} de \w+ de 20\d\d al \d{1,2} de \w+ de 20\d\d", text)
    assert "Semestre 1" in text and "Plazas disponibles" in text


def test_the_check_finds_english(family) -> None:
    """The search can fail: an English label, month or disclaimer is found; marked text is not."""
    page = (
        '<body><p>Seats left: 3</p><p>Dec. 3, 2026</p><dd lang="en">Provider wrote Math</dd>'
        f'<td data-label="Provider">x</td><p>{MATURE_DISCLAIMER}</p></body>'
    )
    assert english_in(page) == sorted({"Seats left", "Dec.", "Provider", MATURE_DISCLAIMER})
