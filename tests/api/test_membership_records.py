"""Programs and enrollments through the API (docs/membership.md): the LEA's pupil-accounting
token creates and edits, every failed eligibility check comes back at once, an exit is a date;
another LEA's record answers like a missing one and the state reads only."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from seats.domain.roles import Role
from seats.membership.models import ChangeAction, Enrollment, Program, RecordChange
from tests.api.helpers import BASE, api_for, token_for_role
from tests.factories import make_student, user_with
from tests.membership.helpers import build_scene, nth


@pytest.fixture
def scene(db, settings):
    settings.SEATS_TODAY = nth(40)
    settings.SEATS_API_RATE_LIMIT = 0
    return build_scene()


def patch(world, role: Role, path: str, body: dict):
    response = Client().patch(
        BASE + path,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for_role(world, role)}"},
    )
    return response.status_code, json.loads(response.content)


def test_staff_create_a_program_enroll_edit_and_exit(scene) -> None:
    api = api_for(scene.world, Role.PUPIL_ACCOUNTING)
    created = api.post(
        "/membership/programs",
        {"code": "CTE", "name": "Welding", "kind": "cte_tech_college",
         "calendar_id": scene.online.calendar_id},
    )  # fmt: skip
    assert created.status == 201, created.body
    assert created.body["lea"] == "LEA1" and created.body["kind"] == "cte_tech_college"
    program_id = created.body["id"]
    status, body = patch(
        scene.world, Role.PUPIL_ACCOUNTING, f"/membership/programs/{program_id}", {"name": "Weld"}
    )
    assert status == 200 and body["name"] == "Weld"
    student = make_student(scene.world)
    enrolled = api.post(
        "/membership/enrollments",
        {"program_id": program_id, "ssid": student.ssid, "entry_on": nth(2).isoformat(),
         "cte_offered_at_school": True, "cte_meets_requirement": False, "pccr_consistent": False},
    )  # fmt: skip
    assert enrolled.status == 201, enrolled.body
    reasons = [p["reason"] for p in enrolled.body["eligibility_problems"]]
    assert reasons == [
        "not_consistent_with_pccr",
        "cte_offered_at_school",
        "cte_not_graduation_requirement",
    ]
    assert all(p["rule"].startswith("004 D.4.c") for p in enrolled.body["eligibility_problems"])
    eid = enrolled.body["id"]
    status, body = patch(
        scene.world,
        Role.PUPIL_ACCOUNTING,
        f"/membership/enrollments/{eid}",
        {"pccr_consistent": True, "cte_offered_at_school": False, "cte_meets_requirement": True},
    )
    assert status == 200 and body["eligibility_problems"] == []
    exited = api.post(f"/membership/enrollments/{eid}/exit", {"exit_on": nth(9).isoformat()})
    assert exited.status == 200 and exited.body["exit_on"] == nth(9).isoformat()
    assert api.get(f"/membership/enrollments/{eid}").body["exit_on"] == nth(9).isoformat()
    actions = RecordChange.objects.filter(enrollment_id=eid).values_list("action", flat=True)
    assert sorted(actions) == ["enrolled", "enrollment_edited", "exited"]


def test_bad_bodies_are_refused_by_field(scene) -> None:
    api = api_for(scene.world, Role.PUPIL_ACCOUNTING)
    bad = api.post(
        "/membership/programs",
        {"code": "X", "name": "X", "kind": "telepathy", "calendar_id": scene.online.calendar_id},
    )
    assert bad.status in (400, 422) and "kind" in json.dumps(bad.body)
    bad = api.post(
        "/membership/enrollments",
        {"program_id": scene.online.pk, "ssid": "nobody", "entry_on": "2026-09-01"},
    )
    assert bad.status == 404
    assert Program.objects.count() == 2 and Enrollment.objects.count() == 1


def test_another_lea_and_the_state(scene) -> None:
    world = scene.world
    world.actors[Role.PUPIL_ACCOUNTING] = user_with(
        Role.PUPIL_ACCOUNTING, world.housing_lea, "pa-elsewhere"
    )
    other = api_for(world, Role.PUPIL_ACCOUNTING)
    missing = other.get("/membership/enrollments/987654")
    theirs = other.get(f"/membership/enrollments/{scene.enrollment.pk}")
    assert theirs.status == missing.status == 404
    assert theirs.body["detail"].replace(str(scene.enrollment.pk), "N") == missing.body[
        "detail"
    ].replace("987654", "N")
    exited = other.post(
        f"/membership/enrollments/{scene.enrollment.pk}/exit", {"exit_on": nth(5).isoformat()}
    )
    assert exited.status == 404
    status, _ = patch(world, Role.PUPIL_ACCOUNTING, f"/membership/programs/{scene.online.pk}",
                      {"name": "Taken"})  # fmt: skip
    assert status == 404
    state = api_for(world, Role.STATE_SPECIALIST)
    assert state.get(f"/membership/enrollments/{scene.enrollment.pk}").status == 200
    refused = state.post(
        f"/membership/enrollments/{scene.enrollment.pk}/exit", {"exit_on": nth(5).isoformat()}
    )
    assert refused.status == 403
    teacher = api_for(world, Role.TEACHER)
    assert (
        teacher.post(
            "/membership/programs",
            {"code": "T", "name": "T", "kind": "online", "calendar_id": scene.online.calendar_id},
        ).status
        == 403
    )
    scene.enrollment.refresh_from_db()
    assert scene.enrollment.exit_on is None
    assert not RecordChange.objects.filter(action=ChangeAction.EXITED).exists()
