"""Students and parents in a real browser: a parent whose browser asks for Spanish (and who never
chose a language) reads My courses, a CCA page and the inbox in Spanish, with no axe violation,
also at phone width; the queue's filters refresh the table through htmx without reloading the
page, and work the same with JavaScript switched off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from seats.core.services.delivery import run_once
from seats.core.services.enrollment import record_progress, set_at_risk
from seats.domain.roles import Role
from tests.core.helpers_lifecycle import confirmed, provider_actor
from tests.factories import build_world, make_student

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "seats-demo"


@pytest.fixture
def family(live_server):
    world = build_world()
    cca = confirmed(world)
    today = timezone.localdate()
    cca = record_progress(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        percent="64",
        letter="D",
        last_activity=today - timedelta(days=5),
        as_of=today,
    )
    set_at_risk(
        actor=provider_actor(world), cca_id=cca.pk, expected_version=cca.version, at_risk=True
    )
    world.submit(offering=world.offering_full_credit)
    for n in range(4):
        world.submit(student=make_student(world, legal_last_name=f"Zimmer{n}" if n else "Zimmer"))
    run_once()
    for role in (Role.PARENT, Role.STUDENT, Role.COUNSELOR):
        user = world.actor(role).user
        user.set_password(PASSWORD)
        user.save()
    assert world.actor(Role.PARENT).user.language == ""  # no choice: the browser decides
    return world, cca


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_spanish_parent_reads_every_family_page(page, live_server, family) -> None:
    _world, cca = family
    page.set_extra_http_headers({"Accept-Language": "es-MX,es;q=0.9"})
    sign_in(page, live_server, "parent")
    page.goto(f"{live_server.url}/my-courses/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Mis cursos"
    text = page.inner_text("main")
    assert "Confirmada" in text and "En riesgo de reprobar" in text
    assert "Pendiente de ejecución" in text and "Quién actúa después" in text
    assert page.locator("progress").first.get_attribute("value") == "64.00"
    assert_accessible(page)
    screenshot(page, "my-courses-parent-es")
    page.set_viewport_size({"width": 390, "height": 844})
    assert fits_the_width(page), "My courses scrolls sideways on a phone"
    screenshot(page, "my-courses-parent-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click(f"#cca-{cca.pk} a")
    page.wait_for_load_state()
    detail = page.inner_text("main")
    assert "Cómo va el curso" in detail and "Qué ha pasado" in detail
    assert "Solicitud presentada" in detail and "Inscripción confirmada" in detail
    assert_accessible(page)

    page.goto(f"{live_server.url}/notices/")
    assert "Avisos" in page.inner_text("h1")
    count = page.inner_text("#unread-count")
    assert_accessible(page)
    page.evaluate("window.seatsMarker = 'still here'")
    page.locator("tr.unread button").first.click()
    page.wait_for_function(f"document.querySelector('#unread-count').innerText !== {count!r}")
    page.wait_for_selector("tr.read")  # htmx settles the swapped row's attributes after 20 ms
    assert page.evaluate("window.seatsMarker") == "still here"  # updated in place, no reload
    assert page.locator("tr.read").count() == 1


def test_a_student_lands_on_my_courses(page, live_server, family) -> None:
    sign_in(page, live_server, "student")
    page.goto(f"{live_server.url}/my-courses/")
    assert page.locator("h1").inner_text() == "My courses"
    assert "At risk of failing" in page.inner_text("main")
    assert_accessible(page)
    screenshot(page, "my-courses-student")


def rows(page) -> int:
    return page.locator("table.queue tbody tr").count()


def test_the_queue_filter_updates_the_table_in_place(page, live_server, family) -> None:
    sign_in(page, live_server, "counselor")
    page.goto(f"{live_server.url}/ccas/?status=")
    before = rows(page)
    assert before >= 6
    page.evaluate("window.seatsMarker = 42")
    page.fill("#q", "Zimmer")
    page.wait_for_function("location.search.includes('search=')")  # a key, never the name
    page.wait_for_function(f"document.querySelectorAll('table.queue tbody tr').length < {before}")
    assert page.evaluate("window.seatsMarker") == 42  # the page was not reloaded
    assert rows(page) == 4
    assert "4 course requests" in page.inner_text("#queue-count")
    page.click("th a:has-text('Student')")
    page.wait_for_function("location.search.includes('sort=student')")
    assert "Zimmer" not in page.url and "search=" in page.url
    assert page.evaluate("window.seatsMarker") == 42
    page.wait_for_function("document.querySelector('th[aria-sort]') !== null")
    assert_accessible(page)


def test_pages_work_under_the_csp(page, live_server, family) -> None:
    """With the Content-Security-Policy enforced (no bypass), htmx still filters the queue in
    place and the browser reports no violation of the policy."""
    browser = page.context.browser
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    strict = context.new_page()
    violations: list[str] = []
    strict.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        sign_in(strict, live_server, "counselor")
        strict.goto(f"{live_server.url}/ccas/?status=")
        before = rows(strict)
        assert before >= 6
        strict.fill("#q", "Zimmer")
        for _ in range(50):  # polled from Python: a string eval would itself break the policy
            if rows(strict) < before:
                break
            strict.wait_for_timeout(100)
        assert rows(strict) == 4
        assert "search=" in strict.url and "Zimmer" not in strict.url
        assert violations == []
    finally:
        context.close()


def test_the_queue_filter_works_without_javascript(page, live_server, family) -> None:
    browser = page.context.browser
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    plain = context.new_page()
    try:
        sign_in(plain, live_server, "counselor")
        plain.goto(f"{live_server.url}/ccas/?status=")
        assert rows(plain) >= 6
        plain.fill("#q", "Zimmer")
        plain.click("form.filters button[type=submit]")
        plain.wait_for_load_state()
        assert "Zimmer" not in plain.url and "search=" in plain.url and rows(plain) == 4
        plain.click("th a:has-text('Student')")
        plain.wait_for_load_state()
        assert "sort=student" in plain.url and "search=" in plain.url and rows(plain) == 4
        assert "Zimmer" not in plain.url
    finally:
        context.close()
