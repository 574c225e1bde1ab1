"""A provider's payment statement in a real browser (issue 10, item 6): the provider opens it
from the menu, reads its lines and the monthly chart, downloads the CSV, and the page passes
axe-core's WCAG 2.0/2.1 A and AA rules."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from seats.domain.roles import Role
from tests.funding.statement_scene import build_statement_scene

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(live_server):
    scene = build_statement_scene()
    user = scene.world.actor(Role.PROVIDER_STAFF).user
    user.set_password("seats-demo")
    user.save()
    return scene


def test_a_provider_opens_its_statement_and_downloads_the_csv(page, live_server, scene) -> None:
    sign_in(page, live_server, "provider")
    page.get_by_role("link", name="Payment statements").first.click()
    page.wait_for_load_state()
    assert "/statements/provider/" in page.url
    page.select_option("#id_month", "2025-10")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert "October 2025" in page.locator("h1").inner_text()
    rows = page.locator("table.statement tbody tr")
    assert rows.count() == 2
    student = scene.ours.student
    assert f"{student.legal_first_name[:2]} {student.legal_last_name}" in rows.first.inner_text()
    assert "340.00" in page.locator("#statement-totals").inner_text()
    assert page.locator("table.seats-chart tbody tr").count() == 12
    assert_accessible(page)
    page.goto(f"{live_server.url}/statements/provider/?month=2025-10")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    saved = Path(download.value.path())
    assert download.value.suggested_filename == "provider-statement-PRV1-2025-10.csv"
    lines = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert [line["CCA"] for line in lines[:2]] == [str(scene.ours.pk), str(scene.home.pk)]
    assert lines[-1]["Entry"] == "total: net" and lines[-1]["Amount"] == "340.00"


def test_the_state_summary_is_accessible(page, live_server, scene) -> None:
    user = scene.world.actor(Role.STATE_SPECIALIST).user
    user.set_password("seats-demo")
    user.save()
    sign_in(page, live_server, "specialist")
    page.goto(f"{live_server.url}/statements/summary/?year=2025&month=2025-10&by=provider")
    assert page.locator("table.statement tbody tr").count() == 2 + 12  # providers, then months
    assert_accessible(page)
