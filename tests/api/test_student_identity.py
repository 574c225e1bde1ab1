"""Student-level access through the API (issue 8, items 1-3).

A provider has no relation to a student until the family or the school hands it the student's
facts: it names a new student by SSID + date of birth + last name, never by guessing the
internal id. Whatever is wrong (no such student, outside the scope, one fact off) gets the same
404, which says nothing about any student; eligibility reasons about the student stay with the
people who may see them.
"""

from __future__ import annotations

from datetime import date

import pytest

from seats.core.models import CCA, CCAHistory, LocalRegistration, Notice
from seats.domain.disclosure import STUDENT_REASON_CODE
from seats.domain.roles import Role
from tests.api.helpers import api_for
from tests.factories import REGISTRATION, make_student, org, registration_done

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

BIRTH = date(2009, 5, 1)
SUBMITTED_DAY = date(2025, 9, 2)


def request_body(world, **student) -> dict:
    return {"offering_id": world.offering.pk, "school_year": 2025, "session": "S1", **student}


def identity(student, **changes) -> dict:
    facts = {
        "ssid": student.ssid,
        "date_of_birth": student.date_of_birth.isoformat(),
        "last_name": student.legal_last_name,
    }
    return {"student": {**facts, **changes}}


def state() -> tuple:
    versions = tuple(CCA.objects.order_by("pk").values_list("version", flat=True))
    return (
        CCA.objects.count(),
        CCAHistory.objects.count(),
        Notice.objects.count(),
        LocalRegistration.objects.count(),
        versions,
    )


def same_refusal(a, b) -> None:
    """Two answers a caller cannot tell apart (the instance path aside)."""
    assert (a.status, a.headers["Content-Type"]) == (b.status, b.headers["Content-Type"])
    strip = {k: v for k, v in a.body.items() if k != "instance"}
    assert strip == {k: v for k, v in b.body.items() if k != "instance"}


def leaks(answer, student) -> bool:
    text = str(answer.body)
    return any(
        value and value in text
        for value in (student.ssid, student.legal_first_name, student.legal_last_name)
    )


@pytest.fixture
def stranger(world):
    """A student of our school that the provider has no CCA with, with protected facts."""
    return make_student(
        world,
        legal_first_name="Zoë",
        legal_last_name="Núñez-O'Neil",
        group_care="residential_treatment",
        in_adult_education=True,
    )


def test_a_provider_cannot_file_for_a_student_by_guessing_the_id(world, stranger) -> None:
    api = api_for(world, Role.PROVIDER_STAFF)
    before = state()
    guessed = api.post("/ccas", request_body(world, student_id=stranger.pk))
    assert guessed.status == 404, guessed.body
    assert not leaks(guessed, stranger)
    assert "reasons" not in guessed.body  # no eligibility facts either
    assert state() == before
    missing = api.post("/ccas", request_body(world, student_id=stranger.pk + 1000))
    assert missing.status == 404
    assert missing.body["detail"] == guessed.body["detail"].replace(
        str(stranger.pk), str(stranger.pk + 1000)
    )


def test_a_provider_names_a_new_student_by_ssid_birth_date_and_last_name(world) -> None:
    student = make_student(world, legal_first_name="Ana", legal_last_name="Núñez-O'Neil")
    registration_done(world, student)
    api = api_for(world, Role.PROVIDER_STAFF)
    # The name in any case, without accents, hyphen or apostrophe.
    filed = api.post("/ccas", request_body(world, **identity(student, last_name=" nunez oneil ")))
    assert filed.status == 201, filed.body
    assert filed.body["student"]["id"] == student.pk
    # Now the provider serves the student: its id is in the provider's scope.
    again = api.post("/ccas", request_body(world, student_id=student.pk, session="S2"))
    assert again.status == 201, again.body


@pytest.mark.parametrize(
    "changes",
    [
        {"last_name": "Smith"},
        {"date_of_birth": "2009-05-02"},
        {"ssid": "999999999"},
        {"last_name": "Nunez"},  # a prefix is not the name
    ],
)
def test_any_fact_off_gets_the_one_generic_refusal(world, stranger, changes) -> None:
    api = api_for(world, Role.PROVIDER_STAFF)
    before = state()
    wrong = api.post("/ccas", request_body(world, **identity(stranger, **changes)))
    nobody = api.post(
        "/ccas",
        request_body(world, **identity(stranger, ssid="123456789", last_name="Nobody")),
    )
    assert wrong.status == 404, wrong.body
    same_refusal(wrong, nobody)
    assert not leaks(wrong, stranger)
    assert state() == before


def test_a_provider_is_not_told_the_students_protected_facts(world, stranger) -> None:
    api = api_for(world, Role.PROVIDER_STAFF)
    before = state()
    refused = api.post("/ccas", request_body(world, **identity(stranger)))
    assert refused.status == 422, refused.body
    assert [r["code"] for r in refused.body["reasons"]] == [STUDENT_REASON_CODE]
    text = str(refused.body).lower()
    for fact in ("residential", "adult", "group care", "treatment"):
        assert fact not in text, fact
    assert state() == before
    # The student's own school sees every reason (it may: the student is its own).
    counselor = api_for(world, Role.COUNSELOR)
    told = counselor.post("/ccas", request_body(world, student_id=stranger.pk))
    assert told.status == 422
    codes = {r["code"] for r in told.body["reasons"]}
    assert STUDENT_REASON_CODE not in codes and len(codes) >= 2


