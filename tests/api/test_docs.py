"""The OpenAPI 3.1 document and the browsable docs page (served without any CDN)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

import seats.api

pytestmark = pytest.mark.django_db

STATIC = Path(seats.api.__file__).parent / "static" / "seats_api" / "swagger"


def test_the_openapi_document_is_3_1_and_types_problems() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    moves = document["paths"]["/api/v1/ccas/{cca_id}/moves"]["post"]
    assert set(moves["responses"]) >= {
        "200",
        "401",
        "403",
        "404",
        "409",
        "412",
        "422",
        "428",
        "429",
    }
    assert "application/problem+json" in moves["responses"]["412"]["content"]
    assert moves["responses"]["200"]["headers"]["ETag"]
    assert {p["name"] for p in moves["parameters"]} >= {"If-Match", "Idempotency-Key"}
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_docs_page_uses_only_local_assets() -> None:
    html = Client().get("/api/v1/docs").content.decode()
    assert "/static/seats_api/swagger/swagger-ui-bundle.js" in html
    assert "/static/seats_api/swagger/init.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "init.js", "LICENSE.txt"):
        assert (STATIC / name).stat().st_size > 0


def test_the_api_root_leads_to_the_docs() -> None:
    response = Client().get("/api/v1/")
    assert response.status_code == 302 and response["Location"] == "/api/v1/docs"
