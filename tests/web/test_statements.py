"""The statement pages (issue 10, item 6): each role sees only its organisation's statements,
the student in SPEC 10's minimal form, the chart as a data table, CSV and Excel downloads of
exactly the statement, and an access-log row for each page or file that names students."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seats.core.models import AccessLog, AccessPurpose
from seats.domain.roles import Role
from tests.funding.statement_scene import build_statement_scene
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db

PROVIDER = reverse("web:provider_statement")
LEA = reverse("web:lea_statement")
SUMMARY = reverse("web:funding_summary")


@pytest.fixture
def scene():
    return build_statement_scene()


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_provider_sees_its_statement_with_minimal_names_and_totals(scene) -> None:
    client = signed_in(scene.world, Role.PROVIDER_STAFF)
    page = client.get(PROVIDER, {"month": "2025-10"})
    assert page.status_code == 200
    text = page.content.decode()
    student = scene.ours.student
    assert f"{student.legal_first_name[:2]} {student.legal_last_name}" in text
    assert student.legal_first_name not in text and student.ssid not in text
    assert "Ha Homebody" in text and "Harriet" not in text
    assert "Outsider" not in text  # the other provider's student
    assert "340.00" in text and 'class="seats-chart__bar"' in text
    assert [line["cca_id"] for line in page.context["lines"]] == [scene.ours.pk, scene.home.pk]
    entry = AccessLog.objects.get(action="list")
    assert entry.purpose == AccessPurpose.STATEMENT and entry.rows == 2
    assert student.legal_last_name not in entry.what and "2025-10" in entry.what


def test_a_provider_cannot_open_another_providers_statement(scene) -> None:
    client = signed_in(scene.world, Role.PROVIDER_STAFF)
    for url in (PROVIDER, reverse("web:provider_statement_export", args=["csv"])):
        assert client.get(url, {"provider": "PRV9", "month": "2025-10"}).status_code == 404
        assert client.get(url, {"provider": "NOPE", "month": "2025-10"}).status_code == 404
    assert client.get(LEA).status_code == 404  # and no LEA statement at all
    assert client.get(SUMMARY).status_code == 404
    other = _as(scene.other_provider_user).get(PROVIDER, {"month": "2025-10"})
    assert other.status_code == 200 and "Ze Outsider" in other.content.decode()
    assert scene.ours.student.legal_last_name not in other.content.decode()
    assert not AccessLog.objects.filter(user=scene.world.actor(Role.PROVIDER_STAFF).user).exists()


def test_an_lea_sees_only_its_own_withholding(scene) -> None:
    client = signed_in(scene.world, Role.LEA_APPROVER)
    page = client.get(LEA, {"month": "2025-10"})
    assert page.status_code == 200
    assert [line["cca_id"] for line in page.context["lines"]] == [scene.ours.pk]
    assert "Outsider" not in page.content.decode() and "Homebody" not in page.content.decode()
    assert AccessLog.objects.get(action="list").purpose == AccessPurpose.STATEMENT
    assert client.get(LEA, {"lea": "LEA9"}).status_code == 404
    assert (
        client.get(reverse("web:lea_statement_export", args=["xlsx"]), {"lea": "LEA9"}).status_code
        == 404
    )
    assert client.get(PROVIDER).status_code == 404
    far = _as(scene.other_lea_user).get(LEA, {"month": "2025-10"})
    assert "Ze Outsider" in far.content.decode() and "Homebody" not in far.content.decode()


def test_the_state_picks_any_statement_and_reads_the_summary(scene) -> None:
    client = signed_in(scene.world, Role.AUDITOR)
    picker = client.get(PROVIDER)
    assert picker.status_code == 200 and picker.context["statement"] is None
    assert not AccessLog.objects.exists()  # no student shown yet
    far = client.get(PROVIDER, {"provider": "PRV9", "month": "2025-10"})
    assert "Ze Outsider" in far.content.decode()
    home = client.get(LEA, {"lea": "HOME", "month": "2025-10"}).content.decode()
    assert "Ha Homebody" in home and "appropriation" in home
    summary = client.get(SUMMARY, {"year": "2025", "month": "2025-10", "by": "lea"})
    assert summary.status_code == 200
    text = summary.content.decode()
    assert "Far Valley District" in text and "Withheld from LEAs" in text
    assert "Outsider" not in text  # totals only
    assert [b.paid_percent for b in summary.context["bars"] if b.paid] == [100, 33]
    assert f"{reverse('web:lea_statement')}?lea=LEA9&amp;month=2025-10" in text
    assert AccessLog.objects.filter(action="list").count() == 2  # the two statements


def test_csv_and_excel_are_the_statement_and_are_logged(scene) -> None:
    client = signed_in(scene.world, Role.PROVIDER_ADMIN)
    response = client.get(
        reverse("web:provider_statement_export", args=["csv"]), {"month": "2025-11"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="provider-statement-PRV1-2025-11.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["CCA"], r["Entry"], r["Amount"]) for r in rows] == [
        (str(scene.ours.pk), "reversal", "-170.00"),
        ("", "total: payments", "0.00"),
        ("", "total: reversals", "-170.00"),
        ("", "total: net", "-170.00"),
    ]
    assert rows[0]["Student"].endswith(scene.ours.student.legal_last_name)
    logged = AccessLog.objects.get(action="export")
    assert logged.purpose == AccessPurpose.STATEMENT and logged.rows == 1
    from openpyxl import load_workbook

    book = client.get(reverse("web:provider_statement_export", args=["xlsx"]), {"month": "2025-10"})
    sheet = load_workbook(io.BytesIO(book.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "CCA" and values[1][1] == scene.ours.pk and len(values) == 1 + 2 + 3
    assert values[-1][-1] == 340  # the net, a number in Excel


def test_the_summary_file_has_the_breakdown(scene) -> None:
    client = signed_in(scene.world, Role.STATE_ADMIN)
    response = client.get(reverse("web:funding_summary_export", args=["csv"]), {"year": "2025"})
    rows = {r["Code"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["PRV1"]["Net"] == "170.00" and rows["PRV1"]["Reversals"] == "-170.00"
    assert rows["PRV9"]["Ledger entries"] == "1" and "CCAs" not in rows["PRV9"]


def test_a_bad_month_is_explained_and_the_latest_run_shown(scene) -> None:
    client = signed_in(scene.world, Role.PROVIDER_STAFF)
    page = client.get(PROVIDER, {"month": "2025-13"})
    assert page.status_code == 200
    assert "month must look like 2027-02" in page.content.decode()
    assert str(page.context["statement"].month) == "2025-11"
    far = client.get(PROVIDER, {"month": "0000-01"})
    assert far.status_code == 200 and "from 2000 to 2100" in far.content.decode()


def test_the_statement_page_queries_do_not_grow_with_its_lines(scene) -> None:
    client = signed_in(scene.world, Role.STATE_SPECIALIST)

    def queries(month: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PROVIDER, {"provider": "PRV1", "month": month}).status_code == 200
        return len(captured.captured_queries)

    assert queries("2025-10") == queries("2025-11")  # two lines, then one
