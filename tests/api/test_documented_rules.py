"""The OpenAPI document says what the server enforces (issue 8, item 11): If-Match is required
on writes (428 without it), the cursor has a stated format any instance of which pages, dates
and keys carry their ranges, and a move made by the wrong party is a 403 as documented."""

from __future__ import annotations

import re

from django.test import Client

from seats.domain.roles import Role
from tests.factories import make_student

from .helpers import api_for


def _document() -> dict:
    return Client().get("/api/v1/openapi.json").json()


def _parameter(document: dict, path: str, method: str, name: str) -> dict:
    operation = document["paths"][f"/api/v1{path}"][method]
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_if_match_is_required_in_the_document_and_by_the_server(world) -> None:
    world.register()
    cca = world.submit()
    document = _document()
    for path, operation in document["paths"].items():
        if "{cca_id}/" in path and "post" in operation:
            header = _parameter(document, path.removeprefix("/api/v1"), "post", "If-Match")
            assert header["required"] is True, path
            assert re.match(header["schema"]["pattern"], f'"cca-{cca.pk}-v{cca.version}"')
            assert "428" in operation["post"]["responses"], path
    api = api_for(world, Role.STATE_SPECIALIST)
    missing = api.post(f"/ccas/{cca.pk}/moves", {"to": "rejected_by_state", "reason": "x"})
    assert missing.status == 428


def test_any_cursor_of_the_documented_format_pages(world) -> None:
    world.register()
    ccas = []
    for _ in range(3):
        student = make_student(world)
        world.register(student)
        ccas.append(world.submit(student=student))
    pattern = _parameter(_document(), "/ccas", "get", "cursor")["schema"]["anyOf"][0]["pattern"]
    api = api_for(world, Role.STATE_SPECIALIST)
    first = api.get("/ccas", limit=1)
    assert re.match(pattern, first.body["next_cursor"])
    for order in ("id", "updated_at"):
        made_up = f"0.{ccas[0].pk}"
        assert re.match(pattern, made_up)
        answer = api.get("/ccas", order=order, cursor=made_up)
        assert answer.status == 200, answer.body
    assert api.get("/ccas", order="updated_at", cursor="99999999999999999.1").body["items"] == []
    assert api.get("/ccas", cursor="!!!").status == 422  # not of the format
    after = _parameter(_document(), "/events", "get", "after")["schema"]["anyOf"][0]
    assert after["pattern"] == pattern


def test_body_dates_and_keys_state_their_ranges() -> None:
    document = _document()
    move = document["components"]["schemas"]["MoveIn"]["properties"]["completion_date"]
    day = move["anyOf"][0]["pattern"]
    assert re.match(day, "2000-01-01") and re.match(day, "2100-12-31")
    assert not re.match(day, "1999-12-31") and not re.match(day, "2101-01-01")
    key = _parameter(document, "/ccas/{cca_id}/moves", "post", "Idempotency-Key")
    assert key["schema"]["anyOf"][0]["pattern"]
    session = document["components"]["schemas"]["SubmitIn"]["properties"]["session"]
    assert "semester" in str(session) and "quarter" in str(session)


def test_a_move_of_another_party_is_a_403(world) -> None:
    world.register()
    cca = world.submit()
    provider = api_for(world, Role.PROVIDER_STAFF)
    answer = provider.act(cca.pk, "moves", {"to": "rejected_by_state", "reason": "duplicate"})
    assert answer.status == 403, answer.body
    assert answer.body["type"].endswith("not-permitted") and "allowed" in answer.body
