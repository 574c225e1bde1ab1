"""SPEC 3.4: a K-12 student with an open adult-education enrollment is not eligible for SOEP;
the two are linked by SSID, through core's extension point (core never imports adulted)."""

from __future__ import annotations

import ast
import html
import pathlib
from datetime import date

import pytest
from django.urls import reverse

from seats.adulted.services import records
from seats.core.services.eligibility import Approvals, reasons_for_request
from seats.domain.roles import Role
from tests.web.conftest import signed_in

from .helpers import ENTRY, TODAY, build

pytestmark = pytest.mark.django_db


def reasons(world, as_of):  # type: ignore[no-untyped-def]
    return [
        r.code
        for r in reasons_for_request(
            student=world.student,
            offering=world.offering,
            school_year=2025,
            session="S1",
            as_of=as_of,
            approvals=Approvals(),
        )
    ]


def test_open_enrollment_by_ssid_makes_a_k12_student_ineligible(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY
    a = build()
    world = a.world
    assert "adult_education" not in reasons(world, TODAY)
    adult = records.register_student(
        actor=a.staff,
        program=a.program,
        first_name="Kai",
        last_name="Tester",
        date_of_birth=world.student.date_of_birth,
        ssid=world.student.ssid,
    )
    assert adult.k12_student == world.student and adult.k12_enrolled
    e = records.enroll(
        actor=a.staff, student=adult, program=a.program, entry_date=ENTRY, area_of_focus="AHSC"
    )
    assert "adult_education" in reasons(world, TODAY)
    assert "adult_education" not in reasons(world, date(2025, 9, 1))  # before the entry date
    records.exit_enrollment(
        actor=a.director, enrollment=e, exit_date=date(2025, 12, 19), reason="completion"
    )
    assert "adult_education" not in reasons(world, TODAY)
    assert "adult_education" in reasons(world, date(2025, 12, 19))


def test_the_request_page_names_the_reason(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY
    a = build()
    world = a.world
    adult = records.register_student(
        actor=a.staff,
        program=a.program,
        first_name="Kai",
        last_name="Tester",
        date_of_birth=world.student.date_of_birth,
        ssid=world.student.ssid,
    )
    records.enroll(
        actor=a.staff, student=adult, program=a.program, entry_date=ENTRY, area_of_focus="AHSC"
    )
    page = signed_in(world, Role.PARENT).get(
        reverse("web:request_course", args=[world.offering.pk]), {"student": world.student.pk}
    )
    codes = [r.code for r in page.context["preview"].reasons]
    assert "adult_education" in codes and page.context["preview"].blocking
    assert "Students enrolled in adult education cannot take online courses" in html.unescape(
        page.content.decode()
    )


def test_core_does_not_import_adulted() -> None:
    core = pathlib.Path(__file__).parents[2] / "src" / "seats" / "core"
    for path in core.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [n.name for n in node.names]
                )
                assert not any("adulted" in n for n in names), path
