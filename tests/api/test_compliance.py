"""The compliance endpoints: TOR findings and the provider cycle (scoped), and the uploads."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seats.compliance.services.tor import open_cycle
from seats.domain.roles import Role
from tests.api.helpers import BASE, api_for
from tests.compliance.helpers import SYSTEM, load_math_requirements, misaligned_teacher, tor_sheet
from tests.factories import build_world, org

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.SEATS_TODAY = date(2025, 7, 10)
    w = build_world()
    load_math_requirements(w)
    org("provider", "PRV2", "Other Online", provider_category="online")
    open_cycle(actor=SYSTEM, provider_id=w.provider.pk, school_year=2025, as_of=date(2025, 7, 1))
    return w


def upload(api, path: str, data: bytes, name: str = "tor.csv"):
    response = api.client.post(
        BASE + path,
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
        headers={"Authorization": f"Bearer {api.token}"},
    )
    return response.status_code, response.json()


def test_the_provider_uploads_and_reads_its_own_findings(world) -> None:
    api = api_for(world, Role.PROVIDER_ADMIN)
    bad = misaligned_teacher(world)
    status, body = upload(api, "/compliance/tor/spreadsheet", b"core_code,nope\n1,2\n")
    assert status == 200 and not body["recorded"]
    assert {"line": 1, "column": "nope"}.items() <= next(
        p for p in body["problems"] if p["column"] == "nope"
    ).items()
    sheet = tor_sheet(world, (world.offering, world.teacher), (world.offering, bad))
    status, body = upload(api, "/compliance/tor/spreadsheet", sheet)
    assert (status, body["recorded"], body["lines"]) == (200, True, 2)
    found = api.get("/compliance/tor", school_year=2025)
    assert found.status == 200 and [c["provider"]["code"] for c in found.body] == ["PRV1"]
    lines = found.body[0]["assignments"]
    assert [(a["cactus_id"], a["aligned"]) for a in lines] == [("C1000", True), ("C2000", False)]
    assert found.body[0]["steps"][1]["done_on"] == "2025-07-10"
    cycle = api.get("/compliance/provider-cycle", school_year=2025)
    assert [p["provider"]["code"] for p in cycle.body] == ["PRV1"]
    done = {o["obligation"]: o["done_on"] for o in cycle.body[0]["obligations"]}
    assert done["tor_spreadsheet"] == "2025-07-10"


def test_the_state_reads_every_provider_and_others_nothing(world) -> None:
    state = api_for(world, Role.STATE_SPECIALIST).get("/compliance/tor", school_year=2025)
    assert sorted(c["provider"]["code"] for c in state.body) == ["PRV1", "PRV2"]
    assert api_for(world, Role.COUNSELOR).get("/compliance/provider-cycle").body == []
    status, _ = upload(api_for(world, Role.STATE_SPECIALIST), "/compliance/tor/spreadsheet", b"x")
    assert status == 404
    status, _ = upload(api_for(world, Role.COUNSELOR), "/compliance/course-request", b"x")
    assert status == 404


def test_a_course_request_upload_reports_each_refused_row(world) -> None:
    api = api_for(world, Role.PROVIDER_STAFF)
    header = "core_code,usbe_course_title,provider_course_title,credit,term_type,"
    header += "content_categories,grade_min,grade_max,credit_recovery\n"
    row = f"{world.offering.core_code},{world.offering.usbe_title},"
    row += "Algebra,0.6,semester,Math,9,12,yes\n"
    status, body = upload(api, "/compliance/course-request", (header + row).encode())
    columns = {p["column"] for p in body["problems"]}
    assert status == 200 and not body["recorded"] and columns == {"credit", "credit_recovery"}
