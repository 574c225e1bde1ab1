"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against the
live Django server, and axe-core (vendored, tests/browser/vendor) checks every page visited.

Without Chromium the tests are skipped with a clear reason, except under CI=true, where a missing
browser fails them (`make test` installs it when it can).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = os.environ.get("SEATS_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        return  # the browser fixture fails loudly instead
    skip = pytest.mark.skip(reason=f"browser tests skipped: no Chromium at {CHROMIUM}")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch: pytest.MonkeyPatch) -> None:
    """Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are
    still synchronous. Allowed for each browser test only, and restored after it (a leaked
    setting would fail `check --deploy`)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page() -> Iterator[object]:
    """A fresh Chromium per test: Playwright's event loop then lives only while a browser test
    runs, so no other test (nor the database teardown) ever runs beside it."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required under CI=true and is missing at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        # The pages' Content-Security-Policy forbids inline scripts, and axe-core and the tests'
        # own page.evaluate() strings are injected inline: the harness bypasses the policy. The
        # policy itself is proven by test_family.py's test_pages_work_under_the_csp.
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        yield context.new_page()
        context.close()
        chromium.close()
        # While Playwright's loop runs in this thread Django keeps the test's connections in a
        # context variable, apart from the ones pytest-django closes: close them here, or
        # PostgreSQL refuses to drop the test database ("accessed by other users").
        connections.close_all()


def axe_violations(page: object) -> list[dict[str, object]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page; return its violations.

    It first waits for running CSS transitions to end (a USWDS modal fades in): measured half-way,
    a fading layer has the contrast of neither state, and a busy machine would fail on it."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.getAnimations().every(a => a.playState !== 'running')", timeout=5000
    )
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return result["violations"]


def describe(violations: list[dict[str, object]]) -> str:
    lines = []
    for v in violations:
        targets = [n["target"] for n in v["nodes"]][:3]  # type: ignore[index]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return "\n".join(lines)


def screenshot(page: object, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def sign_in(page: object, live_server: object, username: str, password: str = "seats-demo") -> None:
    """Sign in through the real page, as a person would."""
    page.goto(f"{live_server.url}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", password)  # type: ignore[attr-defined]
    page.click("main button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


def assert_accessible(page: object) -> None:
    """axe-core finds no violation on the page, in its language and again in the other one
    (the same URL reloaded with the language cookie, then the cookie put back)."""
    from django.conf import settings

    url = page.url  # type: ignore[attr-defined]
    assert describe(axe_violations(page)) == "", url
    shown = page.locator("html").get_attribute("lang") or "en"  # type: ignore[attr-defined]
    other = "en" if shown.startswith("es") else "es"
    origin = "/".join(url.split("/")[:3])
    for language in (other, shown):
        cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": origin}
        page.context.add_cookies([cookie])  # type: ignore[attr-defined]
        page.goto(url)  # type: ignore[attr-defined]
        if language == other:
            assert page.locator("html").get_attribute("lang") == other, url  # type: ignore[attr-defined]
            assert describe(axe_violations(page)) == "", f"{url} in {other}"
