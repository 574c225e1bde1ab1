"""Adult education's API (issue 12): students, hours in bulk, assessments, the NRS tables;
scoped like the web pages, invisible to SOEP's roles."""

from __future__ import annotations

from datetime import date

import pytest

from seats.adulted.models import ContactHour, Program
from seats.adulted.services import records
from seats.domain.roles import Role
from tests.api.helpers import api_for

pytestmark = pytest.mark.django_db
ENTRY = date(2025, 9, 2)


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = date(2026, 3, 2)


@pytest.fixture
def enrollment(world):  # type: ignore[no-untyped-def]
    program = Program.objects.create(code="AE1", name="Adult Ed", organisation=world.lea)
    staff = world.actor(Role.ADULTED_STAFF)
    student = records.register_student(
        actor=staff,
        program=program,
        first_name="Ana",
        last_name="Lopez",
        date_of_birth=date(1990, 1, 1),
    )
    return records.enroll(
        actor=staff,
        student=student,
        program=program,
        entry_date=ENTRY,
        area_of_focus="ABE",
        funding_code=2,
    )


def test_students_hours_assessments_and_the_nrs_tables(world, enrollment) -> None:  # type: ignore[no-untyped-def]
    api = api_for(world, Role.ADULTED_STAFF)
    listed = api.get("/adult-ed/students", year=2025)
    assert listed.status == 200 and [i["id"] for i in listed.body["items"]] == [enrollment.pk]
    pre = api.post(
        "/adult-ed/assessments",
        {
            "enrollment_id": enrollment.pk,
            "test": "TABE_9_10",
            "day": "2025-09-02",
            "administrator": "Kim",
            "scores": {"reading": {"scale": 400}},
        },
    )
    assert pre.status == 201 and pre.body["levels"] == {"reading": "ABE 2"}
    bulk = api.post(
        "/adult-ed/hours",
        {
            "program_id": enrollment.program_id,
            "entries": [
                {
                    "enrollment_id": enrollment.pk,
                    "day": f"2025-09-{d:02d}",
                    "kind": "instructional",
                    "hours": "5",
                }
                for d in range(3, 12)
            ],
        },
    )
    assert bulk.status == 201 and bulk.body == {"written": 9}
    post = api.post(
        "/adult-ed/assessments",
        {
            "enrollment_id": enrollment.pk,
            "test": "TABE_9_10",
            "day": "2025-09-12",
            "administrator": "Kim",
            "scores": {"reading": {"scale": 470}},
        },
    )
    assert post.body["valid_for_gain"] is True
    report = api.get("/adult-ed/reports/nrs", year=2025, program=enrollment.program_id)
    assert report.status == 200
    assert report.body["gains"] == [] and report.body["not_counted"][0]["reasons"] == [
        "a current SEOP with a core goal missing: no current SEOP with a core goal"
    ]
    one = api.get(f"/adult-ed/students/{enrollment.pk}")
    assert one.body["efl"] == "ABE 2" and one.body["levels_gained"] == 1


def test_bad_input_is_a_422_and_nothing_is_written(world, enrollment) -> None:  # type: ignore[no-untyped-def]
    api = api_for(world, Role.ADULTED_STAFF)
    bad = api.post(
        "/adult-ed/assessments",
        {
            "enrollment_id": enrollment.pk,
            "test": "TABE_9_10",
            "day": "2025-09-02",
            "administrator": "Kim",
            "scores": {"reading": {"scale": 5000}},
        },
    )
    assert bad.status == 422 and "the bands are" in str(bad.body)
    hours = api.post(
        "/adult-ed/hours",
        {
            "program_id": enrollment.program_id,
            "entries": [
                {
                    "enrollment_id": enrollment.pk,
                    "day": "2025-09-03",
                    "kind": "instructional",
                    "hours": "3",
                },
                {
                    "enrollment_id": enrollment.pk,
                    "day": "2025-08-01",
                    "kind": "instructional",
                    "hours": "3",
                },
            ],
        },
    )
    assert hours.status == 422 and "Row 2" in str(hours.body)
    assert not ContactHour.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.STATE_ADMIN, Role.COUNSELOR, Role.PROVIDER_STAFF, Role.AUDITOR]
)
def test_soep_roles_see_nothing_of_it(world, enrollment, role: Role) -> None:  # type: ignore[no-untyped-def]
    api = api_for(world, role)
    assert api.get("/adult-ed/students").body["items"] == []
    assert api.get(f"/adult-ed/students/{enrollment.pk}").status == 404
    assert api.get("/adult-ed/reports/nrs", year=2025, program=enrollment.program_id).status == 404
    assert (
        api.post(
            "/adult-ed/hours",
            {
                "program_id": enrollment.program_id,
                "entries": [
                    {
                        "enrollment_id": enrollment.pk,
                        "day": "2025-09-03",
                        "kind": "instructional",
                        "hours": "3",
                    }
                ],
            },
        ).status
        == 404
    )


def test_adult_education_roles_see_nothing_of_soep(world) -> None:  # type: ignore[no-untyped-def]
    api = api_for(world, Role.ADULTED_SPECIALIST)
    assert api.get("/ccas").body["items"] == []
