"""Adult education in a real browser (issue 12): program staff records a day's attendance for
the class roster and a post-test, and the student's level gain appears on the NRS table; every
new page passes axe-core's WCAG 2.0/2.1 A and AA rules."""

from __future__ import annotations

from datetime import timedelta

import pytest

from seats.adulted.services import records
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import HourEntry, record_hours
from tests.adulted.helpers import ENTRY, TODAY, build, enrolled

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def adult(live_server, settings):  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY
    a = build()
    e = enrolled(a)
    records.save_seop(actor=a.staff, enrollment=e, core_goal="Diploma", core_goal_on=ENTRY)
    record_assessment(
        actor=a.staff,
        enrollment=e,
        test="TABE_9_10",
        day=ENTRY,
        administrator="Kim",
        scores={"reading": (None, 400)},
    )
    record_hours(
        actor=a.staff,
        program=a.program,
        entries=[
            HourEntry(e.pk, ENTRY + timedelta(days=d), "instructional", hours=8)
            for d in range(1, 5)
        ],
    )
    enrolled(a, code=None)  # a second student, not counted: no funding code
    a.staff.user.set_password("seats-demo")
    a.staff.user.save()
    return a, e


def test_staff_records_attendance_and_a_post_test_and_the_gain_shows(
    page, live_server, adult
) -> None:  # type: ignore[no-untyped-def]
    a, e = adult
    base = live_server.url
    sign_in(page, live_server, a.staff.user.username)
    page.goto(f"{base}/adult-ed/")
    assert page.locator("table.queue tbody tr").count() == 2
    assert_accessible(page)

    page.goto(f"{base}/adult-ed/attendance/?program={a.program.pk}")
    page.fill("#id_day", (ENTRY + timedelta(days=8)).strftime("%m/%d/%Y"))  # the picker
    page.fill(f"#hours_{e.pk}", "9")
    page.click("#save-attendance")
    page.wait_for_load_state()
    assert "Attendance recorded for 1 students" in page.locator(".messages").inner_text()
    assert_accessible(page)

    page.goto(f"{base}/adult-ed/students/{e.pk}/")
    page.select_option("#id_test", "TABE_9_10")
    page.fill("#id_day", (ENTRY + timedelta(days=9)).strftime("%m/%d/%Y"))
    page.fill("#id_administrator", "Kim")
    page.fill("#id_scale_reading", "470")
    page.click("#save-assessment")
    page.wait_for_load_state()
    assert "gain: ABE 3 above the EFL ABE 2" in page.content()
    assert_accessible(page)

    page.goto(f"{base}/adult-ed/nrs/?program={a.program.pk}&year=2025")
    row = page.locator("#gains tbody tr").first
    assert row.locator("th").inner_text() == "ABE 2"
    assert [c.inner_text() for c in row.locator("td").all()[:3]] == ["1", "1", "1"]
    assert "a funding code missing" in page.locator("#not-counted").inner_text()
    assert_accessible(page)

    page.goto(f"{base}/adult-ed/attendance/upload/?program={a.program.pk}")
    assert_accessible(page)
