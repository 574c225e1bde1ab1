"""Staff enter a student's SSID on the web and through the API (issue 9, section 3): state staff
for anyone, provider staff for a home-school student they serve; both call the one service that
checks the format and uniqueness and leaves an audit entry. The back office no longer can."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from seats.core.models import Student, StudentChange
from seats.core.services.students import assign_ssid
from seats.domain.errors import NotPermitted
from seats.domain.roles import Role
from tests.api.helpers import api_for
from tests.factories import build_world, make_student
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _without_ssid(world, *, home_school: bool = False) -> Student:
    extra = (
        {
            "is_home_school": True,
            "home_school_acknowledged": True,
            "proof_of_age_identity": True,
            "primary_lea": world.home,
            "primary_school": None,
        }
        if home_school
        else {}
    )
    return make_student(world, ssid=None, **extra)


def _cca_of(world, student: Student):
    actor = world.actor(Role.STATE_SPECIALIST if student.is_home_school else Role.COUNSELOR)
    return world.submit(student=student, actor=actor)


def test_the_state_enters_an_ssid_on_the_cca_page_and_it_is_audited(world) -> None:
    student = _without_ssid(world)
    cca = _cca_of(world, student)
    client = signed_in(world, Role.STATE_SPECIALIST)
    page = client.get(reverse("web:cca", args=[cca.pk])).content.decode()
    assert reverse("web:cca_ssid", args=[cca.pk]) in page and 'name="ssid"' in page
    answer = client.post(reverse("web:cca_ssid", args=[cca.pk]), {"ssid": " 20240001 "})
    assert answer.status_code == 302 and answer.url == reverse("web:cca", args=[cca.pk])
    student.refresh_from_db()
    assert student.ssid == "20240001"
    change = StudentChange.objects.get(student=student)
    assert (change.field, change.old_value, change.new_value) == ("ssid", "", "20240001")
    assert change.actor == world.actor(Role.STATE_SPECIALIST).user
    assert (change.actor_role, change.channel) == ("state_specialist", "web")
    again = client.get(reverse("web:cca", args=[cca.pk])).content.decode()
    assert 'name="ssid"' not in again and "20240001" in again


def test_a_bad_format_or_a_taken_ssid_is_shown_at_the_field_and_nothing_is_saved(world) -> None:
    student = _without_ssid(world)
    cca = _cca_of(world, student)
    client = signed_in(world, Role.STATE_SPECIALIST)
    url = reverse("web:cca_ssid", args=[cca.pk])
    bad = client.post(url, {"ssid": "12AB"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "usa-error-message" in html and "6-16 digits" in html
    assert 'aria-invalid="true"' in html and 'value="12AB"' in html
    taken = client.post(url, {"ssid": world.student.ssid})
    assert taken.status_code == 400 and "belongs to another student" in taken.content.decode()
    student.refresh_from_db()
    assert student.ssid is None and not StudentChange.objects.exists()


def test_provider_staff_enter_an_ssid_for_a_home_school_student_only(world) -> None:
    home = _without_ssid(world, home_school=True)
    home_cca = _cca_of(world, home)
    public = _without_ssid(world)
    public_cca = _cca_of(world, public)
    client = signed_in(world, Role.PROVIDER_STAFF)
    assert 'name="ssid"' in client.get(reverse("web:cca", args=[home_cca.pk])).content.decode()
    assert (
        'name="ssid"' not in client.get(reverse("web:cca", args=[public_cca.pk])).content.decode()
    )
    refused = client.post(reverse("web:cca_ssid", args=[public_cca.pk]), {"ssid": "55554444"})
    assert refused.status_code == 302
    public.refresh_from_db()
    assert public.ssid is None
    done = client.post(reverse("web:cca_ssid", args=[home_cca.pk]), {"ssid": "55554444"})
    assert done.status_code == 302
    home.refresh_from_db()
    assert home.ssid == "55554444"
    assert StudentChange.objects.get(student=home).actor_role == "provider_staff"


@pytest.mark.parametrize(
    "role",
    [Role.COUNSELOR, Role.REGISTRAR, Role.LEA_APPROVER, Role.PARENT, Role.STUDENT, Role.AUDITOR],
)
def test_other_roles_cannot_enter_an_ssid(world, role: Role) -> None:
    student = _without_ssid(world)
    cca = _cca_of(world, student)
    client = signed_in(world, role)
    assert 'name="ssid"' not in client.get(reverse("web:cca", args=[cca.pk])).content.decode()
    assert (
        client.post(reverse("web:cca_ssid", args=[cca.pk]), {"ssid": "31313131"}).status_code == 404
    )
    with pytest.raises(NotPermitted):
        assign_ssid(actor=world.actor(role), student_id=student.pk, ssid="31313131")
    api = api_for(world, role)
    answer = api.post(f"/students/{student.pk}/ssid", {"ssid": "31313131"})
    assert answer.status in (403, 404), answer.body
    student.refresh_from_db()
    assert student.ssid is None and not StudentChange.objects.exists()


def test_the_api_calls_the_same_service(world) -> None:
    student = _without_ssid(world)
    _cca_of(world, student)
    api = api_for(world, Role.STATE_SPECIALIST)
    bad = api.post(f"/students/{student.pk}/ssid", {"ssid": "\uff11\uff12\uff13\uff14\uff15\uff16"})
    assert bad.status == 422 and "digits" in bad.body["detail"]
    taken = api.post(f"/students/{student.pk}/ssid", {"ssid": world.student.ssid})
    assert taken.status == 422 and "belongs to another student" in taken.body["detail"]
    ok = api.post(f"/students/{student.pk}/ssid", {"ssid": "70700707"})
    assert ok.status == 200 and ok.body == {"student_id": student.pk, "ssid": "70700707"}
    change = StudentChange.objects.get(student=student)
    assert (change.new_value, change.channel) == ("70700707", "api")
    same = api.post(f"/students/{student.pk}/ssid", {"ssid": "70700707"})
    assert same.status == 200 and StudentChange.objects.count() == 1  # nothing changed
    other = api.post(f"/students/{student.pk}/ssid", {"ssid": "70700708"})
    assert other.status == 422 and "already has a different SSID" in other.body["detail"]


def test_the_back_office_cannot_type_an_ssid_past_the_checks() -> None:
    student_admin = site._registry[Student]
    assert "ssid" in student_admin.get_readonly_fields(None)
