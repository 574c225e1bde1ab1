"""SQLite under contention (issue 8 item 10): writers queue for the write lock (transactions
begin IMMEDIATE) and a database still busy after the timeout is a 409 with Retry-After in the API
and the web, never "500 database is locked"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

from seats.core.services import requests
from seats.domain.roles import Role
from tests.api.helpers import api_for
from tests.factories import build_world
from tests.web.conftest import signed_in

ROOT = Path(__file__).resolve().parents[2]


def test_twenty_concurrent_writers_on_a_sqlite_file(tmp_path: Path) -> None:
    """Its own process on a database file (the test database is in memory)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEATS_", "DJANGO_"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'busy.sqlite3'}",
        "SEATS_TODAY": "2025-09-02",
        "SEATS_ALLOWED_HOSTS": "testserver",
        "SEATS_LOG_LEVEL": "ERROR",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.core.sqlite_writers"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    same = Counter(status for status, _ in results["same"])
    many = Counter(status for status, _ in results["many"])
    assert "database is locked" not in done.stderr
    assert same[200] == 1 and same[412] + same[409] == 19, results["same"]
    assert set(many) <= {200, 409} and many[200] >= 19, results["many"]
    assert all(retry for status, retry in results["many"] + results["same"] if status == 409)


def _locked(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise OperationalError("database is locked")


@pytest.mark.django_db
def test_a_database_still_locked_is_409_with_retry_after_in_the_api(monkeypatch) -> None:
    world = build_world()
    world.register()
    cca = world.submit()
    monkeypatch.setattr(requests, "decide_as_provider", _locked)
    answer = api_for(world, Role.PROVIDER_STAFF).post(
        f"/ccas/{cca.pk}/provider-decision",
        {"decision": "accept"},
        if_match=f'"cca-{cca.pk}-v{cca.version}"',
    )
    assert answer.status == 409, answer.body
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert answer.body["type"] == "urn:seats:problem:database-busy"
    assert answer.headers["Retry-After"] == "2"


@pytest.mark.django_db
def test_a_database_still_locked_is_409_with_retry_after_in_the_web(monkeypatch) -> None:
    world = build_world()
    world.register()
    cca = world.submit()
    monkeypatch.setattr(requests, "review_as_counselor", _locked)
    client = signed_in(world, Role.COUNSELOR)
    page = client.post(
        reverse("web:school_review", args=[cca.pk]),
        {"seop_consistent": "yes", "version": cca.version},
    )
    assert page.status_code == 409 and page["Retry-After"] == "2"
    assert b"nothing was saved" in page.content


@pytest.mark.django_db
def test_other_database_errors_stay_errors(monkeypatch) -> None:
    from seats.core.busy import is_busy

    assert is_busy(OperationalError("database is locked"))
    assert not is_busy(OperationalError("no such table: x"))
    assert not is_busy(ValueError("database is locked"))
