"""Adult education's reports through the API (issue 12 item 10): the WPU per student and per
district, the missing student-file items per program, and the enrollees per program on the NRS
tables; the same figures as the pages (tests/adulted/report_scene.py), scoped the same way."""

from __future__ import annotations

import pytest

from seats.api.tokens import create_token
from seats.core.models import RoleMembership
from seats.domain.roles import Role
from tests.adulted.helpers import TODAY
from tests.adulted.report_scene import YEAR, build_scene
from tests.api.helpers import Api, api_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY


@pytest.fixture
def s():  # type: ignore[no-untyped-def]
    return build_scene()


def test_the_wpu_per_district_and_student(s) -> None:  # type: ignore[no-untyped-def]
    api = api_for(s.a.world, Role.ADULTED_DIRECTOR)
    got = api.get("/adult-ed/reports/wpu", year=YEAR)
    assert got.status == 200, got.body
    assert got.body["program"] is None and got.body["total_wpu"] == "0.1333"
    assert got.body["hours_per_wpu"] == 990 and got.body["age_on"] == TODAY.isoformat()
    wpu = {d["district_code"]: d["wpu"] for d in got.body["districts"]}
    assert wpu == {s.a.world.lea.code: "0.1000", s.a.world.housing_lea.code: "0.0333", "": "0"}
    names = {x["name"]: x for x in got.body["students"]}
    assert set(names) == {"Pat Alder", "Pat Birch", "Pat Cedar", "Pat Dogwood"}
    assert names["Pat Alder"]["eligible"] is True and names["Pat Alder"]["clock_hours"] == "99.00"
    state = api_for(s.a.world, Role.ADULTED_SPECIALIST).get("/adult-ed/reports/wpu", year=YEAR)
    assert state.body["total_wpu"] == "0.1838"
    one = api_for(s.a.world, Role.ADULTED_SPECIALIST).get(
        "/adult-ed/reports/wpu", year=YEAR, program=s.a.other.pk
    )
    assert one.body["program"] == "AE2" and [x["name"] for x in one.body["students"]] == ["Pat Fir"]


def test_missing_student_file_items(s) -> None:  # type: ignore[no-untyped-def]
    api = api_for(s.a.world, Role.ADULTED_STAFF)
    got = api.get("/adult-ed/reports/student-files", year=YEAR, program=s.a.program.pk)
    assert got.status == 200, got.body
    (program,) = got.body["programs"]
    assert (program["students"], program["with_missing"]) == (5, 4)
    assert program["missing_by_item"]["core_follow_up_surveys"] == 3
    cedar = next(x for x in got.body["students"] if x["name"] == "Pat Cedar")
    assert cedar["missing"] == [
        {
            "item": "contact_hour_documentation",
            "label": "Contact hour documentation (instructional and non-instructional)",
            "perpetual": False,
        }
    ]


def test_the_nrs_tables_carry_the_enrollees_per_program(s) -> None:  # type: ignore[no-untyped-def]
    api = api_for(s.a.world, Role.ADULTED_SPECIALIST)
    got = api.get("/adult-ed/reports/nrs", year=YEAR)
    assert [(p["program"], p["students"], p["enrollees"]) for p in got.body["programs"]] == [
        ("AE1", 5, 0),
        ("AE2", 1, 0),
    ]


def test_scoped_and_invisible_to_soep(s) -> None:  # type: ignore[no-untyped-def]
    membership = RoleMembership.objects.get(user=s.a.other_staff.user)
    other = Api(create_token(membership=membership, name="other").secret)
    for path in ("/adult-ed/reports/wpu", "/adult-ed/reports/student-files"):
        assert other.get(path, year=YEAR, program=s.a.program.pk).status == 404
        mine = other.get(path, year=YEAR)
        assert "Pat Alder" not in str(mine.body) and "Pat Fir" in str(mine.body)
        for role in (Role.STATE_ADMIN, Role.COUNSELOR, Role.PROVIDER_STAFF, Role.AUDITOR):
            api = api_for(s.a.world, role)
            assert api.get(path, year=YEAR, program=s.a.program.pk).status == 404
            assert "Pat" not in str(api.get(path, year=YEAR).body)
