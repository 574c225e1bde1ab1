"""Whole journeys through the services, checking the record, its history and its notices."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from seats.core.models import CCA, CCAHistory, Notice
from seats.core.services.actors import Actor
from seats.core.services.enrollment import (
    correct_not_confirmed_closed,
    issue_transcript,
    reactivate,
    record_progress,
    request_correction,
    send_intent_to_withdraw,
    set_at_risk,
)
from seats.core.services.lifecycle import move_status
from seats.core.services.requests import cancel_as_lea, decide_as_lea, reject_as_state
from seats.core.services.sweep import run_sweep
from seats.domain.errors import GuardFailed, MoveNotAllowed, NotFound, NotPermitted
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.funding.services.appropriation import set_appropriation
from tests.core.helpers_lifecycle import confirmed, ready_to_confirm
from tests.factories import SUBMITTED, build_world, make_student

pytestmark = pytest.mark.django_db


def actions(cca: CCA) -> list[str]:
    return list(CCAHistory.objects.filter(cca=cca).order_by("seq").values_list("action", flat=True))


def notices(cca: CCA, kind: str) -> set[str]:
    return set(Notice.objects.filter(cca=cca, kind=kind).values_list("audience", flat=True))


def test_request_to_pass_all_complete():
    world = build_world()
    cca = ready_to_confirm(world)
    provider = world.actor(Role.PROVIDER_STAFF)
    # Course starts Mon 2025-09-08; 20 school days of the default calendar (none loaded).
    assert cca.withdrawal_period_end == date(2025, 10, 6)
    assert cca.census_date == date(2025, 10, 7)
    # 5 business days after Tue 10-07: 8, 9, 10, (Columbus Day Mon 13th), 14, 15.
    assert cca.confirmation_due == date(2025, 10, 15)
    with pytest.raises(GuardFailed, match="Day of Census"):
        move_status(
            actor=provider,
            cca_id=cca.pk,
            to=Status.CONFIRMED,
            expected_version=cca.version,
            as_of=date(2025, 10, 6),
        )
    cca = move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.CONFIRMED,
        expected_version=cca.version,
        as_of=cca.census_date,
    )
    assert cca.confirmation_date == date(2025, 10, 7)
    cca = record_progress(
        actor=provider,
        cca_id=cca.pk,
        expected_version=cca.version,
        percent="58.5",
        letter="D",
        as_of=date(2025, 11, 3),
    )
    cca = set_at_risk(
        actor=provider,
        cca_id=cca.pk,
        expected_version=cca.version,
        at_risk=True,
        reason="missing assignments",
        as_of=date(2025, 11, 3),
    )
    assert notices(cca, "at_risk") == {"counselor", "guardians", "lea"}
    cca = move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.PASS_ALL_COMPLETE,
        expected_version=cca.version,
        final_grade="B+",
        completion_date=date(2026, 1, 9),
        as_of=date(2026, 1, 12),
    )
    assert cca.credit_earned == Decimal("0.50")
    assert cca.final_grade == "B+"
    assert cca.transcript_due == date(2026, 2, 9)  # 30 days after 2026-01-09 is Sun 02-08
    cca = issue_transcript(
        actor=provider, cca_id=cca.pk, expected_version=cca.version, issued_on=date(2026, 1, 20)
    )
    assert notices(cca, "transcript_issued") == {"student", "guardians", "primary_school", "state"}
    assert actions(cca) == [
        "submit",
        "provider_accept",
        "lea_approve",
        "issue_notice_of_enrollment",
        "set_course_start",
        "set_teacher_of_record",
        "confirm",
        "grade_progress",
        "flag_at_risk",
        "pass_all_complete",
        "issue_transcript",
    ]
    assert cca.version == CCAHistory.objects.filter(cca=cca).count()


def test_local_registration_after_submission_starts_the_provider_clock():
    world = build_world()
    cca = world.submit()
    assert cca.provider_decision_due is None  # paused: registration incomplete
    world.register(as_of=date(2025, 9, 4))
    cca.refresh_from_db()
    assert cca.provider_decision_due == date(2025, 9, 9)
    assert "local_registration_complete" in actions(cca)


def test_lea_silence_then_state_notice_then_cancellation_window():
    world = build_world()
    world.register()
    cca = world.submit()
    world.accept(cca)
    cca.refresh_from_db()
    assert cca.status == Status.PENDING_EXECUTION
    report = run_sweep(as_of=cca.lea_decision_due)  # the last day of the window: not yet
    assert report.notices_of_enrollment == 0
    report = run_sweep(as_of=cca.lea_decision_due + timedelta(days=3))  # Mon after Fri 5th
    assert report.notices_of_enrollment == 1
    cca.refresh_from_db()
    assert cca.status == Status.ENROLLMENT_COMPLETE
    assert cca.noe_basis == "lea_window_expired"
    assert cca.lea_cancellation_due == date(2025, 9, 11)
    entry = CCAHistory.objects.get(cca=cca, action="issue_notice_of_enrollment")
    assert entry.actor_role == "system" and entry.details == {"basis": "lea_window_expired"}
    approver = world.actor(Role.LEA_APPROVER)
    with pytest.raises(GuardFailed, match="72 business hours"):
        cancel_as_lea(
            actor=approver,
            cca_id=cca.pk,
            expected_version=cca.version,
            reason="over load",
            as_of=date(2025, 9, 12),
        )
    cca = cancel_as_lea(
        actor=approver,
        cca_id=cca.pk,
        expected_version=cca.version,
        reason="over load",
        as_of=date(2025, 9, 11),
    )
    assert cca.status == Status.CANCELLED_BY_LEA
    assert notices(cca, "enrollment_cancelled") == {"student", "guardians", "provider", "counselor"}


def test_home_school_student_is_decided_by_the_state():
    world = build_world()
    student = make_student(
        world,
        primary_lea=world.home,
        primary_school=None,
        is_home_school=True,
        home_school_acknowledged=True,
        proof_of_age_identity=True,
    )
    with pytest.raises(NotFound):  # the public school's counselor is not the family's: to it
        world.submit(student=student)  # the student looks like one that does not exist
    cca = world.submit(student=student, actor=world.actor(Role.STATE_SPECIALIST))
    with pytest.raises(NotPermitted):
        decide_as_lea(
            actor=world.actor(Role.LEA_APPROVER),
            cca_id=cca.pk,
            expected_version=cca.version,
            approve=True,
            accept_financial_responsibility=True,
        )
    approve = dict(
        actor=world.actor(Role.STATE_SPECIALIST),
        cca_id=cca.pk,
        expected_version=cca.version,
        approve=True,
        accept_financial_responsibility=True,
        as_of=SUBMITTED,
    )
    # the state's approval obligates the fee on the home-school appropriation (seats.funding)
    with pytest.raises(GuardFailed, match="No home and private school appropriation"):
        decide_as_lea(**approve)
    set_appropriation(actor=Actor.system(), school_year=cca.school_year, amount="10000.00")
    cca = decide_as_lea(**approve)
    assert cca.lea_decision == "approved"


def test_rejections_send_a_notice_of_rejection_with_the_reason():
    world = build_world()
    cca = world.submit()
    cca = decide_as_lea(
        actor=world.actor(Role.LEA_APPROVER),
        cca_id=cca.pk,
        expected_version=cca.version,
        approve=False,
        reason_code=_first_lea_reason(),
    )
    assert cca.status == Status.REJECTED_BY_LEA
    notice = Notice.objects.filter(cca=cca, kind="notice_of_rejection", audience="guardians").get()
    assert notice.context["reason"]
    other = world.submit(offering=world.offering_full_credit)
    other = reject_as_state(
        actor=world.actor(Role.STATE_SPECIALIST),
        cca_id=other.pk,
        expected_version=other.version,
        reason_code=_first_state_reason(),
    )
    assert other.status == Status.REJECTED_BY_STATE


def _first_lea_reason() -> str:
    from seats.domain.reasons import LEA_REJECTION_REASONS

    return next(iter(LEA_REJECTION_REASONS))


def _first_state_reason() -> str:
    from seats.domain.reasons import STATE_REJECTION_REASONS

    return next(iter(STATE_REJECTION_REASONS))


def test_mistaken_not_confirmed_closed_is_corrected_only_by_the_state():
    world = build_world()
    cca = ready_to_confirm(world)
    provider = world.actor(Role.PROVIDER_STAFF)
    census = cca.census_date
    cca = move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.NOT_CONFIRMED_CLOSED,
        expected_version=cca.version,
        as_of=census,
    )
    assert notices(cca, "not_confirmed_closed") == {"student", "guardians", "counselor"}
    with pytest.raises(MoveNotAllowed, match="never returns"):
        move_status(
            actor=provider,
            cca_id=cca.pk,
            to=Status.ENROLLMENT_COMPLETE,
            expected_version=cca.version,
            as_of=census,
        )
    with pytest.raises(MoveNotAllowed, match="Only the state"):
        move_status(
            actor=provider,
            cca_id=cca.pk,
            to=Status.CONFIRMED,
            expected_version=cca.version,
            as_of=census,
        )
    cca = request_correction(
        actor=provider,
        cca_id=cca.pk,
        expected_version=cca.version,
        reason="student was active",
        as_of=census + timedelta(days=1),
    )
    cca = correct_not_confirmed_closed(
        actor=world.actor(Role.STATE_SPECIALIST),
        cca_id=cca.pk,
        expected_version=cca.version,
        reason="provider error",
        as_of=census + timedelta(days=2),
    )
    assert cca.status == Status.CONFIRMED
    correction = CCAHistory.objects.get(cca=cca, action="correct_not_confirmed_closed")
    assert correction.corrects.action == "not_confirmed_closed"


def test_late_correction_request_is_refused():
    world = build_world()
    cca = ready_to_confirm(world)
    provider = world.actor(Role.PROVIDER_STAFF)
    cca = move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.NOT_CONFIRMED_CLOSED,
        expected_version=cca.version,
        as_of=cca.census_date,
    )
    late = cca.correction_request_due + timedelta(days=1)
    cca = request_correction(
        actor=provider, cca_id=cca.pk, expected_version=cca.version, reason="oops", as_of=late
    )
    with pytest.raises(GuardFailed, match="3 business days"):
        correct_not_confirmed_closed(
            actor=world.actor(Role.STATE_ADMIN),
            cca_id=cca.pk,
            expected_version=cca.version,
            reason="late",
            as_of=late,
        )


def test_administrative_withdrawal_needs_notice_and_reactivation_keeps_the_period():
    world = build_world()
    cca = confirmed(world)
    provider = world.actor(Role.PROVIDER_STAFF)
    first_confirmation = cca.confirmation_date
    with pytest.raises(GuardFailed, match="intent to withdraw"):
        move_status(
            actor=provider,
            cca_id=cca.pk,
            to=Status.ADMINISTRATIVE_WITHDRAWAL,
            expected_version=cca.version,
            as_of=date(2025, 11, 3),
        )
    cca = send_intent_to_withdraw(
        actor=provider, cca_id=cca.pk, expected_version=cca.version, as_of=date(2025, 11, 3)
    )
    assert notices(cca, "intent_to_withdraw") == {"student", "guardians", "counselor"}
    assert cca.administrative_withdrawal_due == date(2025, 11, 10)
    cca = move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.ADMINISTRATIVE_WITHDRAWAL,
        expected_version=cca.version,
        as_of=date(2025, 11, 10),
    )
    assert notices(cca, "administrative_withdrawal") == {"student", "guardians", "counselor", "lea"}
    with pytest.raises(MoveNotAllowed):
        move_status(
            actor=provider,
            cca_id=cca.pk,
            to=Status.CONFIRMED,
            expected_version=cca.version,
            as_of=date(2025, 11, 12),
        )
    cca = reactivate(
        actor=world.actor(Role.STATE_SPECIALIST),
        cca_id=cca.pk,
        expected_version=cca.version,
        reason="student returned",
        as_of=date(2025, 11, 12),
    )
    assert cca.status == Status.CONFIRMED
    assert cca.confirmation_date == first_confirmation
    assert cca.census_date == date(2025, 10, 7)


def test_late_pass_goes_through_anticipated_late_pass():
    world = build_world()
    cca = confirmed(world)
    provider = world.actor(Role.PROVIDER_STAFF)
    with pytest.raises(GuardFailed, match="June 30"):
        move_status(
            actor=provider,
            cca_id=cca.pk,
            to=Status.PASS_ALL_COMPLETE,
            expected_version=cca.version,
            final_grade="A",
            completion_date=date(2026, 7, 10),
            as_of=date(2026, 7, 10),
        )
    cca = move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.ANTICIPATED_LATE_PASS,
        expected_version=cca.version,
        as_of=date(2026, 6, 30),
    )
    cca = move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.LATE_PASS,
        expected_version=cca.version,
        final_grade="A",
        completion_date=date(2026, 7, 20),
        as_of=date(2026, 7, 21),
    )
    assert cca.credit_earned == Decimal("0.50")
    assert cca.transcript_due == date(2026, 8, 19)  # 30 days after 07-20, before Sept 1


def test_loading_a_provider_calendar_recomputes_open_ccas_with_history():
    world = build_world()
    cca = ready_to_confirm(world)
    assert cca.census_date == date(2025, 10, 7)  # on the default state calendar
    # The provider's own calendar: weekdays only, no breaks, but closed 09-15 to 09-19.
    days, day = [], date(2025, 8, 18)
    while day <= date(2026, 6, 5):
        if day.weekday() < 5 and not date(2025, 9, 15) <= day <= date(2025, 9, 19):
            days.append(day)
        day += timedelta(days=1)
    data = ("date\n" + "\n".join(d.isoformat() for d in days) + "\n").encode()
    from seats.core.services.calendars import import_calendar

    import_calendar(organisation_code=world.provider.code, file_name="prv1.csv", data=data)
    cca.refresh_from_db()
    assert cca.census_date == date(2025, 10, 14)  # one week later: the closed week
    entry = CCAHistory.objects.get(cca=cca, action="calendar_correction")
    assert entry.details["census_date"] == {"from": "2025-10-07", "to": "2025-10-14"}
    assert entry.details["calendar"]["version"] == 1
    assert "version 1" in entry.reason
    assert entry.seq == cca.version
