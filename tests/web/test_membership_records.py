"""The program and enrollment pages (SPEC 9; docs/membership.md): the LEA's pupil-accounting
staff create and edit, the state reads, another LEA's staff and every other role get 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from seats.domain.roles import Role
from seats.membership.models import ChangeAction, Enrollment, Program, RecordChange
from tests.factories import make_student, user_with
from tests.membership.helpers import build_scene, nth

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(settings):
    settings.SEATS_TODAY = nth(30)
    return build_scene()


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def staff(scene) -> Client:
    return client(scene.clerk.user)


def test_staff_create_a_program_and_enroll_a_student(scene) -> None:
    c = staff(scene)
    assert c.get(reverse("web:membership_programs")).status_code == 200
    form = c.get(reverse("web:membership_program_new"))
    assert form.status_code == 200 and "Canyon View Online" in form.content.decode()  # calendar
    answer = c.post(
        reverse("web:membership_program_new"),
        {
            "code": "ATT",
            "name": "In Person",
            "kind": "attendance",
            "calendar": scene.online.calendar_id,
            "school": "",
        },
    )
    program = Program.objects.get(code="ATT")
    assert answer.status_code == 302 and answer["Location"].endswith(f"/programs/{program.pk}/")
    student = make_student(scene.world, has_secondary_diploma=True)
    answer = c.post(
        reverse("web:membership_enroll", args=[program.pk]),
        {
            "ssid": student.ssid,
            "entry_on": nth(3).isoformat(),
            "teacher": scene.teacher.user.pk,
            "half_time_or_more": "on",
            "enrolled_elsewhere": "",
            "in_yic": "on",
        },
    )
    enrollment = Enrollment.objects.get(program=program)
    assert answer.status_code == 302
    page = c.get(reverse("web:membership_enrollment", args=[enrollment.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "3 eligibility checks failed" in text  # diploma, YIC, residency: at once
    assert "004 D.2.a" in text and "004 D.2.b" in text
    # unchecked boxes are false: not a Utah resident was not ticked either
    assert "not a resident of Utah" in text
    assert RecordChange.objects.filter(enrollment=enrollment, action="enrolled").exists()


def test_a_refused_form_names_each_field(scene) -> None:
    c = staff(scene)
    answer = c.post(
        reverse("web:membership_program_new"),
        {"code": "ONL", "name": "Again", "kind": "online", "calendar": scene.online.calendar_id},
    )
    assert answer.status_code == 400 and "already has a program ONL" in answer.content.decode()
    answer = c.post(
        reverse("web:membership_enroll", args=[scene.online.pk]),
        {"ssid": "nobody", "entry_on": "not a date"},
    )
    text = answer.content.decode()
    assert answer.status_code == 400
    assert "The LEA has no student with this SSID." in text and 'href="#id_entry_on"' in text


def test_edit_and_exit_keep_the_history(scene) -> None:
    c = staff(scene)
    e = scene.enrollment
    answer = c.post(
        reverse("web:membership_enrollment_edit", args=[e.pk]),
        {
            "entry_on": nth(2).isoformat(),
            "teacher": scene.teacher.user.pk,
            "half_time_or_more": "on",
            "utah_resident": "on",
            "pccr_consistent": "on",
            "counselor_approved": "on",
            "regular_instruction": "on",
            "cte_meets_requirement": "on",
        },
    )
    assert answer.status_code == 302
    answer = c.post(
        reverse("web:membership_enrollment_exit", args=[e.pk]),
        {"exit_on": nth(20).isoformat(), "note": "moved away"},
    )
    assert answer.status_code == 302
    e.refresh_from_db()
    assert e.entry_on == nth(2) and e.exit_on == nth(20) and e.counselor_id is None
    page = c.get(reverse("web:membership_enrollment", args=[e.pk])).content.decode()
    assert "Exit recorded" in page and "moved away" in page and "Enrollment edited" in page
    bad = c.post(reverse("web:membership_enrollment_exit", args=[e.pk]), {"exit_on": "2020-01-01"})
    assert bad.status_code == 400 and "before the entry date" in bad.content.decode()
    answer = c.post(
        reverse("web:membership_program_edit", args=[scene.online.pk]),
        {"name": "CV Online", "kind": "online", "calendar": scene.online.calendar_id},
    )
    assert answer.status_code == 302
    assert RecordChange.objects.filter(action=ChangeAction.PROGRAM_EDITED).count() == 1


def test_the_state_reads_and_cannot_write(scene) -> None:
    c = client(scene.world.actor(Role.STATE_SPECIALIST).user)
    page = c.get(reverse("web:membership_programs"))
    assert page.status_code == 200 and "Read-only" in page.content.decode()
    assert "Add a program" not in page.content.decode()
    assert c.get(reverse("web:membership_program", args=[scene.online.pk])).status_code == 200
    enrollment = c.get(reverse("web:membership_enrollment", args=[scene.enrollment.pk]))
    assert enrollment.status_code == 200 and 'id="exit-form"' not in enrollment.content.decode()
    for name, args in (
        ("web:membership_program_new", []),
        ("web:membership_program_edit", [scene.online.pk]),
        ("web:membership_enroll", [scene.online.pk]),
        ("web:membership_enrollment_edit", [scene.enrollment.pk]),
    ):
        assert c.get(reverse(name, args=args)).status_code == 404
    exit_url = reverse("web:membership_enrollment_exit", args=[scene.enrollment.pk])
    assert c.post(exit_url, {"exit_on": nth(5).isoformat()}).status_code == 404
    scene.enrollment.refresh_from_db()
    assert scene.enrollment.exit_on is None


PAGES = [
    ("web:membership_programs", None),
    ("web:membership_program_new", None),
    ("web:membership_program", "program"),
    ("web:membership_program_edit", "program"),
    ("web:membership_enroll", "program"),
    ("web:membership_enrollment", "enrollment"),
    ("web:membership_enrollment_edit", "enrollment"),
]


def _url(scene, name: str, arg: str | None) -> str:
    ids = {"program": scene.online.pk, "enrollment": scene.enrollment.pk}
    return reverse(name, args=[ids[arg]] if arg else [])


@pytest.mark.parametrize("role", [r for r in Role if r not in {Role.PUPIL_ACCOUNTING}])
def test_no_other_role_writes(scene, role: Role) -> None:
    c = client(scene.world.actor(role).user)
    state = role in {Role.STATE_SPECIALIST, Role.STATE_ADMIN, Role.AUDITOR}
    for name, arg in PAGES:
        status = c.get(_url(scene, name, arg)).status_code
        reads = name in {"web:membership_programs", "web:membership_program"} or name.endswith(
            "_enrollment"
        )
        assert status == (200 if state and reads else 404), (role, name)


def test_another_leas_staff_get_404(scene) -> None:
    elsewhere = user_with(Role.PUPIL_ACCOUNTING, scene.world.housing_lea, "pa-elsewhere").user
    c = client(elsewhere)
    page = c.get(reverse("web:membership_programs"))
    assert page.status_code == 200 and "Canyon View Online" not in page.content.decode()
    for name, arg in PAGES:
        if arg:
            assert c.get(_url(scene, name, arg)).status_code == 404, name
    exit_url = reverse("web:membership_enrollment_exit", args=[scene.enrollment.pk])
    assert c.post(exit_url, {"exit_on": nth(5).isoformat()}).status_code == 404
    enroll_url = reverse("web:membership_enroll", args=[scene.online.pk])
    assert c.post(enroll_url, {"ssid": "x", "entry_on": "2026-09-01"}).status_code == 404
    assert Enrollment.objects.count() == 1
