"""Adult education's data entry through the API (issue 12): register and enrol, the SEOP, the
funding code with its history, voids and corrections of hours and assessments; who may and may
not; answers about real records match the OpenAPI document."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from seats.adulted.models import AdultStudent, Assessment, ContactHour, Program, RecordChange
from seats.adulted.services import records
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import HourEntry, record_hours
from seats.api.tokens import create_token
from seats.core.models import RoleMembership
from seats.domain.roles import Role
from tests.api.helpers import Api, api_for
from tests.factories import user_with

pytestmark = pytest.mark.django_db
ENTRY = date(2025, 9, 2)

STUDENT = {
    "fiscal_year": 2025,
    "first_name": "Mai",
    "last_name": "Tran",
    "date_of_birth": "1988-04-05",
    "sex": "F",
    "ethnicity": "Asian",
    "entry_date": "2025-09-02",
    "area_of_focus": "ESOL",
    "funding_code": 3,
    "residency_proof": "Utah driver license",
}


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = date(2026, 3, 2)


@pytest.fixture
def program(world):  # type: ignore[no-untyped-def]
    return Program.objects.create(code="AE1", name="Adult Ed", organisation=world.lea)


def other_staff(world) -> Api:  # type: ignore[no-untyped-def]
    user = user_with(Role.ADULTED_STAFF, world.housing_lea, "ae-other").user
    membership = RoleMembership.objects.get(user=user, role=Role.ADULTED_STAFF.value)
    return Api(create_token(membership=membership, name="other").secret)


def test_register_seop_and_funding_code(world, program) -> None:  # type: ignore[no-untyped-def]
    api = api_for(world, Role.ADULTED_STAFF)
    made = api.post("/adult-ed/students", {"program_id": program.pk, **STUDENT})
    assert made.status == 201, made.body
    e = made.body
    assert (e["area_of_focus"], e["funding_code"], e["entry_date"]) == ("ESOL", 3, "2025-09-02")
    seop = api.put(
        f"/adult-ed/students/{e['id']}/seop",
        {
            "goals": "Read to my children",
            "prior_achievements": "Grade 8",
            "work_history": "Salon",
            "core_goal": "Improve English",
            "core_goal_on": "2025-09-02",
            "counselor": "Dana",
            "counselor_signed_on": "2025-09-02",
            "waiver_refused": True,
        },
    )
    assert seop.status == 200, seop.body
    assert seop.body["signatures"].endswith("refused to sign the Waiver of Release")
    assert api.get(f"/adult-ed/students/{e['id']}/seop").body["core_goal"] == "Improve English"
    future = api.put(f"/adult-ed/students/{e['id']}/seop", {"student_signed_on": "2026-05-02"})
    assert future.status == 422 and future.body["field"] == "student_signed_on"
    code = api.post(
        f"/adult-ed/students/{e['id']}/funding-code",
        {"code": 5, "on": "2025-10-01", "reason": "K-12 student"},
    )
    assert code.status == 200 and code.body["funding_code"] == 5
    history = api.get(f"/adult-ed/students/{e['id']}/history")
    assert history.status == 200
    last = history.body[0]
    assert (last["what"], last["before"]["code"], last["after"]["code"]) == ("funding_code", 3, 5)
    assert last["by"] == world.actor(Role.ADULTED_STAFF).user.get_username()
    assert [c["what"] for c in history.body] == ["funding_code", "seop", "funding_code"]


def test_registration_problems_are_a_422_naming_the_fields(world, program) -> None:  # type: ignore[no-untyped-def]
    api = api_for(world, Role.ADULTED_STAFF)
    bad = api.post(
        "/adult-ed/students",
        {**STUDENT, "program_id": program.pk, "date_of_birth": "2027-01-01",
         "entry_date": "2026-08-01"},
    )  # fmt: skip
    assert bad.status == 422 and bad.body["field"] == "date_of_birth"
    assert (
        "in the future" in bad.body["detail"] and "outside program year 2025" in bad.body["detail"]
    )
    code = api.post("/adult-ed/students", {**STUDENT, "program_id": program.pk, "funding_code": 10})
    assert code.status == 422 and code.body["errors"][0]["field"] == "funding_code"
    assert not AdultStudent.objects.exists()


def test_voids_and_corrections(world, program) -> None:  # type: ignore[no-untyped-def]
    staff = world.actor(Role.ADULTED_STAFF)
    api = api_for(world, Role.ADULTED_STAFF)
    e = records.register_and_enroll(
        actor=staff, program=program, **{**STUDENT, "date_of_birth": date(1988, 4, 5),
                                         "entry_date": ENTRY}
    )  # fmt: skip
    record_hours(
        actor=staff,
        program=program,
        entries=[HourEntry(e.pk, date(2025, 9, d), "instructional", hours=4) for d in (3, 4)],
    )
    hour = ContactHour.objects.get(enrollment=e, day=date(2025, 9, 3))
    fixed = api.post(f"/adult-ed/hours/{hour.pk}/correction", {"reason": "typo", "hours": 3})
    assert fixed.status == 201 and fixed.body["corrects_id"] == hour.pk
    again = api.post(f"/adult-ed/hours/{hour.pk}/void", {"reason": "x"})
    assert again.status == 409
    voided = api.post(f"/adult-ed/hours/{fixed.body['id']}/void", {"reason": "not here"})
    assert voided.status == 200 and voided.body["void"] is True
    assert api.get(f"/adult-ed/students/{e.pk}").body["hours_total"] == "4.00"
    test = record_assessment(
        actor=staff,
        enrollment=e,
        test="CASAS",
        day=ENTRY,
        administrator="Kim",
        scores={"reading": (None, 190)},
    )
    bands = api.post(
        f"/adult-ed/assessments/{test.pk}/correction",
        {"reason": "typo", "test": "CASAS", "day": "2025-09-02",
         "administrator": "Kim", "scores": {"reading": {"scale": 9999}}},
    )  # fmt: skip
    assert bands.status == 422 and "the bands are" in bands.body["detail"]
    new = api.post(
        f"/adult-ed/assessments/{test.pk}/correction",
        {"reason": "typo", "test": "CASAS", "day": "2025-09-02",
         "administrator": "Kim", "scores": {"reading": {"scale": 200}}},
    )  # fmt: skip
    assert new.status == 201, new.body
    assert new.body["corrects_id"] == test.pk and new.body["role"] == "intake"
    gone = api.post(f"/adult-ed/assessments/{new.body['id']}/void", {"reason": "wrong student"})
    assert gone.status == 200 and gone.body["void"] is True
    assert api.get(f"/adult-ed/students/{e.pk}").body["efl"] == ""
    assert Assessment.all_objects.filter(enrollment=e).count() == 2
    actions = [(c["what"], c["action"]) for c in api.get(f"/adult-ed/students/{e.pk}/history").body]
    assert actions[:4] == [
        ("assessment", "void"),
        ("assessment", "correct"),
        ("hour", "void"),
        ("hour", "correct"),
    ]


@pytest.mark.parametrize("who", ["other", Role.STATE_SPECIALIST, Role.COUNSELOR])
def test_who_may_not(world, program, who) -> None:  # type: ignore[no-untyped-def]
    staff = world.actor(Role.ADULTED_STAFF)
    e = records.register_and_enroll(
        actor=staff, program=program, **{**STUDENT, "date_of_birth": date(1988, 4, 5),
                                         "entry_date": ENTRY}
    )  # fmt: skip
    record_hours(actor=staff, program=program, entries=[HourEntry(e.pk, ENTRY, "intake", hours=1)])
    hour = ContactHour.objects.get(enrollment=e)
    api = other_staff(world) if who == "other" else api_for(world, who)
    before = RecordChange.objects.count()
    assert api.post("/adult-ed/students", {"program_id": program.pk, **STUDENT}).status == 404
    assert api.put(f"/adult-ed/students/{e.pk}/seop", {"core_goal": "x"}).status == 404
    assert (
        api.post(f"/adult-ed/students/{e.pk}/funding-code", {"code": 2, "on": "2025-09-02"}).status
        == 404
    )
    assert api.post(f"/adult-ed/hours/{hour.pk}/void", {"reason": "x"}).status == 404
    assert api.get(f"/adult-ed/students/{e.pk}/history").status == 404
    assert RecordChange.objects.count() == before and not ContactHour.objects.get().is_void
    assert AdultStudent.objects.count() == 1


@pytest.fixture
def _wsgi_keeps_the_connection():  # type: ignore[no-untyped-def]
    """Calls through the WSGI app (schemathesis) must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_wsgi_keeps_the_connection")
