"""The pupil-accounting pages (issue 13): the teacher's roster, the LEA's membership, checks,
adjustments and uploads, the state's read-only view; nobody else sees them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from seats.domain.roles import Role
from seats.membership.models import EngagementEvent, EnrollmentCheck
from seats.membership.services.events import ingest
from tests.membership.helpers import SYSTEM, another_student, build_scene, nth, row


@pytest.fixture
def scene(db, settings):
    settings.SEATS_TODAY = nth(30)
    scene = build_scene()
    late = another_student(scene)
    rows = [row(scene.enrollment, nth(30), "a"), row(late, nth(1), "b")]
    ingest(actor=SYSTEM, lea_id=scene.world.lea.pk, rows=rows, source="lms", source_system="t")
    scene.late = late  # type: ignore[attr-defined]
    return scene


def client(scene, role: Role) -> Client:
    c = Client()
    c.force_login(scene.world.actor(role).user)
    return c


def test_the_teachers_roster_and_recording(scene) -> None:
    teacher = client(scene, Role.TEACHER)
    page = teacher.get(reverse("web:membership_roster"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Engaged today" in text and "Out of membership (day 29)" in text
    answer = teacher.post(
        reverse("web:membership_roster"),
        {"enrollment": scene.late.pk, "kind": "conference", "date": nth(30).isoformat()},
    )
    assert answer.status_code == 302
    assert EngagementEvent.objects.filter(enrollment=scene.late, on=nth(30)).exists()
    why = teacher.get(reverse("web:membership_why", args=[scene.late.pk]), {"date": "2026-09-10"})
    assert "Not in membership" in why.content.decode()


def test_the_lea_page_checks_and_adjustments(scene) -> None:
    clerk = client(scene, Role.PUPIL_ACCOUNTING)
    page = clerk.get(reverse("web:membership_lea"), {"year": "2026"})
    text = page.content.decode()
    assert page.status_code == 200 and "Canyon View Online" in text and "ADM" in text
    assert "Overdue continued-enrollment checks" in text and "never" in text
    clerk.post(
        reverse("web:membership_check"), {"enrollment": scene.late.pk, "outcome": "outreach"}
    )
    assert EnrollmentCheck.objects.filter(enrollment=scene.late, outcome="outreach").exists()
    csv = clerk.get(reverse("web:membership_adjustments", args=["csv"]), {"year": "2026"})
    body = csv.content.decode()
    assert body.splitlines()[0].startswith("ssid,student,program,left_membership_on")
    assert nth(12).isoformat() in body
    xlsx = clerk.get(reverse("web:membership_adjustments", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_state_reads_only_and_others_see_nothing(scene) -> None:
    page = client(scene, Role.STATE_SPECIALIST).get(reverse("web:membership_lea"))
    assert page.status_code == 200 and "Read-only" in page.content.decode()
    assert 'name="outcome"' not in page.content.decode()
    for role in (Role.COUNSELOR, Role.PROVIDER_STAFF, Role.PARENT, Role.LEA_APPROVER):
        assert client(scene, role).get(reverse("web:membership_lea")).status_code == 404
        assert client(scene, role).get(reverse("web:membership_roster")).status_code == 404


def test_a_csv_upload_all_or_nothing(scene) -> None:
    teacher = client(scene, Role.TEACHER)
    ssid = scene.late.student.ssid
    bad = f"ssid,program,date,kind\n{ssid},ONL,{nth(29)},assignment\n{ssid},ONL,nope,assignment\n"
    answer = teacher.post(
        reverse("web:membership_upload"),
        {"file": SimpleUploadedFile("e.csv", bad.encode(), content_type="text/csv")},
    )
    assert "line 3, column 3 (date)" in answer.content.decode()
    before = EngagementEvent.objects.count()
    good = bad.replace("nope", nth(28).isoformat())
    teacher.post(
        reverse("web:membership_upload"),
        {"file": SimpleUploadedFile("e.csv", good.encode(), content_type="text/csv")},
    )
    assert EngagementEvent.objects.count() == before + 2
    teacher.post(  # the same file again adds nothing
        reverse("web:membership_upload"),
        {"file": SimpleUploadedFile("e.csv", good.encode(), content_type="text/csv")},
    )
    assert EngagementEvent.objects.count() == before + 2
