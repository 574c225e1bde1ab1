"""The pupil-accounting API (issue 13): an LMS's bulk events, idempotent by its own ids; reads
scoped by role and LEA."""

from __future__ import annotations

import pytest

from seats.domain.roles import Role
from seats.membership.models import EngagementEvent
from tests.api.helpers import api_for
from tests.membership.helpers import build_scene, nth, row


@pytest.fixture
def scene(db, settings):
    settings.SEATS_TODAY = nth(40)
    settings.SEATS_API_RATE_LIMIT = 0
    return build_scene()


def test_an_lms_batch_twice_adds_nothing(scene) -> None:
    api = api_for(scene.world, Role.PUPIL_ACCOUNTING)
    batch = {
        "source_system": "canvas",
        "events": [row(scene.enrollment, nth(i), f"c-{i}") for i in (1, 20, 30)],
    }
    first = api.post("/membership/events", batch)
    assert first.status == 200 and first.body == {"rows": 3, "added": 3, "duplicates": 0}
    again = api.post("/membership/events", batch)
    assert again.body == {"rows": 3, "added": 0, "duplicates": 3}
    assert EngagementEvent.objects.count() == 3
    programs = {p["code"]: p for p in api.get("/membership/programs", school_year=2026).body}
    assert programs["ONL"]["membership_days"] == 40 - 8  # out on school days 12-19
    adjustments = api.get("/membership/adjustments", school_year=2026).body
    assert [(a["left_membership_on"], a["returned_on"]) for a in adjustments] == [
        (nth(12).isoformat(), nth(20).isoformat())
    ]
    why = api.get(f"/membership/enrollments/{scene.enrollment.pk}/why", on=nth(15).isoformat())
    assert why.status == 200 and why.body["in_membership"] is False
    assert why.body["silent_school_days"][0] == nth(2).isoformat()


def test_a_malformed_batch_names_every_item_and_writes_nothing(scene) -> None:
    api = api_for(scene.world, Role.TEACHER)
    good = row(scene.enrollment, nth(1), "g-1")
    bad = {"source_system": "canvas", "events": [good, {**good, "date": 7, "external_id": "b"}]}
    answer = api.post("/membership/events", bad)
    assert answer.status == 422
    assert answer.body["problems"] == ["item 1, date: 7 is not a date (YYYY-MM-DD)"]
    assert EngagementEvent.objects.count() == 0
    garbage = api.post("/membership/events", {"source_system": "x", "events": "nope"})
    assert garbage.status == 422


def test_scope_by_role(scene) -> None:
    batch = {"source_system": "canvas", "events": [row(scene.enrollment, nth(1), "s-1")]}
    assert api_for(scene.world, Role.STATE_ADMIN).post("/membership/events", batch).status == 403
    assert api_for(scene.world, Role.COUNSELOR).post("/membership/events", batch).status == 403
    assert api_for(scene.world, Role.COUNSELOR).get("/membership/programs").body == []
    assert len(api_for(scene.world, Role.AUDITOR).get("/membership/programs").body) == 2
    why = api_for(scene.world, Role.PROVIDER_STAFF).get(
        f"/membership/enrollments/{scene.enrollment.pk}/why", on=nth(3).isoformat()
    )
    assert why.status == 404