def test_the_specialist_may_for_any_program_and_answers_match_the_schema(world, program) -> None:  # type: ignore[no-untyped-def]
    from tests.api.test_schema import CHECKS, schema

    api = api_for(world, Role.ADULTED_SPECIALIST)
    token = api.token
    headers = {"Authorization": f"Bearer {token}"}
    case = schema["/api/v1/adult-ed/students"]["POST"].Case(
        body={"program_id": program.pk, **STUDENT}
    )
    made = case.call(headers=headers)
    assert made.status_code == 201
    case.validate_response(made, checks=CHECKS)
    eid = made.json()["id"]
    for method, path, body in (
        ("PUT", "/api/v1/adult-ed/students/{enrollment_id}/seop", {"core_goal": "GED"}),
        ("GET", "/api/v1/adult-ed/students/{enrollment_id}/seop", None),
        ("POST", "/api/v1/adult-ed/students/{enrollment_id}/funding-code",
         {"code": 6, "on": "2025-09-03"}),
        ("GET", "/api/v1/adult-ed/students/{enrollment_id}/history", None),
    ):  # fmt: skip
        kw = {"body": body} if body is not None else {}
        one = schema[path][method].Case(path_parameters={"enrollment_id": eid}, **kw)
        response = one.call(headers=headers)
        assert response.status_code == 200, (path, response.content)
        one.validate_response(response, checks=CHECKS)
