"""The reports pages: completion rates (the state's list with the counting table, a provider's
courses and the CCAs against it), the flags on the compliance page and the provider's home, the
annual report as page, PDF, CSV and Excel, the state's text, and the scope of each."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from seats.core.models import Organisation
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.reports.models import ReportText
from tests.factories import SY, build_world, make_offering

from .helpers import cca, every_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    cache.clear()
    settings.SEATS_TODAY = "2026-03-02"  # school year 2025-26 is the current one
    w = build_world()
    every_status(w)
    return w


def signed_in(world, role: Role) -> Client:
    client = Client()
    client.force_login(world.actor(role).user)
    return client


def test_the_state_sees_every_provider_and_the_counting_table(world):
    page = signed_in(world, Role.STATE_SPECIALIST).get(
        reverse("web:report_completion"), {"year": SY}
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert world.provider.name in body and "Yes: under the minimum" in body
    assert "53.8" in body and "75.0" in body
    assert ".25 Earned Not Passing Remainder" in body and "counts against" in body
    assert "Not Confirmed Closed" in body


def test_the_provider_s_courses_and_the_ccas_against_it(world):
    client = signed_in(world, Role.PROVIDER_STAFF)
    url = reverse("web:report_provider")
    body = client.get(url, {"year": SY}).content.decode()  # its own by default
    assert world.offering.core_code in body
    assert "3 CCAs with F, I/NG or .25 Earned Not Passing" in body
    other = Organisation.objects.create(
        kind="provider", code="PRV9", name="Other", provider_category="online"
    )
    assert client.get(url, {"provider": other.pk}).status_code == 404
    assert client.get(reverse("web:report_annual"), {"provider": other.pk}).status_code == 404
    assert client.get(reverse("web:report_annual"), {"provider": "x"}).status_code == 404
    assert signed_in(world, Role.COUNSELOR).get(reverse("web:report_completion")).status_code == 404


def test_flags_on_the_compliance_page_and_the_provider_s_home(world):
    state = signed_in(world, Role.STATE_ADMIN).get(reverse("web:compliance")).content.decode()
    assert "Under the minimum completion rate, school year 2025-26" in state
    assert "3 CCAs counting against it" in state
    home = signed_in(world, Role.PROVIDER_STAFF).get(reverse("web:ccas")).content.decode()
    assert "Under the minimum completion rate, school year 2025-26" in home
    for _ in range(20):
        cca(world, Status.PASS_ALL_COMPLETE)
    home = signed_in(world, Role.PROVIDER_STAFF).get(reverse("web:ccas")).content.decode()
    assert "Under the minimum completion rate" in home  # cached for five minutes
    cache.clear()
    home = signed_in(world, Role.PROVIDER_STAFF).get(reverse("web:ccas")).content.decode()
    assert "Under the minimum completion rate" not in home


def test_the_annual_report_and_its_files(world):
    client = signed_in(world, Role.STATE_SPECIALIST)
    page = client.get(reverse("web:report_annual"), {"provider": world.provider.pk, "year": SY})
    body = page.content.decode()
    assert page.status_code == 200
    for heading in (
        "Statewide assessment scores",
        "Course completion rates",
        "Pupil-teacher ratio",
        "Student grade distributions",
        "Satisfaction survey results",
        "Improvement plan summary",
        "Audit results",
    ):
        assert heading in body
    pdf = client.get(
        reverse("web:report_annual_file", args=["pdf"]), {"provider": world.provider.pk, "year": SY}
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    rows = list(csv.reader(io.StringIO(client.get(
        reverse("web:report_annual_file", args=["csv"]), {"provider": world.provider.pk, "year": SY}
    ).content.decode())))  # fmt: skip
    assert ["Timely completion rate (%)", "53.8"] in rows
    xlsx = client.get(
        reverse("web:report_annual_file", args=["xlsx"]),
        {"provider": world.provider.pk, "year": SY},
    )
    book = load_workbook(io.BytesIO(xlsx.content))
    assert "Completion" in book.sheetnames
    assert client.get(
        reverse("web:report_annual_file", args=["exe"]), {"provider": world.provider.pk, "year": SY}
    ).status_code == 404  # fmt: skip


def test_the_state_enters_the_text_and_the_auditor_cannot(world):
    url = f"{reverse('web:report_text')}?provider={world.provider.pk}&year={SY}"
    answer = signed_in(world, Role.STATE_SPECIALIST).post(
        url, {"improvement_plan": "Weekly check-ins.", "audit_results": "Sample of 20: fine."}
    )
    assert answer.status_code == 302
    assert ReportText.objects.get().improvement_plan == "Weekly check-ins."
    assert signed_in(world, Role.AUDITOR).post(url, {"improvement_plan": "x"}).status_code == 404
    assert ReportText.objects.get().improvement_plan == "Weekly check-ins."
    assert signed_in(world, Role.PROVIDER_ADMIN).get(url).status_code == 404
    public = Client().get(
        reverse("web:public_report"), {"provider": world.provider.code, "year": SY}
    )
    assert "Weekly check-ins." in public.content.decode()


def test_per_course_grades(world):
    other = make_offering(world, core_code="0900001")
    for grade in ["A"] * 12 + ["B"] * 3:
        cca(world, Status.PASS_ALL_COMPLETE,
            offering=other, final_grade=grade)  # fmt: skip
    client = signed_in(world, Role.STATE_SPECIALIST)
    rows = list(csv.reader(io.StringIO(client.get(
        reverse("web:report_annual_file", args=["csv"]), {"provider": world.provider.pk, "year": SY}
    ).content.decode())))  # fmt: skip
    assert ["0900001", "12", "3", "0", "0", "0", "0", "0", "15"] in rows
