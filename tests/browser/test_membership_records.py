"""Pupil-accounting staff create a program and enrol a student in a browser (docs/membership.md,
"Creating and editing programs and enrollments"): the forms, the enrollment page with every
failed eligibility check and its rule, the exit; every page passes axe-core (WCAG 2.0/2.1 A and
AA) in English and Spanish."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seats.membership.models import Enrollment, Program, RecordChange
from tests.factories import make_student
from tests.membership.helpers import build_scene, nth

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(live_server, settings):
    settings.SEATS_TODAY = nth(30)
    scene = build_scene()
    user = scene.clerk.user
    user.set_password("seats-demo")
    user.save()
    scene.student = make_student(scene.world, has_secondary_diploma=True)  # type: ignore[attr-defined]
    return scene


def test_staff_create_a_program_and_enrol_a_student(page, live_server, scene) -> None:
    sign_in(page, live_server, scene.clerk.user.username)
    page.goto(f"{live_server.url}{reverse('web:membership_programs')}")
    assert_accessible(page)
    page.click("#new-program")
    page.wait_for_load_state()
    assert_accessible(page)
    page.click("#save-program")  # empty: the error summary names the fields
    page.wait_for_load_state()
    assert page.locator("#error-summary").count() == 1
    assert_accessible(page)
    page.fill("#id_code", "ATT")
    page.fill("#id_name", "Canyon View In Person")
    page.select_option("#id_kind", "attendance")
    page.select_option("#id_calendar", str(scene.online.calendar_id))
    page.click("#save-program")
    page.wait_for_load_state()
    program = Program.objects.get(code="ATT")
    assert page.url.endswith(reverse("web:membership_program", args=[program.pk]))
    assert_accessible(page)
    page.click("#enroll-student")
    page.wait_for_load_state()
    assert_accessible(page)
    page.fill("#id_ssid", scene.student.ssid)
    page.fill("#id_entry_on", nth(3).strftime("%m/%d/%Y"))
    page.select_option("#id_teacher", str(scene.teacher.user.pk))
    page.click("label[for=id_enrolled_elsewhere]")  # USWDS hides the box behind its label
    page.click("label[for=id_half_time_or_more]")  # ticked by default: now unticked
    page.click("#save-enrollment")
    page.wait_for_load_state()
    enrollment = Enrollment.objects.get(program=program)
    assert enrollment.entry_on == nth(3) and enrollment.enrolled_elsewhere
    alert = page.locator("#eligibility").inner_text()
    assert "2 eligibility checks failed" in alert
    assert "004 D.2.a" in alert and "004 D.1" in alert  # the diploma and half time, at once
    assert_accessible(page)
    screenshot(page, "membership-enrollment")
    page.fill("#id_exit_on", nth(10).strftime("%m/%d/%Y"))
    page.click("#record-exit")
    page.wait_for_load_state()
    enrollment.refresh_from_db()
    assert enrollment.exit_on == nth(10)
    assert "Exit recorded" in page.locator("#history").inner_text()
    assert RecordChange.objects.filter(enrollment=enrollment).count() == 2
    assert_accessible(page)
