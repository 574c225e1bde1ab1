"""The reports endpoints: completion rates and the annual report scoped by role, the state's
uploads (all or nothing, problems with line and column)."""

from __future__ import annotations

import pytest

from seats.core.models import Organisation
from seats.domain.roles import Role
from seats.reports.models import AssessmentScore, SurveyAnswer
from tests.api.helpers import api_for
from tests.factories import SY
from tests.reports.helpers import every_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(world):
    every_status(world)
    Organisation.objects.create(
        kind="provider", code="PRV8", name="Other", provider_category="online"
    )
    return world


def test_completion_rates_by_role(rated):
    state = api_for(rated, Role.STATE_SPECIALIST).get("/reports/completion", school_year=SY)
    assert state.status == 200
    mine = next(p for p in state.body["providers"] if p["provider"] == "PRV1")
    assert mine["rates"]["timely"] == {"completed": 7, "counted": 13, "percent": "53.8"}
    assert mine["rates"]["extended"]["percent"] == "75.0" and mine["below_minimum"]
    assert {p["provider"] for p in state.body["providers"]} == {"PRV1", "PRV8"}
    own = api_for(rated, Role.PROVIDER_STAFF).get("/reports/completion", school_year=SY)
    assert [p["provider"] for p in own.body["providers"]] == ["PRV1"]
    assert api_for(rated, Role.COUNSELOR).get("/reports/completion").body["providers"] == []
    courses = api_for(rated, Role.PROVIDER_ADMIN).get("/reports/completion/courses", school_year=SY)
    assert (
        courses.status == 200 and courses.body["courses"][0]["rates"]["extended"]["counted"] == 12
    )
    other = api_for(rated, Role.PROVIDER_ADMIN).get("/reports/completion/courses", provider="PRV8")
    missing = api_for(rated, Role.PROVIDER_ADMIN).get(
        "/reports/completion/courses", provider="NOPE"
    )
    assert other.status == missing.status == 404
    assert other.body["detail"] == missing.body["detail"]


def test_annual_report_data(rated):
    api = api_for(rated, Role.STATE_ADMIN)
    staff = api.get("/reports/annual", provider="PRV1", school_year=SY)
    assert staff.status == 200 and staff.body["below_minimum"]
    keys = [s["key"] for s in staff.body["sections"]]
    assert keys == ["assessments", "completion", "ratio", "grades", "survey", "plan", "audit"]
    public = api.get("/reports/annual", provider="PRV1", school_year=SY, edition="public")
    completion = next(s for s in public.body["sections"] if s["key"] == "completion")
    assert "n<10" in completion["tables"][0]["rows"][0]
    assert api_for(rated, Role.LEA_APPROVER).get("/reports/annual", provider="PRV1").status == 404


def test_uploads(rated):
    state = api_for(rated, Role.STATE_SPECIALIST)
    ssid = rated.student.ssid
    head = "ssid,test,score,proficiency,date\n"
    ok = state.post(
        "/reports/scores", {"file_name": "s.csv", "content": f"{head}{ssid},R,300,3,2026-04-01\n"}
    )
    assert ok.status == 200 and ok.body["loaded"] and ok.body["rows"] == 1
    bad = state.post(
        "/reports/scores", {"file_name": "s.csv", "content": f"{head}nope,R,300,3,2026-04-01\n"}
    )
    assert bad.status == 200 and not bad.body["loaded"]
    assert bad.body["problems"][0]["line"] == 2 and bad.body["problems"][0]["column"] == "ssid"
    assert AssessmentScore.objects.count() == 1
    body = {"provider": "PRV1", "school_year": SY, "file_name": "v.csv",
            "content": "question,responses,share favourable\nQ,20,75\n"}  # fmt: skip
    assert state.post("/reports/surveys", body).body["loaded"]
    assert api_for(rated, Role.PROVIDER_ADMIN).post("/reports/surveys", body).status == 403
    assert (
        api_for(rated, Role.AUDITOR)
        .post("/reports/scores", {"file_name": "x", "content": ""})
        .status
        == 403
    )
    assert SurveyAnswer.objects.count() == 1
