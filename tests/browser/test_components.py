"""The design system's scripted components under the real Content-Security-Policy (no bypass),
and the same actions without JavaScript: the confirmation modal (components/confirm.html, on
the duplicates page) and the date picker (components/field.html, the deadline calculator)."""

from __future__ import annotations

import pytest

from seats.core.models import CCA
from seats.domain.statuses import Status

from .conftest import sign_in
from .test_state_pages import state_world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def _strict(page):
    context = page.context.browser.new_context(viewport={"width": 1366, "height": 900})
    strict = context.new_page()
    violations: list[str] = []
    strict.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return context, strict, violations


def test_the_modal_and_the_date_picker_work_under_the_csp(page, live_server, state_world) -> None:  # noqa: F811
    context, strict, violations = _strict(page)
    try:
        sign_in(strict, live_server, "specialist")
        strict.goto(f"{live_server.url}/state/duplicates/")
        opener = strict.locator("table.duplicates a[data-open-modal]").last
        assert opener.get_attribute("role") == "button"  # USWDS took it over
        opener.click()
        dialog = strict.locator(".usa-modal-wrapper.is-visible")
        assert "This cannot be undone." in dialog.inner_text()
        dialog.locator("button[type=submit]").click()
        strict.wait_for_load_state()
        assert "as a duplicate request" in strict.locator(".messages").inner_text()
        assert CCA.objects.filter(status=Status.REJECTED_BY_STATE).count() == 1

        strict.goto(f"{live_server.url}/tools/deadlines/")
        assert strict.locator(".usa-date-picker--initialized").count() >= 2
        strict.locator("#id_submitted").fill("09/02/2025")  # the picker's own format
        strict.locator("#id_course_start").fill("09/08/2025")
        strict.locator(".usa-date-picker").first.locator(".usa-date-picker__button").click()
        assert strict.locator(".usa-date-picker__calendar:not([hidden])").count() == 1
        strict.keyboard.press("Escape")
        strict.click("form.calculator button[type=submit]")
        strict.wait_for_load_state()
        assert "Day of Census" in strict.locator("table.deadlines").inner_text()
        assert violations == []
    finally:
        context.close()


def test_the_confirmation_works_without_javascript(page, live_server, state_world) -> None:  # noqa: F811
    context = page.context.browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    try:
        sign_in(plain, live_server, "specialist")
        plain.goto(f"{live_server.url}/state/duplicates/")
        assert not plain.locator(".usa-modal").first.is_visible()  # nojs.css
        plain.locator("table.duplicates a[data-open-modal]").last.click()
        plain.wait_for_load_state()
        assert "confirm=" in plain.url
        region = plain.locator(".seats-confirm")
        assert "This cannot be undone." in region.inner_text()
        region.locator("button[type=submit]").click()
        plain.wait_for_load_state()
        assert "as a duplicate request" in plain.locator(".messages").inner_text()
        assert CCA.objects.filter(status=Status.REJECTED_BY_STATE).count() == 1
        plain.goto(f"{live_server.url}/tools/deadlines/")
        plain.fill("#id_submitted", "2025-09-02")  # a native date box without the picker
        plain.fill("#id_course_start", "2025-09-08")
        plain.click("form.calculator button[type=submit]")
        plain.wait_for_load_state()
        assert "Day of Census" in plain.locator("table.deadlines").inner_text()
    finally:
        context.close()