def test_a_provider_files_only_for_its_own_courses(world, stranger) -> None:
    other = org("provider", "PRV9", "Other Online", provider_category="certified")
    from tests.factories import make_offering

    offering = make_offering(world, provider=other)
    api = api_for(world, Role.PROVIDER_STAFF)
    body = {**request_body(world, **identity(stranger)), "offering_id": offering.pk}
    nobody = {**body, **identity(stranger, ssid="123456789")}
    # The refusal does not depend on the student (no oracle through the offering either).
    same_refusal(api.post("/ccas", body), api.post("/ccas", nobody))
    assert api.post("/ccas", body).status == 403


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.PARENT, Role.LEA_APPROVER])
def test_out_of_scope_and_missing_students_look_the_same(world, role) -> None:
    lea = org("lea", "LEA7", "Far District")
    school = org("school", "SCH7", "Far High", parent=lea)
    far = make_student(world, primary_lea=lea, primary_school=school, legal_last_name="Faraway")
    api = api_for(world, role)
    before = state()
    body = {"provider": "PRV1", **REGISTRATION.__dict__}
    reg = api.post(f"/students/{far.pk}/local-registration", body)
    reg_missing = api.post(f"/students/{far.pk + 1000}/local-registration", body)
    assert reg.status == reg_missing.status == 404
    assert not leaks(reg, far)
    if role is Role.LEA_APPROVER:  # an LEA files no requests (403 for its role, any student)
        assert api.post("/ccas", request_body(world, student_id=far.pk)).status == 403
        assert state() == before
        return
    by_id = api.post("/ccas", request_body(world, student_id=far.pk))
    missing = api.post("/ccas", request_body(world, student_id=far.pk + 1000))
    assert by_id.status == missing.status == 404, (by_id.body, missing.body)
    assert by_id.body["detail"].replace(str(far.pk), "N") == missing.body["detail"].replace(
        str(far.pk + 1000), "N"
    )
    by_facts = api.post("/ccas", request_body(world, **identity(far)))
    nobody = api.post("/ccas", request_body(world, **identity(far, ssid="123456789")))
    same_refusal(by_facts, nobody)
    assert by_facts.status == 404
    for answer in (by_id, by_facts):
        assert not leaks(answer, far)
    assert state() == before


def test_a_request_names_its_student_one_way(world) -> None:
    api = api_for(world, Role.COUNSELOR)
    both = api.post(
        "/ccas", request_body(world, student_id=world.student.pk, **identity(world.student))
    )
    neither = api.post("/ccas", request_body(world))
    assert both.status == neither.status == 422


# Local registration (item 2) --------------------------------------------------------------


def registration(world, student, provider: str = "PRV1"):
    body = {"provider": provider, **REGISTRATION.__dict__}
    return api_for(world, Role.PROVIDER_STAFF).post(
        f"/students/{student.pk}/local-registration", body
    )


def test_a_provider_registers_only_students_of_its_open_ccas(world, stranger, clock) -> None:
    before = state()
    refused = registration(world, stranger)
    assert refused.status == 404, refused.body
    assert not leaks(refused, stranger)
    assert state() == before
    # With an open CCA of its own, it may.
    cca = world.submit(student=world.student)
    assert registration(world, world.student).status == 200
    # Once that CCA is closed (rejected), it may not any more.
    CCA.objects.filter(pk=cca.pk).update(status="rejected_by_state")
    before = state()
    closed = registration(world, world.student)
    assert closed.status == 404
    assert state() == before


def test_a_provider_registers_only_with_itself(world, clock) -> None:
    world.submit(student=world.student)
    other = org("provider", "PRV9", "Other Online", provider_category="certified")
    answer = registration(world, world.student, provider=other.code)
    assert answer.status == 403, answer.body
    assert not LocalRegistration.objects.filter(provider=other).exists()


def test_the_ssid_service_is_no_oracle_either(world, stranger) -> None:
    """A provider entering an SSID: a student it does not serve looks like a missing one, and
    an SSID held by someone else is not confirmed as existing."""
    from seats.core.services.students import assign_ssid
    from seats.domain.errors import InvalidInput, NotFound

    provider = world.actor(Role.PROVIDER_STAFF)
    refusals = []
    for student_id in (stranger.pk, stranger.pk + 1000):
        with pytest.raises(NotFound) as caught:
            assign_ssid(actor=provider, student_id=student_id, ssid="7654321")
        refusals.append(caught.value.message.replace(str(student_id), "N"))
    assert refusals[0] == refusals[1]
    home = make_student(
        world,
        ssid=None,
        is_home_school=True,
        home_school_acknowledged=True,
        proof_of_age_identity=True,
        primary_lea=world.home,
        primary_school=None,
    )
    world.submit(student=home, actor=world.actor(Role.STATE_SPECIALIST), as_of=SUBMITTED_DAY)
    with pytest.raises(InvalidInput) as taken:
        assign_ssid(actor=provider, student_id=home.pk, ssid=stranger.ssid)
    assert stranger.ssid not in taken.value.message
