"""Files on the web: the queue's exports and a provider's bulk upload."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from seats.core.models import AccessLog, CCAHistory
from seats.domain.roles import Role
from tests.core.helpers_lifecycle import confirmed
from tests.factories import build_world, make_student
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_export_holds_exactly_the_filtered_rows() -> None:
    world = build_world()
    world.register()
    kept = world.submit(student=make_student(world, legal_last_name="Zamora"))
    world.submit(student=make_student(world, legal_last_name="Abbott"))
    client = signed_in(world, Role.COUNSELOR)
    searched = client.post(reverse("web:ccas"), {"status": "", "q": "Zam"})["Location"]
    keyed = searched.partition("?")[2]  # the search's key, not the text
    response = client.get(reverse("web:ccas_export", args=["csv"]) + "?" + keyed)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('course-requests.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["Student"] for r in rows] == [kept.student.display_name]  # the screen's columns
    workbook = client.get(reverse("web:ccas_export", args=["xlsx"]) + "?" + keyed)
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet.max_row == 2  # header and the one row
    assert AccessLog.objects.filter(action="export", rows=1).count() == 2
    assert client.get("/ccas/export.pdf").status_code == 404


def _file(rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("progress.csv", rows.encode(), content_type="text/csv")


def test_provider_checks_then_applies_a_file() -> None:
    world = build_world()
    cca = confirmed(world)
    client = signed_in(world, Role.PROVIDER_STAFF)
    assert client.get(reverse("web:upload")).status_code == 200
    bad = f"action,cca_id,percent\ngrade_progress,{cca.pk},150\n"
    checked = client.post(reverse("web:upload"), {"file": _file(bad), "mode": "check"})
    text = checked.content.decode()
    assert checked.status_code == 200 and "percent" in text and "<td>2</td>" in text
    good = f"action,cca_id,percent,letter\ngrade_progress,{cca.pk},72.5,C\n"
    before = CCAHistory.objects.filter(cca=cca).count()
    dry = client.post(reverse("web:upload"), {"file": _file(good), "mode": "check"})
    assert "Every row is right" in dry.content.decode()
    assert CCAHistory.objects.filter(cca=cca).count() == before
    client.post(reverse("web:upload"), {"file": _file(good), "mode": "apply"})
    cca.refresh_from_db()
    assert str(cca.grade_progress_percent) == "72.50"
    assert CCAHistory.objects.filter(cca=cca).count() == before + 1


def test_upload_without_a_file_is_explained() -> None:
    world = build_world()
    response = signed_in(world, Role.PROVIDER_STAFF).post(reverse("web:upload"), {"mode": "check"})
    assert response.status_code == 400 and b"Choose a CSV or Excel file" in response.content


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.PARENT, Role.AUDITOR, Role.LEA_APPROVER])
def test_only_providers_upload(role: Role) -> None:
    world = build_world()
    assert signed_in(world, role).get(reverse("web:upload")).status_code == 404
