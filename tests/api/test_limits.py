"""Limits (issue 8 item 8): a body over the upload limit is 413 problem+json, never 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from seats.domain.roles import Role
from tests.api.helpers import BASE, api_for
from tests.factories import build_world
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db

FIVE_MB = json.dumps({"note": "x" * 5_000_000})


def _is_413_problem(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 413, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 413 and body["type"] == "urn:seats:problem:payload-too-large"
    assert "larger than this server accepts" in body["detail"]


def test_five_megabytes_of_json_to_the_api_is_413() -> None:
    world = build_world()
    api = api_for(world, Role.PROVIDER_STAFF)
    response = api.client.post(
        BASE + "/ccas",
        data=FIVE_MB,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}"},
    )
    _is_413_problem(response)
    anonymous = Client().post(BASE + "/ccas", data=FIVE_MB, content_type="application/json")
    assert anonymous.status_code in (401, 413)  # no token: refused before the body is read


def test_a_huge_web_form_is_413_not_500() -> None:
    world = build_world()
    client = signed_in(world, Role.COUNSELOR)
    response = client.post(reverse("web:language"), {"language": "x" * 3_000_000})
    _is_413_problem(response)
    page = Client().post(
        reverse("web:login"), {"username": "x" * 3_000_000}, headers={"Accept": "text/html"}
    )
    assert page.status_code == 413 and page["Content-Type"].startswith("text/html")
    assert b"Request too large" in page.content
