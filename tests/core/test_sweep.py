"""The daily sweep: overdue flags, reminders, idempotence, and the `seats sweep` command."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seats.core.models import CCA, Notice, OverdueFlag
from seats.core.services.enrollment import (
    forward_iep,
    issue_transcript,
    record_reinstatement_request,
    send_intent_to_withdraw,
)
from seats.core.services.lifecycle import move_status
from seats.core.services.sweep import run_sweep
from seats.domain.errors import GuardFailed
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import ready_to_confirm
from tests.factories import build_world, make_student

pytestmark = pytest.mark.django_db


def open_flags(cca: CCA) -> set[str]:
    return set(
        OverdueFlag.objects.filter(cca=cca, cleared_on__isnull=True).values_list("kind", flat=True)
    )


def reminders(cca: CCA) -> list[tuple[str, str]]:
    rows = Notice.objects.filter(cca=cca, kind="deadline_reminder")
    return sorted((n.audience, n.context["deadline"]) for n in rows)


def test_provider_decision_overdue_is_flagged_once_and_cleared_when_decided():
    world = build_world()
    world.register()
    cca = world.submit()
    due = cca.provider_decision_due
    run_sweep(as_of=due)
    assert open_flags(cca) == set()  # due "by the end of that day"
    report = run_sweep(as_of=due + timedelta(days=1))
    assert report.flags_raised["provider_decision"] == 1
    again = run_sweep(as_of=due + timedelta(days=1))
    assert again.flags_raised["provider_decision"] == 0
    assert open_flags(cca) == {"provider_decision"}
    world.accept(cca, as_of=due + timedelta(days=1))
    cleared = run_sweep(as_of=due + timedelta(days=2))
    assert cleared.flags_cleared >= 1
    assert open_flags(cca) == set()
    flag = OverdueFlag.objects.get(cca=cca, kind="provider_decision")
    assert flag.cleared_on == due + timedelta(days=2) and flag.due_date == due


def test_confirmation_overdue_after_census_window():
    world = build_world()
    cca = ready_to_confirm(world)
    run_sweep(as_of=cca.confirmation_due)
    assert "confirmation" not in open_flags(cca)
    run_sweep(as_of=cca.confirmation_due + timedelta(days=1))
    assert "confirmation" in open_flags(cca)


def test_iep_forwarding_overdue_for_students_with_a_plan():
    world = build_world()
    student = make_student(world, has_iep=True)
    world.register(student)
    cca = world.submit(student=student)
    world.accept(cca)
    cca.refresh_from_db()
    assert cca.iep_forwarding_due == date(2025, 9, 5)  # 3 school days after Tue 09-02
    assert ("lea", "iep_forwarding_request") in {
        (n.audience, n.kind) for n in Notice.objects.filter(cca=cca)
    }
    run_sweep(as_of=date(2025, 9, 8))
    assert "iep_forwarding" in open_flags(cca)
    cca.refresh_from_db()
    cca = forward_iep(
        actor=world.actor(Role.LEA_APPROVER),
        cca_id=cca.pk,
        expected_version=cca.version,
        as_of=date(2025, 9, 8),
    )
    run_sweep(as_of=date(2025, 9, 9))
    assert open_flags(cca) == set()


def test_no_plan_no_forwarding():
    world = build_world()
    cca = world.enrolled()
    with pytest.raises(GuardFailed, match="no IEP or Section 504"):
        forward_iep(
            actor=world.actor(Role.LEA_APPROVER), cca_id=cca.pk, expected_version=cca.version
        )


def test_closeout_transcript_late_pass_and_withdrawal_flags():
    world = build_world()
    provider = world.actor(Role.PROVIDER_STAFF)
    cca = ready_to_confirm(world)
    cca = move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.CONFIRMED,
        expected_version=cca.version,
        as_of=cca.census_date,
    )
    run_sweep(as_of=date(2026, 7, 1))
    assert "closeout" in open_flags(cca)
    cca = send_intent_to_withdraw(
        actor=provider, cca_id=cca.pk, expected_version=cca.version, as_of=date(2026, 7, 1)
    )
    run_sweep(as_of=cca.administrative_withdrawal_due + timedelta(days=1))
    assert "administrative_withdrawal" in open_flags(cca)
    cca = record_reinstatement_request(
        actor=world.actor(Role.PARENT),
        cca_id=cca.pk,
        expected_version=cca.version,
        reason="back to work",
    )
    assert cca.administrative_withdrawal_due is None
    cca = move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.ANTICIPATED_LATE_PASS,
        expected_version=cca.version,
        as_of=date(2026, 6, 29),
    )
    run_sweep(as_of=date(2026, 8, 3))
    assert open_flags(cca) == {"late_pass"}  # closeout and withdrawal cleared
    cca = move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.LATE_PASS,
        expected_version=cca.version,
        final_grade="C",
        completion_date=date(2026, 7, 31),
        as_of=date(2026, 8, 3),
    )
    run_sweep(as_of=cca.transcript_due + timedelta(days=1))
    assert open_flags(cca) == {"transcript"}
    issue_transcript(actor=provider, cca_id=cca.pk, expected_version=cca.version)
    run_sweep(as_of=cca.transcript_due + timedelta(days=2))
    assert open_flags(cca) == set()


def test_reminder_the_business_day_before_each_deadline():
    world = build_world()
    world.register()
    cca = world.submit()  # LEA and provider decisions due Fri 2025-09-05
    run_sweep(as_of=date(2025, 9, 3))
    assert reminders(cca) == []
    run_sweep(as_of=date(2025, 9, 4))
    assert reminders(cca) == [("lea", "lea_decision_due"), ("provider", "provider_decision_due")]
    run_sweep(as_of=date(2025, 9, 4))
    assert len(reminders(cca)) == 2  # idempotent


def test_weekend_deadline_is_reminded_on_the_friday_before():
    world = build_world()
    cca = ready_to_confirm(world)
    provider = world.actor(Role.PROVIDER_STAFF)
    move_status(
        actor=provider,
        cca_id=cca.pk,
        to=Status.CONFIRMED,
        expected_version=cca.version,
        as_of=cca.census_date,
    )
    # June 30, 2026 is a Tuesday; the Monday before reminds of the closeout.
    assert run_sweep(as_of=date(2026, 6, 27)).reminders == 0  # Saturday: nothing
    run_sweep(as_of=date(2026, 6, 29))
    assert ("provider", "closeout_date") in reminders(cca)


def test_sweep_command_prints_a_report_and_rejects_bad_dates():
    out = StringIO()
    call_command("sweep", "--as-of", "2025-09-04", stdout=out)
    assert "Sweep as of 2025-09-04" in out.getvalue()
    with pytest.raises(CommandError, match="--as-of"):
        call_command("sweep", "--as-of", "2025-02-30")
