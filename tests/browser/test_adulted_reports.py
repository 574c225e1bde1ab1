"""Adult education's report pages in a real browser (issue 12 items 8-10): a director opens the
WPU of the program's K-12 students by district, the missing student-file items and the NRS
tables with their charts; every page passes axe-core's WCAG 2.0/2.1 A and AA rules (in English
and Spanish)."""

from __future__ import annotations

import pytest

from seats.adulted.services import records
from seats.adulted.services.assessments import record_assessment
from seats.domain.roles import Role
from tests.adulted.helpers import ENTRY, TODAY
from tests.adulted.report_scene import YEAR, build_scene

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(live_server, settings):  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY
    s = build_scene()
    # ADULT becomes an enrollee with an EFL, so the NRS charts have a bar to draw.
    records.save_seop(actor=s.a.staff, enrollment=s.adult, core_goal="Diploma", core_goal_on=ENTRY)
    record_assessment(
        actor=s.a.staff,
        enrollment=s.adult,
        test="TABE_9_10",
        day=ENTRY,
        administrator="Kim",
        scores={"reading": (None, 400)},
    )
    director = s.a.world.actor(Role.ADULTED_DIRECTOR).user
    director.set_password("seats-demo")
    director.save()
    return s, director


def test_the_director_reads_the_reports(page, live_server, scene) -> None:  # type: ignore[no-untyped-def]
    s, director = scene
    base = live_server.url
    sign_in(page, live_server, director.username)

    page.goto(f"{base}/adult-ed/wpu/?year={YEAR}")
    assert "0.1333" in page.locator("#wpu-summary").inner_text()
    assert page.locator("#districts tbody tr").count() == 3
    assert page.locator("#wpu-chart svg rect").count() == 3
    assert_accessible(page)

    page.goto(f"{base}/adult-ed/student-files/?year={YEAR}")
    assert "4 of 5 students" in page.locator("#files-summary").inner_text()
    assert page.locator("#missing tbody tr").count() == 4
    assert_accessible(page)

    page.goto(f"{base}/adult-ed/nrs/?program={s.a.program.pk}&year={YEAR}")
    assert page.locator("#gain-chart tbody tr").count() == 1
    assert page.locator("#hours-chart tbody th").inner_text() == "ABE 2"
    row = [c.inner_text() for c in page.locator("#programs tbody tr td").all()]
    assert row[:2] == ["5", "1"]
    assert_accessible(page)
