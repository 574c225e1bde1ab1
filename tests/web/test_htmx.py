"""htmx as progressive enhancement: each page answers a plain request with the whole page and an
htmx request (HX-Request) with the part that changed; the vendored script is served by the app
with a configuration that needs no eval."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from seats.core.models import InboxMessage
from seats.core.services.delivery import run_once
from seats.domain.roles import Role
from tests.factories import build_world, make_offering, make_student

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def world():
    cache.clear()
    world = build_world()
    world.register()
    return world


def client_for(world, role: Role) -> Client:
    client = Client()
    client.force_login(world.actor(role).user)
    return client


def test_every_page_loads_the_vendored_htmx_without_eval(world) -> None:
    text = client_for(world, Role.PARENT).get(reverse("web:ccas")).content.decode()
    assert '<script src="/static/web/vendor/htmx.min.js" defer></script>' in text
    assert '"allowEval":false' in text and '"historyCacheSize":0' in text
    assert "unpkg.com" not in text and "cdn" not in text.lower()
    script = Path(finders.find("web/vendor/htmx.min.js"))
    assert script.stat().st_size > 40_000 and b"htmx" in script.read_bytes()[:2000]
    readme = (script.parent / "README.md").read_text()
    assert "2.0.11" in readme and (script.parent / "htmx.LICENSE").exists()


def test_the_queue_full_and_partial(world) -> None:
    mine = world.submit()
    other = world.submit(student=make_student(world, legal_last_name="Zimmer"))
    client = client_for(world, Role.COUNSELOR)
    full = client.post(reverse("web:ccas"), {"status": "", "q": "Zimmer"}, follow=True)
    text = full.content.decode()
    assert "<html" in text and 'hx-post="/ccas/"' in text and 'id="queue-results"' in text
    assert '<form method="post" action="/ccas/"' in text  # the search never goes in a URL
    part = client.post(reverse("web:ccas"), {"status": "", "q": "Zimmer"}, headers=HX)
    fragment = part.content.decode()
    assert "<html" not in fragment and '<form method="post" action="/ccas/"' not in fragment
    assert fragment.lstrip().startswith('<div id="queue-results"')
    assert f"/ccas/{other.pk}/" in fragment and f"/ccas/{mine.pk}/" not in fragment
    assert 'id="queue-count" hx-swap-oob="innerHTML">1 course request<' in fragment
    assert "HX-Request" in part["Vary"] and "HX-Request" in full["Vary"]
    assert [c.pk for c in part.context["page"].object_list] == [other.pk]
    assert part["HX-Push-Url"] == full.redirect_chain[-1][0]  # the keyed address, no name


def test_a_history_restore_gets_the_whole_page(world) -> None:
    world.submit()
    client = client_for(world, Role.COUNSELOR)
    restore = client.get(
        reverse("web:ccas"), headers={**HX, "HX-History-Restore-Request": "true"}
    ).content.decode()
    assert "<html" in restore and '<form method="post" action="/ccas/"' in restore


def test_sort_and_page_links_keep_every_filter(world) -> None:
    for _ in range(3):
        world.submit(student=make_student(world))
    client = client_for(world, Role.COUNSELOR)
    search = {"status": "", "q": "Tester", "year": "2025", "per": "10"}
    part = client.post(reverse("web:ccas"), search, headers=HX)
    key = part["HX-Push-Url"].rpartition("search=")[2]
    fragment = part.content.decode()
    kept = f"status=&amp;year=2025&amp;per=10&amp;search={key}"
    assert (
        f'href="/ccas/?{kept}&amp;sort=student" hx-get="/ccas/?{kept}&amp;sort=student"' in fragment
    )
    assert f"/ccas/export.csv?{kept}&amp;sort=-submitted" in fragment
    assert "Tester" not in part["HX-Push-Url"]


def test_the_catalog_full_and_partial(world) -> None:
    make_offering(world, provider_title="Astronomy Online", content_categories=["Science"])
    client = client_for(world, Role.STUDENT)
    full = client.get(reverse("web:catalog"), {"subject": "Science"}).content.decode()
    assert "<html" in full and 'hx-target="#catalog-results"' in full
    part = client.get(reverse("web:catalog"), {"subject": "Science"}, headers=HX)
    fragment = part.content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith('<div id="catalog-results"')
    assert "Astronomy Online" in fragment and world.offering.provider_title not in fragment
    assert 'id="catalog-count" hx-swap-oob="innerHTML">1 course<' in fragment
    wrong = client.get(reverse("web:catalog"), {"tier": "9"}, headers=HX).content.decode()
    assert "Tier: choose one of the listed tiers." in wrong  # errors come with the results


@pytest.fixture
def inbox(world):
    cca = world.submit()
    world.accept(cca)
    world.approve(cca)
    run_once()
    parent = world.actor(Role.PARENT).user
    messages = list(InboxMessage.objects.filter(user=parent).order_by("pk"))
    assert len(messages) >= 2 and all(m.read_at is None for m in messages)
    return world, parent, messages


def test_marking_a_notice_read_with_htmx(inbox) -> None:
    world, _parent, messages = inbox
    client = client_for(world, Role.PARENT)
    page = client.get(reverse("web:notices")).content.decode()
    url = reverse("web:notice_read", args=[messages[0].pk])
    assert f'hx-post="{url}"' in page and f'action="{url}"' in page
    answer = client.post(url, headers=HX)
    fragment = answer.content.decode()
    assert answer.status_code == 200 and "<html" not in fragment
    assert fragment.startswith(f'<tr id="notice-{messages[0].pk}" class="read">')
    left = len(messages) - 1
    assert f'hx-swap-oob="innerHTML">{left} unread notice' in fragment
    messages[0].refresh_from_db()
    assert messages[0].read_at is not None
    messages[1].refresh_from_db()
    assert messages[1].read_at is None


def test_marking_a_notice_read_without_javascript(inbox) -> None:
    world, _parent, messages = inbox
    client = client_for(world, Role.PARENT)
    url = reverse("web:notice_read", args=[messages[0].pk])
    assert client.get(url).url == reverse("web:notices")  # a GET changes nothing
    messages[0].refresh_from_db()
    assert messages[0].read_at is None
    answer = client.post(url, follow=True)
    assert answer.redirect_chain == [(reverse("web:notices"), 302)]
    assert f"Marked as read: {messages[0].subject}" in answer.content.decode()
    messages[0].refresh_from_db()
    assert messages[0].read_at is not None


def test_someone_elses_notice_is_not_marked(inbox) -> None:
    world, _parent, messages = inbox
    stranger = client_for(world, Role.COUNSELOR)
    answer = stranger.post(reverse("web:notice_read", args=[messages[0].pk]), headers=HX)
    assert answer.status_code == 302 and answer.url == reverse("web:notices")
    messages[0].refresh_from_db()
    assert messages[0].read_at is None
