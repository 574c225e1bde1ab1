"""Adult education's data entry in a real browser (issue 12): program staff registers and
enrols a student, records the SEOP, and the record shows it; every page passes axe-core's
WCAG 2.0/2.1 A and AA rules, the pages with field errors too."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seats.adulted.models import Enrollment
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import HourEntry, record_hours
from tests.adulted.helpers import ENTRY, TODAY, build

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def adult(live_server, settings):  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY
    a = build()
    a.staff.user.set_password("seats-demo")
    a.staff.user.save()
    return a


def test_staff_registers_a_student_and_records_the_seop(page, live_server, adult) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    sign_in(page, live_server, adult.staff.user.username)
    page.goto(f"{base}/adult-ed/?program={adult.program.pk}")
    page.click("#register-student")
    page.wait_for_load_state()
    assert_accessible(page)

    def fill(born: str) -> None:
        page.fill("#id_first_name", "Mai")
        page.fill("#id_last_name", "Tran")
        page.fill("#id_date_of_birth", born)
        page.fill("#id_entry_date", ENTRY.strftime("%m/%d/%Y"))
        page.select_option("#id_area_of_focus", "ESOL")
        page.select_option("#id_funding_code", "3")
        page.fill("#id_residency_proof", "Utah driver license")
        page.click("#save-register")
        page.wait_for_load_state()

    fill("04/05/2030")  # in the future: refused at its field
    assert "is in the future" in page.locator("#id_date_of_birth_error").inner_text()
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page)  # (it reloads the page: the form is empty again)

    fill("04/05/1988")
    summary = page.locator("#error-summary")
    assert not summary.count(), summary.inner_text()
    assert "Mai Tran is registered and enrolled" in page.locator(".messages").inner_text()
    e = Enrollment.objects.get(student__last_name="Tran")
    assert page.url.endswith(f"/adult-ed/students/{e.pk}/")
    assert_accessible(page)

    page.click("#edit-seop")
    page.wait_for_load_state()
    assert_accessible(page)
    page.fill("#id_goals", "Read to my children")
    page.fill("#id_prior_achievements", "Grade 8 in Vietnam")
    page.fill("#id_work_history", "Nail salon, 6 years")
    page.fill("#id_core_goal", "Improve English")
    page.fill("#id_core_goal_on", ENTRY.strftime("%m/%d/%Y"))
    page.fill("#id_counselor", "Dana Counselor")
    page.fill("#id_counselor_signed_on", ENTRY.strftime("%m/%d/%Y"))
    page.click("label[for=id_waiver_refused]")  # a USWDS checkbox: one clicks its label
    page.click("#save-seop")
    page.wait_for_load_state()
    assert "The SEOP is saved." in page.locator(".messages").inner_text()
    assert "the student refused to sign the Waiver of Release" in page.content()
    assert_accessible(page)
    e.refresh_from_db()
    assert e.seop_on == ENTRY

    page.goto(f"{base}/adult-ed/students/{e.pk}/funding-code/")
    assert_accessible(page)
    record_hours(
        actor=adult.staff,
        program=adult.program,
        entries=[HourEntry(e.pk, ENTRY, "intake", hours=Decimal(2))],
    )
    test = record_assessment(
        actor=adult.staff,
        enrollment=e,
        test="CASAS",
        day=ENTRY,
        administrator="Kim",
        scores={"reading": (None, 195)},
    )
    page.goto(f"{base}/adult-ed/students/{e.pk}/hours/")
    assert_accessible(page)
    page.click("#hour-entries a")
    page.wait_for_load_state()
    assert_accessible(page)
    page.fill("#id_void-reason", "entered for the wrong student")
    page.click("#save-void")
    page.wait_for_load_state()
    assert "The entry is void." in page.locator(".messages").inner_text()
    assert_accessible(page)
    page.goto(f"{base}/adult-ed/students/{e.pk}/assessments/{test.pk}/")
    assert_accessible(page)
