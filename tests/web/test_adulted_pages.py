"""Adult education's pages (issue 12): staff's students, a record, attendance for a roster day,
an assessment, the checklist, exits by the director, the NRS tables with why-not-counted and
their CSV; scoped to the program's organisation, invisible to SOEP's roles."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse

from seats.adulted.models import ContactHour
from seats.adulted.services import records
from seats.domain.roles import Role
from tests.adulted.helpers import ENTRY, TODAY, build, enrolled
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def test_staff_records_a_day_and_a_post_test_and_the_gain_shows(settings) -> None:  # type: ignore[no-untyped-def]
    a = build()
    e = enrolled(a)
    records.save_seop(actor=a.staff, enrollment=e, core_goal="Diploma", core_goal_on=ENTRY)
    client = signed_in(a.world, Role.ADULTED_STAFF)
    url = reverse("web:adulted_student", args=[e.pk])
    posted = client.post(
        reverse("web:adulted_assessment", args=[e.pk]),
        {
            "test": "TABE_9_10",
            "day": ENTRY.isoformat(),
            "administrator": "Kim",
            "scale_reading": "400",
        },
    )
    assert posted.status_code == 302
    day = ENTRY + timedelta(days=1)
    roster = client.post(
        reverse("web:adulted_attendance"),
        {
            "program": a.program.pk,
            "day": day.isoformat(),
            "kind": "instructional",
            f"hours_{e.pk}": "10",
        },
    )
    assert roster.status_code == 302, text(roster)
    for i in range(2, 5):
        client.post(
            reverse("web:adulted_attendance"),
            {
                "program": a.program.pk,
                "day": (ENTRY + timedelta(days=i)).isoformat(),
                "kind": "instructional",
                f"hours_{e.pk}": "10",
            },
        )
    assert ContactHour.objects.filter(enrollment=e).count() == 4
    post = client.post(
        reverse("web:adulted_assessment", args=[e.pk]),
        {
            "test": "TABE_9_10",
            "day": (ENTRY + timedelta(days=5)).isoformat(),
            "administrator": "Kim",
            "scale_reading": "470",
        },
    )
    assert post.status_code == 302
    page = text(client.get(url))
    assert "Enrollee since 2025-09-04" in page
    assert "gain: ABE 3 above the EFL ABE 2" in page
    nrs = client.get(reverse("web:adulted_nrs"), {"program": a.program.pk, "year": 2025})
    row = nrs.context["report"].gains[0]
    assert (row.level, row.enrollees, row.with_gain) == ("ABE 2", 1, 1)
    csv = client.get(reverse("web:adulted_nrs_csv"), {"program": a.program.pk, "year": 2025})
    assert "efl_gains,ABE 2,with_gain,1" in csv.content.decode()


def test_bad_input_is_named_and_nothing_written() -> None:
    a = build()
    e = enrolled(a)
    client = signed_in(a.world, Role.ADULTED_STAFF)
    refused = client.post(
        reverse("web:adulted_assessment", args=[e.pk]),
        {
            "test": "TABE_9_10",
            "day": ENTRY.isoformat(),
            "administrator": "Kim",
            "scale_reading": "1200",
        },
    )
    assert refused.status_code == 400
    assert "1200 is not a possible TABE (Form 9-10) reading scale score" in text(refused)
    early = client.post(
        reverse("web:adulted_attendance"),
        {
            "program": a.program.pk,
            "day": (ENTRY - timedelta(days=1)).isoformat(),
            "kind": "instructional",
            f"hours_{e.pk}": "3",
        },
    )
    assert early.status_code == 400 and "before the entry date" in text(early)
    over = client.post(
        reverse("web:adulted_attendance"),
        {
            "program": a.program.pk,
            "day": ENTRY.isoformat(),
            "kind": "instructional",
            f"hours_{e.pk}": "11",
        },
    )
    assert over.status_code == 400 and "more than the 10 a day" in text(over)
    assert not ContactHour.objects.exists()


def test_why_not_counted_names_each_student() -> None:
    a = build()
    e = enrolled(a, code=None)
    page = signed_in(a.world, Role.ADULTED_DIRECTOR).get(
        reverse("web:adulted_nrs"), {"program": a.program.pk, "year": 2025}
    )
    body = text(page)
    assert "Ana Lopez" in body and "a funding code missing: no funding code" in body
    assert "0 of 12 contact hours" in body
    assert e.pk in {s.key for s, _ in page.context["report"].not_counted}


def test_checklist_and_exit() -> None:
    a = build()
    e = enrolled(a)
    staff = signed_in(a.world, Role.ADULTED_STAFF)
    assert (
        staff.post(
            reverse("web:adulted_checklist", args=[e.pk]),
            {"item": "utah_residency", "received_on": ENTRY.isoformat()},
        ).status_code
        == 302
    )
    page = text(staff.get(reverse("web:adulted_student", args=[e.pk])))
    assert "received 9/2/2025" in page and "missing for this program year" in page
    assert (
        staff.post(
            reverse("web:adulted_exit", args=[e.pk]),
            {"exit_date": "2025-10-01", "reason": "completion"},
        ).status_code
        == 404
    )
    director = signed_in(a.world, Role.ADULTED_DIRECTOR)
    assert (
        director.post(
            reverse("web:adulted_exit", args=[e.pk]),
            {"exit_date": "2025-10-01", "reason": "completion"},
        ).status_code
        == 302
    )
    e.refresh_from_db()
    assert e.exit_date == date(2025, 10, 1)


def test_scoped_to_the_programs_organisation_and_hidden_from_soep() -> None:
    a = build()
    e = enrolled(a)
    url = reverse("web:adulted_student", args=[e.pk])
    assert signed_in(a.world, Role.ADULTED_SPECIALIST).get(url).status_code == 200
    other = signed_in(a.world, Role.ADULTED_STAFF)
    other.force_login(a.other_staff.user)
    assert other.get(url).status_code == 404
    assert other.get(reverse("web:adulted_students"), {"program": a.program.pk}).status_code == 404
    for role in (Role.STATE_ADMIN, Role.COUNSELOR, Role.PROVIDER_STAFF, Role.AUDITOR):
        client = signed_in(a.world, role)
        assert client.get(url).status_code == 404
        assert client.get(reverse("web:adulted_nrs")).status_code == 404
    # and adult education's roles see nothing of SOEP
    staff = signed_in(a.world, Role.ADULTED_STAFF)
    assert staff.get(reverse("web:ccas")).status_code == 404
    assert staff.get(reverse("web:home")).url == reverse("web:adulted_students")


def test_statewide_tables_for_the_specialist() -> None:
    a = build()
    enrolled(a)
    client = signed_in(a.world, Role.ADULTED_SPECIALIST)
    page = client.get(reverse("web:adulted_nrs"), {"scope": "state", "year": 2025})
    assert page.status_code == 200 and page.context["program"] is None
    assert page.context["report"].students == 1


def test_upload_page_shows_problems_by_line_and_writes_nothing() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = build()
    e = enrolled(a)
    client = signed_in(a.world, Role.ADULTED_STAFF)
    bad = SimpleUploadedFile(
        "sept.csv",
        f"student_id,day,kind,hours\n{e.student_id},2025-09-40,instructional,2\n".encode(),
    )
    page = client.post(reverse("web:adulted_upload"), {"program": a.program.pk, "file": bad})
    assert page.status_code == 400 and "Nothing was written" in text(page)
    assert "is not a YYYY-MM-DD date" in text(page) and not ContactHour.objects.exists()
    good = SimpleUploadedFile(
        "sept.csv",
        f"student_id,day,kind,hours\n{e.student_id},2025-09-03,instructional,2\n".encode(),
    )
    done = client.post(reverse("web:adulted_upload"), {"program": a.program.pk, "file": good})
    assert done.status_code == 302 and ContactHour.objects.count() == 1
