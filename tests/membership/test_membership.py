"""Warnings once per gap, continued-enrollment checks, reports and "why" (issue 13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from seats.core.models import Notice
from seats.core.selectors.access import Viewer
from seats.core.services.delivery import run_once
from seats.domain.errors import InvalidInput, NotPermitted
from seats.domain.roles import Role
from seats.membership.models import EnrollmentCheck, MembershipWarning
from seats.membership.selectors import reports
from seats.membership.services.checks import record_check
from seats.membership.services.events import ingest
from seats.membership.services.warnings import send_warnings

from .helpers import SYSTEM, another_student, build_scene, nth, row


@pytest.fixture
def scene(db, settings):
    settings.SEATS_TODAY = nth(60)
    return build_scene()


def viewer(scene, role: Role) -> Viewer:
    actor = scene.world.actor(role)
    return Viewer(actor.user, role, actor.organisation)


def events(scene, enrollment, *days: date) -> None:
    rows = [row(enrollment, d, f"{enrollment.pk}-{d}") for d in days]
    ingest(actor=SYSTEM, lea_id=scene.world.lea.pk, rows=rows, source="lms", source_system="lms")


def test_the_warning_goes_once_per_gap(scene) -> None:
    events(scene, scene.enrollment, nth(1))
    assert send_warnings(as_of=nth(7)).warned == 0  # six silent school days
    first = send_warnings(as_of=nth(8))  # the seventh
    assert first.warned == 1 and first.notices == 2  # the teacher and the counselor
    notices = Notice.objects.filter(kind="membership_warning")
    assert {n.user_id for n in notices} == {
        scene.teacher.user.pk,
        scene.world.actor(Role.COUNSELOR).user.pk,
    }
    assert notices[0].context["due"] == nth(11).isoformat()  # the 10th silent day
    for day in (8, 9, 10, 11):
        assert send_warnings(as_of=nth(day)).warned == 0
    assert MembershipWarning.objects.count() == 1
    # after a return, a new gap is warned again
    events(scene, scene.enrollment, nth(12))
    assert send_warnings(as_of=nth(19)).warned == 1
    assert MembershipWarning.objects.count() == 2
    assert Notice.objects.filter(kind="membership_warning").count() == 4
    report = run_once()
    assert report.sent >= 4
    call_command("membership", "sweep", "--as-of", nth(19).isoformat())


def test_continued_enrollment_checks_and_overdue(scene) -> None:
    clerk = viewer(scene, Role.PUPIL_ACCOUNTING)
    overdue = reports.checks(clerk, nth(11), overdue_only=True)
    assert [r.enrollment.pk for r in overdue] == [scene.enrollment.pk]
    check = record_check(
        actor=scene.teacher,
        enrollment_id=scene.enrollment.pk,
        outcome="continuing",
        checked_on=nth(11),
    )
    assert (check.checked_by, check.outcome) == (scene.teacher.user, "continuing")
    assert reports.checks(clerk, nth(12), overdue_only=True) == []
    assert reports.checks(clerk, nth(22), overdue_only=True)
    with pytest.raises(NotPermitted):
        record_check(
            actor=scene.world.actor(Role.AUDITOR),
            enrollment_id=scene.enrollment.pk,
            outcome="continuing",
            checked_on=nth(12),
        )
    with pytest.raises(InvalidInput):
        record_check(actor=scene.teacher, enrollment_id=scene.enrollment.pk, outcome="maybe")
    record_check(
        actor=scene.clerk, enrollment_id=scene.enrollment.pk, outcome="exited", checked_on=nth(20)
    )
    scene.enrollment.refresh_from_db()
    assert scene.enrollment.exit_on == nth(20) and EnrollmentCheck.objects.count() == 2


def test_reports_adm_and_adjustments(scene) -> None:
    events(scene, scene.enrollment, *[nth(i) for i in range(1, 61)])  # every day
    half = another_student(scene)
    events(scene, half, nth(1), nth(25))  # out on days 12-24, back on 25, out again 36-60
    clerk = viewer(scene, Role.PUPIL_ACCOUNTING)
    (online, hh) = reports.program_reports(clerk, 2026, nth(60))
    assert online.program.code == "HH" or hh.program.code == "HH"
    online = online if online.program.code == "ONL" else hh
    days = {r.enrollment.pk: r.member_days for r in online.students}
    assert days == {scene.enrollment.pk: 60, half.pk: 60 - 13 - 25}
    assert online.summary.days_in_session == 60
    assert online.summary.adm == Decimal("1.367")  # (60 + 22) / 60
    adjustments = reports.adjustments(clerk, 2026, nth(60))
    assert [(a.left_on, a.returned_on) for a in adjustments] == [
        (nth(12), nth(25)),
        (nth(36), None),
    ]
    assert adjustments[0].silent_days == tuple(nth(i) for i in range(2, 12))
    # the state sees it read-only, other roles see nothing
    assert reports.adjustments(viewer(scene, Role.AUDITOR), 2026, nth(60))
    assert reports.adjustments(viewer(scene, Role.COUNSELOR), 2026, nth(60)) == []


def test_why_not_in_membership(scene) -> None:
    events(scene, scene.enrollment, nth(1), nth(25))
    clerk = viewer(scene, Role.PUPIL_ACCOUNTING)
    enrollment, answer = reports.why_on(clerk, scene.enrollment.pk, nth(15))
    assert not answer.in_membership and answer.silent_days[0] == nth(2)
    assert reports.why_on(viewer(scene, Role.PROVIDER_STAFF), scene.enrollment.pk, nth(15)) is None
    call_command("membership", "why", "--enrollment", str(enrollment.pk), "--date", "2026-09-04")


def test_roster_shows_day_seven_eight_nine(scene) -> None:
    near = [another_student(scene) for _ in range(3)]
    events(scene, scene.enrollment, nth(10))
    for enrollment, last in zip(near, (3, 2, 1), strict=True):
        events(scene, enrollment, nth(last))
    rows = reports.roster(viewer(scene, Role.TEACHER), nth(10))
    assert [(r.enrollment.pk, r.streak, r.status) for r in rows] == [
        (near[2].pk, 9, "near"),
        (near[1].pk, 8, "near"),
        (near[0].pk, 7, "near"),
        (scene.enrollment.pk, 0, "engaged"),
    ]
