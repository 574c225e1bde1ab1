"""GET /statements/provider, /statements/lea and /statements/summary (issue 10, item 6):
scoped like every read, money as exact strings, lines paged by cursor, in the OpenAPI
document, and each read of student lines logged."""

from __future__ import annotations

import pytest

from seats.api.tokens import create_token
from seats.core.models import AccessLog, AccessPurpose, RoleMembership
from seats.domain.roles import Role
from tests.api.helpers import Api, api_for
from tests.funding.statement_scene import build_statement_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return build_statement_scene()


def _api_of(user) -> Api:  # type: ignore[no-untyped-def]
    membership = RoleMembership.objects.get(user=user)
    return Api(create_token(membership=membership, name="test").secret)


def test_a_provider_reads_its_statement(scene) -> None:
    api = api_for(scene.world, Role.PROVIDER_STAFF)
    answer = api.get("/statements/provider", month="2025-10")
    assert answer.status == 200, answer.body
    body = answer.body
    assert body["organisation"] == {"code": "PRV1", "name": scene.world.provider.name}
    assert body["totals"] == {"lines": 2, "paid": "340.00", "reversed": "0.00", "net": "340.00"}
    assert body["run_date"] == "2025-10-20" and body["from_appropriation"] is False
    first = body["items"][0]
    student = scene.ours.student
    assert first["cca_id"] == scene.ours.pk and first["amount"] == "170.00"
    assert first["student"] == f"{student.legal_first_name[:2]} {student.legal_last_name}"
    assert first["lea"]["code"] == "LEA1" and first["tranche"] == "first"
    assert student.ssid not in str(body) and "Outsider" not in str(body)
    log = AccessLog.objects.get(channel="api")
    assert log.purpose == AccessPurpose.STATEMENT and log.rows == 2
    november = api.get("/statements/provider", month="2025-11").body
    assert november["totals"]["net"] == "-170.00"
    assert november["items"][0]["reversal_of"] == first["entry_id"]


def test_lines_are_paged_by_cursor(scene) -> None:
    api = api_for(scene.world, Role.PROVIDER_ADMIN)
    first = api.get("/statements/provider", month="2025-10", limit=1).body
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = api.get("/statements/provider", month="2025-10", limit=1, cursor=first["next_cursor"])
    assert second.body["next_cursor"] is None
    ids = [first["items"][0]["cca_id"], second.body["items"][0]["cca_id"]]
    assert ids == [scene.ours.pk, scene.home.pk]
    assert second.body["totals"]["lines"] == 2  # the month's totals on every page


def test_no_role_reads_another_organisations_statement(scene) -> None:
    provider = api_for(scene.world, Role.PROVIDER_STAFF)
    for path, params in (
        ("/statements/provider", {"provider": "PRV9"}),
        ("/statements/provider", {"provider": "NOPE"}),
        ("/statements/lea", {}),
        ("/statements/summary", {"school_year": 2025}),
    ):
        answer = provider.get(path, month="2025-10", **params)
        assert answer.status == 404, (path, answer.body)
        assert "Outsider" not in str(answer.body)
    approver = api_for(scene.world, Role.LEA_APPROVER)
    assert approver.get("/statements/lea", month="2025-10", lea="LEA9").status == 404
    assert approver.get("/statements/provider", month="2025-10").status == 404
    mine = approver.get("/statements/lea", month="2025-10").body
    assert [i["cca_id"] for i in mine["items"]] == [scene.ours.pk]
    far = _api_of(scene.other_lea_user).get("/statements/lea", month="2025-10").body
    assert [i["student"] for i in far["items"]] == ["Ze Outsider"]
    for role in (Role.COUNSELOR, Role.PARENT, Role.STUDENT):
        api = api_for(scene.world, role)
        assert api.get("/statements/provider", month="2025-10").status == 404
        assert api.get("/statements/lea", month="2025-10").status == 404


def test_the_state_names_the_organisation_and_reads_the_summary(scene) -> None:
    state = api_for(scene.world, Role.AUDITOR)
    unnamed = state.get("/statements/provider", month="2025-10").body  # the whole run
    assert unnamed["organisation"] is None and unnamed["totals"]["net"] == "510.00"
    assert {i["provider"]["code"] for i in unnamed["items"]} == {"PRV1", "PRV9"}
    home = state.get("/statements/lea", month="2025-10", lea="HOME").body
    assert home["from_appropriation"] is True and home["totals"]["net"] == "170.00"
    summary = state.get("/statements/summary", school_year=2025, by="lea", month="2025-10")
    assert summary.status == 200, summary.body
    body = summary.body
    october = next(m for m in body["months"] if m["month"] == "2025-10")
    assert (october["paid"], october["withheld"], october["appropriation"]) == (
        "510.00",
        "340.00",
        "170.00",
    )
    assert {o["organisation"]["code"]: o["net"] for o in body["organisations"]} == {
        "LEA1": "170.00",
        "LEA9": "170.00",
        "HOME": "170.00",
    }
    assert body["appropriation"] == {"recorded": None, "spent": "170.00", "balance": None}
    assert "Outsider" not in str(body) and not AccessLog.objects.filter(what__contains="summary")


def test_bad_months_and_years_are_refused_by_the_document(scene) -> None:
    state = api_for(scene.world, Role.STATE_SPECIALIST)
    assert state.get("/statements/provider", month="2025-13", provider="PRV1").status == 422
    assert state.get("/statements/provider", month="0000-01", provider="PRV1").status == 422
    assert state.get("/statements/provider", provider="PRV1").status == 422  # month required
    assert state.get("/statements/summary", school_year=1999).status == 422
    empty = state.get("/statements/provider", month="2026-05", provider="PRV1").body
    assert empty["run_date"] is None and empty["items"] == [] and empty["totals"]["net"] == "0.00"


def test_the_statements_are_in_the_openapi_document(scene) -> None:
    from django.test import Client

    document = Client().get("/api/v1/openapi.json").json()
    for path in ("provider", "lea", "summary"):
        operation = document["paths"][f"/api/v1/statements/{path}"]["get"]
        assert operation["tags"] == ["Funding statements"]
        assert "404" in operation["responses"]
    month = next(
        p
        for p in document["paths"]["/api/v1/statements/provider"]["get"]["parameters"]
        if p["name"] == "month"
    )
    assert month["required"] is True and month["schema"]["pattern"].startswith("^20")
