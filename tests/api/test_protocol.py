"""The HTTP contract: tokens, problem details, ETag/If-Match, Idempotency-Key, rate limits,
cursor pagination and the change feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from seats.api.models import ApiToken, IdempotencyRecord
from seats.core.models import CCA, CCAHistory
from seats.domain.roles import Role
from tests.api.helpers import Api, api_for, token_for_role
from tests.factories import make_student

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def problem(answer, status: int) -> dict:
    assert answer.status == status, answer.body
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert set(answer.body) >= PROBLEM_KEYS and answer.body["status"] == status
    assert answer.body["type"].startswith("urn:seats:problem:")
    return answer.body


@pytest.fixture
def pending(world, clock) -> CCA:
    world.register()
    return world.submit()


# Tokens ------------------------------------------------------------------------------------


def test_no_token_a_wrong_token_and_a_revoked_or_expired_token_get_401(world) -> None:
    assert problem(Api("").get("/ccas"), 401)["type"].endswith("not-authenticated")
    raw = token_for_role(world, Role.PROVIDER_STAFF)
    assert Api(raw).get("/ccas").status == 200
    forged = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")
    assert problem(Api(forged).get("/ccas"), 401)
    token = ApiToken.objects.get(prefix=raw.split("_", 2)[1])
    assert token.secret_hash != raw and raw.split("_", 2)[2] not in token.secret_hash
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    assert Api(raw).get("/ccas").status == 401
    token.expires_at, token.revoked_at = None, timezone.now()
    token.save()
    answer = Api(raw).get("/ccas")
    assert problem(answer, 401) and answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_a_deactivated_user_stops_working(world) -> None:
    raw = token_for_role(world, Role.COUNSELOR)
    user = world.actor(Role.COUNSELOR).user
    user.is_active = False
    user.save()
    assert Api(raw).get("/ccas").status == 401


# Problems ----------------------------------------------------------------------------------


def test_problem_shapes_name_the_rule_field_allowed_moves_and_reasons(world, pending) -> None:
    provider = api_for(world, Role.PROVIDER_STAFF)
    not_allowed = problem(provider.act(pending.pk, "moves", {"to": "pass_all_complete"}), 409)
    assert not_allowed["type"].endswith("move-not-allowed") and not_allowed["rule"]
    assert isinstance(not_allowed["allowed"], list) and not_allowed["allowed"]
    bad_field = problem(provider.act(pending.pk, "grade-progress", {"percent": 101}), 422)
    assert bad_field["field"] == "percent" and bad_field["errors"][0]["field"] == "percent"
    unknown = problem(provider.act(pending.pk, "moves", {"to": "confirmed", "colour": 1}), 422)
    assert unknown["field"] == "colour"
    counselor = api_for(world, Role.COUNSELOR)
    grade5 = make_student(world, grade=5)
    ineligible = counselor.post(
        "/ccas",
        {
            "student_id": grade5.pk,
            "offering_id": world.offering.pk,
            "school_year": 2025,
            "session": "S1",
        },
    )
    body = problem(ineligible, 422)
    assert body["type"].endswith("ineligible") and body["reasons"]
    assert {"code", "message", "rule", "citation", "kind"} <= set(body["reasons"][0])
    assert all("SPEC" not in r["citation"] for r in body["reasons"])
    not_permitted = problem(
        counselor.act(pending.pk, "provider-decision", {"decision": "accept"}), 403
    )
    assert not_permitted["rule"] == "SPEC 3.3"


def test_a_method_the_path_does_not_have_is_a_problem_too(world) -> None:
    api = Api(token_for_role(world, Role.PROVIDER_STAFF))
    response = api.client.delete("/api/v1/ccas", headers={"Authorization": f"Bearer {api.token}"})
    answer = api._answer(response)
    body = problem(answer, 405)
    assert body["type"].endswith("method-not-allowed") and "GET" in body["allowed"]
    assert "DELETE is not allowed here" in body["detail"]
    assert "GET" in answer.headers["Allow"]


def test_bad_input_is_never_a_server_error(world, pending) -> None:
    provider = api_for(world, Role.PROVIDER_STAFF)
    tag = f'"cca-{pending.pk}-v{pending.version}"'
    path = f"/ccas/{pending.pk}/moves"
    assert problem(provider.post(path, raw=b"{not json", if_match=tag), 400)
    assert problem(provider.post(path, raw=b'{"to": "confirmed\\u0000"}', if_match=tag), 422)
    assert problem(
        provider.post(path, {"to": "confirmed", "completion_date": "9999-12-31"}, if_match=tag), 422
    )
    assert problem(provider.get("/ccas", limit=501), 422)["field"] == "limit"
    assert problem(provider.get("/ccas", cursor="!!!"), 422)["field"] == "cursor"
    assert (
        problem(provider.get("/ccas", updated_since="yesterday"), 422)["field"] == "updated_since"
    )
    assert problem(provider.get("/ccas/99999999999"), 422)
    assert problem(provider.get("/no/such/route"), 404)["instance"] == "/api/v1/no/such/route"
    assert CCAHistory.objects.filter(cca=pending).count() == 1


# Concurrency -------------------------------------------------------------------------------


def test_reads_carry_an_etag_and_writes_need_a_current_if_match(world, pending) -> None:
    provider = api_for(world, Role.PROVIDER_STAFF)
    read = provider.get(f"/ccas/{pending.pk}")
    assert read.etag == f'"cca-{pending.pk}-v1"' == read.body["etag"]
    path = f"/ccas/{pending.pk}/provider-decision"
    assert problem(provider.post(path, {"decision": "accept"}), 428)["field"] == "If-Match"
    accepted = provider.post(path, {"decision": "accept"}, if_match=read.etag)
    assert accepted.status == 200 and accepted.etag == f'"cca-{pending.pk}-v2"'
    stale = provider.post(
        f"/ccas/{pending.pk}/teacher-of-record",
        {"teacher_id": world.teacher.pk},
        if_match=read.etag,
    )
    assert problem(stale, 412)["field"] == "If-Match"
    assert stale.etag == accepted.etag  # the current one, to read again
    assert CCA.objects.get(pk=pending.pk).teacher_of_record_id is None
    weak = provider.post(
        f"/ccas/{pending.pk}/teacher-of-record",
        {"teacher_id": world.teacher.pk},
        if_match=f"W/{accepted.etag}",
    )
    assert weak.status == 200


# Idempotency -------------------------------------------------------------------------------


def test_a_retried_post_with_the_same_key_acts_once(world, pending) -> None:
    provider = api_for(world, Role.PROVIDER_STAFF)
    tag = provider.get(f"/ccas/{pending.pk}").etag
    path = f"/ccas/{pending.pk}/provider-decision"
    first = provider.post(path, {"decision": "accept"}, if_match=tag, key="retry-1")
    again = provider.post(path, {"decision": "accept"}, if_match=tag, key="retry-1")
    assert first.status == again.status == 200
    assert again.body == first.body and again.headers["Idempotent-Replayed"] == "true"
    assert again.etag == first.etag
    assert CCAHistory.objects.filter(cca=pending, action="provider_accept").count() == 1
    different = provider.post(path, {"decision": "reject"}, if_match=tag, key="retry-1")
    assert problem(different, 409)["type"].endswith("idempotency-key-reused")
    # Another token with the same key is another request.
    other = Api(token_for_role(world, Role.PROVIDER_ADMIN))
    answer = other.post(path, {"decision": "accept"}, if_match=tag, key="retry-1")
    assert problem(answer, 412)


def test_a_retried_submission_files_one_cca_and_an_old_key_acts_again(world, clock) -> None:
    world.register()
    counselor = api_for(world, Role.COUNSELOR)
    body = {
        "student_id": world.student.pk,
        "offering_id": world.offering.pk,
        "school_year": 2025,
        "session": "S1",
    }
    first = counselor.post("/ccas", body, key="file-once")
    again = counselor.post("/ccas", body, key="file-once")
    assert (
        first.status == again.status == 201
        and again.headers["Location"] == first.headers["Location"]
    )
    assert CCA.objects.count() == 1
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    late = counselor.post("/ccas", body, key="file-once")
    assert late.status == 422 and late.body["type"].endswith("ineligible")  # a real second try
    assert problem(counselor.post("/ccas", body, key="bad key with spaces"), 422)


def test_a_refused_write_is_replayed_as_refused(world, pending) -> None:
    lea = api_for(world, Role.LEA_APPROVER)
    tag = lea.get(f"/ccas/{pending.pk}").etag
    path = f"/ccas/{pending.pk}/lea-decision"
    first = lea.post(path, {"decision": "approve"}, if_match=tag, key="k")
    assert problem(first, 409)["rule"].startswith("SPEC 3")
    again = lea.post(path, {"decision": "approve"}, if_match=tag, key="k")
    assert again.status == 409 and again.headers["Content-Type"] == "application/problem+json"


# Rate limits -------------------------------------------------------------------------------


@override_settings(SEATS_API_RATE_LIMIT=3, SEATS_API_RATE_WINDOW=60)
def test_each_token_has_its_own_rate_limit(world) -> None:
    provider = api_for(world, Role.PROVIDER_STAFF)
    assert [provider.get("/ccas").status for _ in range(3)] == [200, 200, 200]
    limited = provider.get("/ccas")
    problem(limited, 429)
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert api_for(world, Role.COUNSELOR).get("/ccas").status == 200


# Pagination and the change feed -------------------------------------------------------------


def test_cursor_pages_are_stable_while_rows_are_inserted(world, clock) -> None:
    for _ in range(5):
        world.submit(student=make_student(world), actor=world.actor(Role.STATE_SPECIALIST))
    state = api_for(world, Role.STATE_ADMIN)
    first = state.get("/ccas", limit=2)
    assert len(first.body["items"]) == 2 and first.body["next_cursor"]
    world.submit(student=make_student(world), actor=world.actor(Role.STATE_SPECIALIST))
    seen = [row["id"] for row in first.body["items"]]
    cursor = first.body["next_cursor"]
    while cursor:
        answer = state.get("/ccas", limit=2, cursor=cursor)
        seen += [row["id"] for row in answer.body["items"]]
        cursor = answer.body["next_cursor"]
    assert seen == sorted(CCA.objects.values_list("pk", flat=True))


def test_updated_order_meets_a_changed_record_again(world, clock) -> None:
    ccas = [world.submit(student=make_student(world)) for _ in range(3)]
    counselor = api_for(world, Role.COUNSELOR)
    first = counselor.get("/ccas", order="updated_at", limit=2)
    assert [r["id"] for r in first.body["items"]] == [ccas[0].pk, ccas[1].pk]
    counselor.act(ccas[0].pk, "counselor-review", {"seop_consistent": True})
    rest = counselor.get("/ccas", order="updated_at", limit=2, cursor=first.body["next_cursor"])
    assert [r["id"] for r in rest.body["items"]] == [ccas[2].pk, ccas[0].pk]
    # A cursor is a position (<microseconds>.<id>): by id, it pages after the same row.
    by_id = counselor.get("/ccas", cursor=first.body["next_cursor"])
    assert [r["id"] for r in by_id.body["items"]] == [ccas[2].pk]


def test_the_change_feed_resumes_after_its_cursor(world, pending) -> None:
    provider = api_for(world, Role.PROVIDER_STAFF)
    first = provider.get("/events")
    assert [e["action"] for e in first.body["items"]] == ["submit"]
    cursor = first.body["next_cursor"]
    assert provider.get("/events", after=cursor).body == {
        "items": [],
        "next_cursor": cursor,
        "limit": 100,
    }
    provider.act(pending.pk, "provider-decision", {"decision": "accept"})
    later = provider.get("/events", after=cursor).body["items"]
    assert [(e["action"], e["version"], e["cca_id"]) for e in later] == [
        ("provider_accept", 2, pending.pk)
    ]


def test_filters_narrow_the_list(world, clock) -> None:
    world.register()
    cca = world.submit()
    state = api_for(world, Role.STATE_SPECIALIST)
    assert [r["id"] for r in state.get("/ccas", status="pending_execution").body["items"]] == [
        cca.pk
    ]
    assert state.get("/ccas", status="confirmed").body["items"] == []
    for name, value, hit in (
        ("school_year", 2025, True),
        ("school_year", 2026, False),
        ("session", "S1", True),
        ("session", "S2", False),
        ("provider", "PRV1", True),
        ("provider", "NOPE", False),
        ("lea", "LEA1", True),
        ("lea", "LEA2", False),
        ("school", "SCH1", True),
        ("school", "X", False),
    ):
        rows = state.get("/ccas", **{name: value}).body["items"]
        assert bool(rows) is hit, (name, value)
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert state.get("/ccas", updated_since=future).body["items"] == []
    assert len(state.get("/ccas", updated_since="2020-01-01T00:00:00").body["items"]) == 1
    # Any offset Python reads is compared in UTC: PostgreSQL refuses offsets over 15:59 (once a
    # 500 there), so the server converts before it asks.
    assert state.get("/ccas", updated_since="6926-09-26T08:23:37.31+22:36").body["items"] == []
    assert len(state.get("/ccas", updated_since="2020-01-01T00:00:00-23:59").body["items"]) == 1
    assert state.get("/ccas", updated_since="9999-12-31T23:59:00-05:00").body["items"] == []
