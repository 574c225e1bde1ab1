"""Adult education's data-entry pages (issue 12): register and enrol a student, the SEOP, the
funding code with its history, voids and corrections of hours and assessments; the roles that
may (program staff of the program, the state's specialist) and may not (another program's
staff, SOEP's roles: 404 like a missing record)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from seats.adulted.models import AdultStudent, Assessment, ContactHour, Enrollment, RecordChange
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import HourEntry, record_hours
from seats.domain.roles import Role
from tests.adulted.helpers import ENTRY, TODAY, build, enrolled
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "fiscal_year": "2025",
    "first_name": "Mai",
    "last_name": "Tran",
    "date_of_birth": "1988-04-05",
    "sex": "F",
    "ethnicity": "Asian",
    "has_ssn": "on",
    "entry_date": ENTRY.isoformat(),
    "area_of_focus": "ESOL",
    "funding_code": "3",
    "residency_proof": "Utah driver license",
}


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def other_client(a) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(a.other_staff.user)
    return client


def test_staff_registers_a_student_and_records_the_seop() -> None:
    a = build()
    client = signed_in(a.world, Role.ADULTED_STAFF)
    students = text(client.get(reverse("web:adulted_students")))
    assert reverse("web:adulted_register") in students
    form = client.get(reverse("web:adulted_register"), {"program": a.program.pk})
    assert form.status_code == 200 and "Proof of Utah residency" in text(form)
    made = client.post(reverse("web:adulted_register"), {"program": a.program.pk, **REGISTRATION})
    assert made.status_code == 302, text(made)
    e = Enrollment.objects.get(student__last_name="Tran")
    assert made["Location"] == reverse("web:adulted_student", args=[e.pk])
    assert (e.area_of_focus, e.funding_code, e.residency_proof) == (
        "ESOL",
        3,
        "Utah driver license",
    )
    seop_url = reverse("web:adulted_seop", args=[e.pk])
    saved = client.post(
        seop_url,
        {
            "goals": "Read to my children",
            "prior_achievements": "Grade 8",
            "work_history": "Salon, 6 years",
            "core_goal": "Improve English",
            "core_goal_on": ENTRY.isoformat(),
            "counselor": "Dana",
            "counselor_signed_on": ENTRY.isoformat(),
            "student_signed_on": ENTRY.isoformat(),
        },
    )
    assert saved.status_code == 302, text(saved)
    record = text(client.get(reverse("web:adulted_student", args=[e.pk])))
    assert "Improve English; signed by the counselor and the student (Waiver of Release" in record
    assert "SEOP recorded" in record  # the timeline
    early = client.post(seop_url, {"core_goal": "x", "student_signed_on": "2025-06-30"})
    assert early.status_code == 400
    assert "outside program year 2025" in text(early)
    assert 'id="id_student_signed_on_error"' in text(early)


def test_every_registration_problem_shows_at_its_field() -> None:
    a = build()
    client = signed_in(a.world, Role.ADULTED_STAFF)
    bad = client.post(
        reverse("web:adulted_register"),
        {
            **REGISTRATION,
            "program": a.program.pk,
            "date_of_birth": (TODAY + timedelta(days=3)).isoformat(),
            "entry_date": "2026-07-01",
            "k12_enrolled": "on",
        },
    )
    assert bad.status_code == 400
    page = text(bad)
    for field in ("date_of_birth", "entry_date", "ssid"):
        assert f'id="id_{field}_error"' in page, field
    assert "is in the future" in page and "outside program year 2025" in page
    assert "needs the SSID" in page
    code = client.post(
        reverse("web:adulted_register"),
        {**REGISTRATION, "program": a.program.pk, "funding_code": "10"},
    )
    assert code.status_code == 400
    assert "The funding code is a number from 1 to 9." in text(code)
    assert not AdultStudent.objects.exists()


def test_who_may_register_and_enter() -> None:
    a = build()
    e = enrolled(a)
    urls = [
        reverse("web:adulted_seop", args=[e.pk]),
        reverse("web:adulted_funding", args=[e.pk]),
        reverse("web:adulted_hours", args=[e.pk]),
    ]
    specialist = signed_in(a.world, Role.ADULTED_SPECIALIST)
    made = specialist.post(reverse("web:adulted_register"), {"program": a.other.pk, **REGISTRATION})
    assert made.status_code == 302 and AdultStudent.objects.filter(program=a.other).exists()
    for url in urls:
        assert specialist.get(url).status_code == 200
        assert signed_in(a.world, Role.ADULTED_DIRECTOR).get(url).status_code == 200
    outsider = other_client(a)
    for role_client in (outsider, signed_in(a.world, Role.STATE_SPECIALIST)):
        for url in urls:
            assert role_client.get(url).status_code == 404, url
        refused = role_client.post(
            reverse("web:adulted_funding", args=[e.pk]), {"code": "5", "on": ENTRY.isoformat()}
        )
        assert refused.status_code == 404
    # another program's staff may not register in this program (it is not among its choices)
    refused = outsider.post(
        reverse("web:adulted_register"), {"program": a.program.pk, **REGISTRATION}
    )
    assert refused.status_code == 400
    assert not AdultStudent.objects.filter(program=a.program, last_name="Tran").exists()
    assert (
        signed_in(a.world, Role.COUNSELOR).get(reverse("web:adulted_register")).status_code == 404
    )


def test_the_funding_code_changes_with_its_history() -> None:
    a = build()
    e = enrolled(a, code=None)
    client = signed_in(a.world, Role.ADULTED_STAFF)
    url = reverse("web:adulted_funding", args=[e.pk])
    assert client.post(url, {"code": "2", "on": "2025-09-10"}).status_code == 302
    changed = client.post(url, {"code": "5", "on": "2025-11-01", "reason": "K-12 student"})
    assert changed.status_code == 302
    page = text(client.get(url))
    assert "from 2 to 5 from 2025-11-01" in page and "why: K-12 student" in page
    outside = client.post(url, {"code": "6", "on": "2026-07-02"})
    assert outside.status_code == 400 and 'id="id_on_error"' in text(outside)
    e.refresh_from_db()
    assert e.funding_code == 5


def _with_hours_and_test(a):  # type: ignore[no-untyped-def]
    e = enrolled(a)
    record_hours(
        actor=a.staff,
        program=a.program,
        entries=[
            HourEntry(e.pk, ENTRY + timedelta(days=d), "instructional", hours=4) for d in (1, 2)
        ],
    )
    test = record_assessment(
        actor=a.staff,
        enrollment=e,
        test="TABE_9_10",
        day=ENTRY,
        administrator="Kim",
        scores={"reading": (None, 400)},
    )
    return e, test


def test_correcting_and_voiding_an_hour_entry() -> None:
    a = build()
    e, _ = _with_hours_and_test(a)
    client = signed_in(a.world, Role.ADULTED_STAFF)
    hour = ContactHour.objects.get(enrollment=e, day=ENTRY + timedelta(days=1))
    url = reverse("web:adulted_hour", args=[e.pk, hour.pk])
    assert client.get(url).status_code == 200
    over = client.post(
        url,
        {"action": "correct", "day": hour.day.isoformat(), "kind": "instructional",
         "hours": "12", "reason": "typo"},
    )  # fmt: skip
    assert over.status_code == 400 and "more than the 10 a day" in text(over)
    fixed = client.post(
        url,
        {"action": "correct", "day": hour.day.isoformat(), "kind": "instructional",
         "hours": "3", "reason": "left early"},
    )  # fmt: skip
    assert fixed.status_code == 302
    new = ContactHour.objects.get(enrollment=e, day=hour.day)
    no_reason = client.post(
        reverse("web:adulted_hour", args=[e.pk, new.pk]), {"action": "void", "void-reason": ""}
    )
    assert no_reason.status_code == 400
    voided = client.post(
        reverse("web:adulted_hour", args=[e.pk, new.pk]),
        {"action": "void", "void-reason": "not in class"},
    )
    assert voided.status_code == 302
    e.refresh_from_db()
    assert e.hours_total == 4
    listing = text(client.get(reverse("web:adulted_hours", args=[e.pk])))
    assert listing.count("void</strong>") == 2 and "corrected: left early" in listing
    record = text(client.get(reverse("web:adulted_student", args=[e.pk])))
    assert "Contact hours corrected" in record and "Contact hours voided" in record
    # another program's staff: 404, nothing written
    assert other_client(a).get(url).status_code == 404
    assert RecordChange.objects.filter(enrollment=e, what="hour").count() == 2


def test_correcting_and_voiding_an_assessment() -> None:
    a = build()
    e, test = _with_hours_and_test(a)
    client = signed_in(a.world, Role.ADULTED_STAFF)
    record = text(client.get(reverse("web:adulted_student", args=[e.pk])))
    url = reverse("web:adulted_assessment_edit", args=[e.pk, test.pk])
    assert url in record
    bands = client.post(
        url,
        {"action": "correct", "test": "TABE_9_10", "day": ENTRY.isoformat(),
         "administrator": "Kim", "scale_reading": "5000", "reason": "typo"},
    )  # fmt: skip
    assert bands.status_code == 400 and "the bands are" in text(bands)
    fixed = client.post(
        url,
        {"action": "correct", "test": "TABE_9_10", "day": ENTRY.isoformat(),
         "administrator": "Kim", "scale_reading": "470", "reason": "wrong key"},
    )  # fmt: skip
    assert fixed.status_code == 302
    e.refresh_from_db()
    assert e.efl_code == "ABE 3"
    new = Assessment.objects.get(enrollment=e)
    gone = client.post(
        reverse("web:adulted_assessment_edit", args=[e.pk, new.pk]),
        {"action": "void", "void-reason": "wrong student"},
    )
    assert gone.status_code == 302
    e.refresh_from_db()
    assert e.efl_code == "" and Assessment.all_objects.filter(enrollment=e).count() == 2
    record = text(client.get(reverse("web:adulted_student", args=[e.pk])))
    assert "Assessment voided" in record and "wrong student" in record
    assert signed_in(a.world, Role.PROVIDER_STAFF).get(url).status_code == 404


def test_dates_stay_within_the_years_of_the_program() -> None:
    a = build()
    client = signed_in(a.world, Role.ADULTED_STAFF)
    far = client.post(
        reverse("web:adulted_register"),
        {**REGISTRATION, "program": a.program.pk, "date_of_birth": "1800-01-01"},
    )
    assert far.status_code == 400 and 'id="id_date_of_birth_error"' in text(far)
    assert "between 1900-01-01 and 2100-12-31" in text(far)
