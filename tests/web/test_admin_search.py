"""The back office's search keeps the text out of every URL (seats.web.admin_search, SPEC 10)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import build_world, make_student

pytestmark = pytest.mark.django_db
STUDENTS = "/admin/seats/student/"


@pytest.fixture
def admin_client() -> Client:
    user = get_user_model().objects.create_superuser("backoffice", "bo@example.org", "pw-123456")
    client = Client()
    client.force_login(user)
    return client


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"]*)"', html)


def test_the_search_is_posted_kept_behind_a_key_and_finds_the_student(admin_client) -> None:
    world = build_world()
    wanted = make_student(world, legal_last_name="Quillfeather")
    make_student(world, legal_last_name="Other")

    page = admin_client.get(STUDENTS)
    assert 'id="changelist-search" method="post"' in page.content.decode()

    posted = admin_client.post(STUDENTS, {"_seats_search": "1", "q": "Quillfeather", "o": "1"})
    assert posted.status_code == 303
    assert "Quillfeather" not in posted["Location"]
    assert re.fullmatch(rf"{STUDENTS}\?o=1&search=[\w-]+", posted["Location"])

    listed = admin_client.get(posted["Location"])
    html = listed.content.decode()
    assert listed.status_code == 200
    assert wanted.ssid in html and "Other" not in html.split('id="result_list"')[1]
    assert 'value="Quillfeather"' in html  # the box shows the text (in the page, not a URL)
    links = _links(html)
    assert links and not [link for link in links if "Quillfeather" in link or "q=" in link]
    assert [link for link in links if "search=" in link]  # sorting keeps the search


def test_an_address_holding_the_text_is_sent_to_the_keyed_one(admin_client) -> None:
    build_world()
    old = admin_client.get(STUDENTS + "?q=Tester&o=2")
    assert old.status_code == 303
    assert "Tester" not in old["Location"] and "search=" in old["Location"]
    assert "o=2" in old["Location"]


def test_a_key_is_worthless_in_another_session(admin_client) -> None:
    world = build_world()
    make_student(world, legal_last_name="Quillfeather")
    location = admin_client.post(STUDENTS, {"_seats_search": "1", "q": "Quillfeather"})["Location"]
    other = get_user_model().objects.create_superuser("other", "o@example.org", "pw-123456")
    stranger = Client()
    stranger.force_login(other)
    html = stranger.get(location).content.decode()
    assert 'value="Quillfeather"' not in html  # the unfiltered list, not the other's search
    assert "Tester" in html


def test_admin_actions_still_work(admin_client) -> None:
    """A POST that is not the search form (an admin action) reaches Django's own handling."""
    response = admin_client.post(STUDENTS, {"action": "", "index": "0"})
    assert response.status_code in (200, 302)
