"""Adult education's report pages and files (issue 12 items 8-10): the WPU per student and per
district, the missing student-file items per program, the NRS tables as Excel with their charts
and the enrollees per program; program staff see their program, the state's specialist every
program, SOEP's roles nothing (404)."""

from __future__ import annotations

import csv
import html
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from seats.core.models import AccessLog
from seats.domain.roles import Role
from tests.adulted.helpers import TODAY
from tests.adulted.report_scene import YEAR, build_scene
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db
SOEP = (Role.STATE_ADMIN, Role.COUNSELOR, Role.PROVIDER_STAFF, Role.AUDITOR, Role.LEA_APPROVER)
PAGES = ("web:adulted_wpu", "web:adulted_files")
FILES = (
    ("web:adulted_wpu_export", "csv"),
    ("web:adulted_wpu_export", "xlsx"),
    ("web:adulted_files_export", "csv"),
    ("web:adulted_files_export", "xlsx"),
    ("web:adulted_enrollees_export", "csv"),
    ("web:adulted_enrollees_export", "xlsx"),
)


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY


@pytest.fixture
def s():  # type: ignore[no-untyped-def]
    return build_scene()


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def rows_of(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_director_sees_the_wpu_of_the_program_by_district_and_student(s) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(s.a.world, Role.ADULTED_DIRECTOR)
    page = client.get(reverse("web:adulted_wpu"), {"year": YEAR})
    assert page.status_code == 200 and page.context["program"] == s.a.program
    body = text(page)
    assert "<strong>0.1333</strong>" in body and "No K-12 record linked" in body
    assert "aged 19: the rule covers ages 16 to 18" in body and "Pat Elm" not in body
    assert "Pat Fir" not in body  # the other organisation's program
    assert 'id="wpu-chart"' in body and 'aria-hidden="true"' in body
    lines = rows_of(client.get(reverse("web:adulted_wpu_export", args=["csv"]), {"year": YEAR}))
    assert {r["Student"]: r["WPU"] for r in lines} == {
        "Pat Alder": "0.1000",
        "Pat Birch": "0.0333",
        "Pat Cedar": "0",
        "Pat Dogwood": "0",
    }
    districts = rows_of(
        client.get(
            reverse("web:adulted_wpu_export", args=["csv"]), {"year": YEAR, "table": "districts"}
        )
    )
    named = sorted([(s.a.world.housing_lea.name, "0.0333"), (s.a.world.lea.name, "0.1000")])
    assert [(d["District"], d["WPU"]) for d in districts] == [
        *named,
        ("No K-12 record linked", "0"),
    ]
    book = load_workbook(
        io.BytesIO(client.get(reverse("web:adulted_wpu_export", args=["xlsx"])).content)
    )
    assert book.sheetnames == ["Districts", "Students"]
    total = sum(
        Decimal(str(r[5])) for r in book["Districts"].iter_rows(min_row=2, values_only=True)
    )
    assert total == Decimal("0.1333")
    assert AccessLog.objects.filter(what__startswith="Adult-ed WPU").count() == 3


def test_the_specialist_sees_every_program_by_district(s) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(s.a.world, Role.ADULTED_SPECIALIST)
    page = client.get(reverse("web:adulted_wpu"), {"year": YEAR})
    assert page.context["program"] is None
    assert page.context["report"].total == Decimal("0.1838")
    assert "Pat Fir" in text(page)
    one = client.get(reverse("web:adulted_wpu"), {"year": YEAR, "program": s.a.other.pk})
    assert [x.name for x in one.context["report"].lines] == ["Pat Fir"]


def test_missing_file_items_per_program(s) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(s.a.world, Role.ADULTED_STAFF)
    page = client.get(reverse("web:adulted_files"), {"year": YEAR})
    body = text(page)
    assert "4 of 5 students enrolled have a missing item" in body
    assert "Pat Elm" not in body and "Pat Fir" not in body  # complete; another organisation
    assert "Completed Core Follow-up Surveys" in body
    lines = rows_of(client.get(reverse("web:adulted_files_export", args=["csv"]), {"year": YEAR}))
    by_name = {r["Student"]: r for r in lines}
    assert sorted(by_name) == ["Pat Alder", "Pat Birch", "Pat Cedar", "Pat Dogwood"]
    assert by_name["Pat Cedar"]["Missing current-year items"].startswith("Contact hour")
    assert by_name["Pat Cedar"]["Missing perpetual items"] == ""
    assert by_name["Pat Birch"]["Missing items"] == "11"
    book = load_workbook(
        io.BytesIO(client.get(reverse("web:adulted_files_export", args=["xlsx"])).content)
    )
    programs = list(book["Programs"].iter_rows(values_only=True))
    assert programs[1][:5] == ("AE1", s.a.program.name, 5, 4, 1)
    assert len(programs[0]) == 5 + 11  # one column per item of the document


def test_the_nrs_page_has_its_charts_totals_and_excel(s) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(s.a.world, Role.ADULTED_DIRECTOR)
    page = client.get(reverse("web:adulted_nrs"), {"program": s.a.program.pk, "year": YEAR})
    assert page.status_code == 200
    (total,) = page.context["totals"]
    assert (total.students, total.enrollees) == (5, 0)  # no assessment in this scene: no EFL
    assert 'id="programs"' in text(page) and "Download as Excel" in text(page)
    book = load_workbook(
        io.BytesIO(
            client.get(
                reverse("web:adulted_nrs_xlsx"), {"program": s.a.program.pk, "year": YEAR}
            ).content
        )
    )
    assert book.sheetnames == [
        "Summary",
        "EFL gains",
        "Participants",
        "Contact hours",
        "Programs",
        "Not counted",
    ]
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Students enrolled"] == 5 and summary["Not counted"] == 5
    assert len(list(book["Not counted"].iter_rows(min_row=2))) == 5
    enrollees = rows_of(
        client.get(
            reverse("web:adulted_enrollees_export", args=["csv"]),
            {"program": s.a.program.pk, "year": YEAR},
        )
    )
    assert enrollees == [
        {
            "Program": "AE1",
            "Name": s.a.program.name,
            "Students": "5",
            "Enrollees": "0",
            "Contact hours of enrollees": "0",
            "Funding-eligible hours": "0",
        }
    ]


def test_staff_of_another_program_and_soep_roles(s) -> None:  # type: ignore[no-untyped-def]
    other = signed_in(s.a.world, Role.ADULTED_STAFF)
    other.force_login(s.a.other_staff.user)
    for name in PAGES:
        assert other.get(reverse(name), {"program": s.a.program.pk}).status_code == 404
        mine = other.get(reverse(name), {"year": YEAR})
        assert mine.status_code == 200 and "Pat Alder" not in text(mine)
    for name, fmt in FILES:
        url = reverse(name, args=[fmt])
        assert other.get(url, {"program": s.a.program.pk}).status_code == 404
    assert (
        other.get(reverse("web:adulted_nrs_xlsx"), {"program": s.a.program.pk}).status_code == 404
    )
    assert other.get(reverse("web:adulted_wpu_export", args=["pdf"])).status_code == 404
    for role in SOEP:
        client = signed_in(s.a.world, role)
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 404, (role, name)
        for name, fmt in FILES:
            assert client.get(reverse(name, args=[fmt])).status_code == 404, (role, name)
        assert client.get(reverse("web:adulted_nrs_xlsx")).status_code == 404


def test_the_specialist_opens_missing_items_per_program_or_statewide(s) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(s.a.world, Role.ADULTED_SPECIALIST)
    first = client.get(reverse("web:adulted_files"), {"year": YEAR})
    assert first.context["program"] == s.a.program  # one program at a time by default
    assert [p.program for p in first.context["report"].programs] == ["AE1"]
    state = client.get(reverse("web:adulted_files"), {"year": YEAR, "scope": "state"})
    assert state.context["program"] is None
    assert [(p.program, p.with_missing) for p in state.context["report"].programs] == [
        ("AE1", 4),
        ("AE2", 1),
    ]
    lines = rows_of(
        client.get(
            reverse("web:adulted_files_export", args=["csv"]), {"year": YEAR, "scope": "state"}
        )
    )
    assert len(lines) == 5 and "Pat Fir" in {r["Student"] for r in lines}
