"""Bad input and refused actions: every refusal names its field or rule, and writes nothing.

Each case takes a snapshot (CCA, history and notice counts, the CCA's version) before the call
and proves it unchanged after the refusal. Where a refusal could be mistaken for a broken
service, a control shows the same call succeeding once the input is right.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from seats.core.models import CCA, OverdueFlag
from seats.core.services.actors import Actor
from seats.core.services.eligibility import Approvals
from seats.core.services.enrollment import record_progress, set_course_start
from seats.core.services.lifecycle import move_status
from seats.core.services.requests import (
    cancel_as_lea,
    decide_as_lea,
    decide_as_provider,
    reject_as_state,
    submit_request,
)
from seats.core.services.students import assign_ssid, complete_local_registration
from seats.core.services.sweep import run_sweep
from seats.domain.errors import (
    Conflict,
    DomainError,
    GuardFailed,
    Ineligible,
    InvalidInput,
    MoveNotAllowed,
    NotFound,
    NotPermitted,
)
from seats.domain.reasons import LEA_REJECTION_REASONS, STATE_REJECTION_REASONS
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import (
    COURSE_START,
    administratively_withdrawn,
    confirmed,
    move,
    on_cca,
    other_provider,
    provider_actor,
    ready_to_confirm,
    refused,
    six_credits,
    state_issued_notice,
    submission,
    with_start_and_tor,
)
from tests.factories import REGISTRATION, SUBMITTED, SY, World, build_world, make_student

pytestmark = pytest.mark.django_db
LATE_MAY = date(2026, 5, 29)


@pytest.fixture
def world() -> World:
    return build_world()


# --- unknown ids and codes -------------------------------------------------------------------


@pytest.mark.parametrize("student_id", [987654, "abc"])
def test_unknown_student(world: World, student_id: object) -> None:
    """Missing looks like out of scope (SPEC 10): the same NotFound, nothing about a student."""
    exc = refused(NotFound, submit_request, **submission(world, student_id=student_id))
    assert exc.field == "student"
    assert str(exc).startswith(f"There is no student {student_id} that you can act for.")


def test_a_request_names_its_student(world: World) -> None:
    exc = refused(InvalidInput, submit_request, **submission(world, student_id=None))
    assert exc.field == "student"


@pytest.mark.parametrize("offering_id", [987654, "x1"])
def test_unknown_offering(world: World, offering_id: object) -> None:
    exc = refused(InvalidInput, submit_request, **submission(world, offering_id=offering_id))
    assert exc.field == "offering" and f"There is no course offering {offering_id}" in str(exc)


@pytest.mark.parametrize("cca_id", [987654, "nope"])
def test_unknown_cca(world: World, cca_id: object) -> None:
    world.submit()
    state = world.actor(Role.STATE_SPECIALIST)
    exc = refused(
        InvalidInput, move_status, actor=state, cca_id=cca_id, to="rejected_by_state",
        expected_version=1, reason="x",
    )  # fmt: skip
    assert exc.field == "cca" and f"There is no CCA {cca_id}" in str(exc)


@pytest.mark.parametrize("session", ["S3", "fall", ""])
def test_unknown_session_code(world: World, session: str) -> None:
    exc = refused(InvalidInput, submit_request, **submission(world, session=session))
    assert exc.field == "session" and "Q1, Q2, Q3, Q4, S1, S2" in str(exc)


def test_quarter_session_for_a_semester_course(world: World) -> None:
    exc = refused(InvalidInput, submit_request, **submission(world, session="Q1"))
    assert exc.field == "session" and "semester" in str(exc) and "quarter" in str(exc)


@pytest.mark.parametrize("school_year", [SY - 1, SY + 2, 1999])
def test_school_year_out_of_range(world: World, school_year: int) -> None:
    exc = refused(InvalidInput, submit_request, **submission(world, school_year=school_year))
    assert exc.field == "school_year" and f"not {school_year}" in str(exc)
    assert str(SY) in str(exc) and str(SY + 1) in str(exc)


def test_upcoming_school_year_is_accepted(world: World) -> None:
    """Control for the range check: the upcoming year is allowed."""
    assert submit_request(**submission(world, school_year=SY + 1)).school_year == SY + 1


@pytest.mark.parametrize("target", ["graduated", "Confirmed", "", "pass-all-complete"])
def test_unknown_status_value(world: World, target: str) -> None:
    exc = move(InvalidInput, world, world.enrolled(), target)
    assert exc.field == "to" and f"Unknown status {target!r}" in str(exc)
    assert "pass_all_complete" in str(exc)  # the known values are listed


def test_unknown_lea_rejection_reason_lists_allowed_codes(world: World) -> None:
    cca = world.submit()
    exc = on_cca(
        InvalidInput, decide_as_lea, cca, world.actor(Role.LEA_APPROVER), approve=False,
        reason_code="prefer_our_own_program", as_of=SUBMITTED,
    )  # fmt: skip
    assert exc.field == "reason" and "'prefer_our_own_program'" in str(exc)
    assert all(code in str(exc) for code in LEA_REJECTION_REASONS)


def test_unknown_state_and_provider_rejection_reasons(world: World) -> None:
    world.register()
    cca = world.submit()
    state = world.actor(Role.STATE_SPECIALIST)
    exc = on_cca(InvalidInput, reject_as_state, cca, state, reason_code="too_many")
    assert all(code in str(exc) for code in STATE_REJECTION_REASONS)
    exc = on_cca(
        InvalidInput, decide_as_provider, cca, provider_actor(world), accept=False,
        reason_code="lea_said_no", as_of=SUBMITTED,
    )  # fmt: skip
    assert "course_full" in str(exc) and exc.field == "reason"


# --- course start, confirmation, closeouts ---------------------------------------------------


def test_course_start_cannot_be_changed(world: World) -> None:
    cca = with_start_and_tor(world, world.enrolled())
    later = date(2025, 9, 15)
    exc = on_cca(GuardFailed, set_course_start, cca, provider_actor(world), start=later)
    assert "cannot be changed" in str(exc)
    cca.refresh_from_db()
    assert cca.course_start_date == COURSE_START


def test_confirmed_needs_ssid(world: World) -> None:
    world.student.ssid = None
    world.student.save()
    cca = ready_to_confirm(world)
    exc = move(GuardFailed, world, cca, Status.CONFIRMED, as_of=cca.census_date)
    assert "SSID" in str(exc) and "teacher of record" not in exc.message


def test_confirmed_needs_teacher_of_record(world: World) -> None:
    cca = world.enrolled()
    cca = set_course_start(
        actor=provider_actor(world), cca_id=cca.pk, expected_version=cca.version, start=COURSE_START
    )
    exc = move(GuardFailed, world, cca, Status.CONFIRMED, as_of=cca.census_date)
    assert "teacher of record" in str(exc) and "SSID" not in exc.message


def test_confirmed_needs_census(world: World) -> None:
    cca = ready_to_confirm(world)
    day_before = cca.census_date - timedelta(days=1)
    exc = move(GuardFailed, world, cca, Status.CONFIRMED, as_of=day_before)
    assert "Day of Census" in str(exc) and cca.census_date.isoformat() in str(exc)


def test_confirmed_needs_a_course_start(world: World) -> None:
    exc = move(GuardFailed, world, world.enrolled(), Status.CONFIRMED, as_of=LATE_MAY)
    assert "course start date" in str(exc)


def test_confirm_control_succeeds_on_census(world: World) -> None:
    cca = confirmed(world)
    assert cca.status == Status.CONFIRMED and cca.confirmation_date == cca.census_date


def test_quarter_status_on_a_full_credit_course(world: World) -> None:
    cca = confirmed(world, offering=world.offering_full_credit)
    exc = move(GuardFailed, world, cca, Status.LOSS_OF_ELIGIBILITY_QUARTER, as_of=LATE_MAY)
    assert "0.5-credit" in str(exc) and "1.00" in str(exc)


def test_pass_all_complete_with_an_f(world: World) -> None:
    cca = confirmed(world)
    exc = move(GuardFailed, world, cca, Status.PASS_ALL_COMPLETE, as_of=LATE_MAY, final_grade="F")
    assert "'F'" in str(exc) and "passing grade" in str(exc)


def test_late_pass_directly_from_confirmed(world: World) -> None:
    cca = confirmed(world)
    exc = move(MoveNotAllowed, world, cca, Status.LATE_PASS, as_of=LATE_MAY, final_grade="B")
    assert "Late Pass only from Anticipated Late Pass" in str(exc)
    assert "Anticipated Late Pass" in str(exc).split("Allowed from here:")[1]


# --- LEA cancellation ------------------------------------------------------------------------


def cancel(error: type[DomainError], world: World, cca: CCA, as_of: date, reason: str) -> object:
    lea = world.actor(Role.LEA_APPROVER)
    return on_cca(error, cancel_as_lea, cca, lea, reason=reason, as_of=as_of)


def test_lea_cannot_cancel_a_notice_it_approved(world: World) -> None:
    cca = world.enrolled()
    assert cca.noe_basis == "lea_approved"
    exc = cancel(GuardFailed, world, cca, SUBMITTED + timedelta(days=1), "changed our mind")
    assert "issued on the LEA's silence" in str(exc)


def test_lea_cannot_cancel_after_72_business_hours(world: World) -> None:
    cca = state_issued_notice(world)
    exc = cancel(GuardFailed, world, cca, cca.lea_cancellation_due + timedelta(days=1), "late")
    assert "72 business hours" in str(exc) and cca.lea_cancellation_due.isoformat() in str(exc)


def test_lea_cancels_within_72_business_hours(world: World) -> None:
    """Control: the same cancellation on the last day is allowed."""
    cca = state_issued_notice(world)
    cca = cancel_as_lea(
        actor=world.actor(Role.LEA_APPROVER), cca_id=cca.pk, expected_version=cca.version,
        reason="no seat in the schedule", as_of=cca.lea_cancellation_due,
    )  # fmt: skip
    assert cca.status == Status.CANCELLED_BY_LEA


def test_lea_cancellation_needs_a_reason(world: World) -> None:
    cca = state_issued_notice(world)
    assert cancel(InvalidInput, world, cca, cca.lea_cancellation_due, "  ").field == "reason"


# --- who may act -----------------------------------------------------------------------------


def test_provider_from_another_organisation(world: World) -> None:
    world.register()
    cca = world.submit()
    _, outsider, _ = other_provider(world)
    exc = on_cca(NotPermitted, decide_as_provider, cca, outsider, accept=True, as_of=SUBMITTED)
    assert "outside your organisation" in str(exc)
    cca = ready_to_confirm(world, offering=world.offering_full_credit)
    exc = move(NotPermitted, world, cca, Status.CONFIRMED, as_of=cca.census_date, actor=outsider)
    assert "outside your organisation" in str(exc)


def test_auditor_cannot_act(world: World) -> None:
    auditor = world.actor(Role.AUDITOR)
    exc = refused(NotPermitted, submit_request, **submission(world, actor=auditor))
    assert "cannot file a course request" in str(exc)
    cca = ready_to_confirm(world)
    exc = move(NotPermitted, world, cca, Status.CONFIRMED, as_of=cca.census_date, actor=auditor)
    assert "read-only" in str(exc)


def test_system_actor_cannot_file_a_request(world: World) -> None:
    refused(NotPermitted, submit_request, **submission(world, actor=Actor.system()))


def test_stale_version(world: World) -> None:
    cca = ready_to_confirm(world)
    exc = refused(
        Conflict, move_status, cca, actor=provider_actor(world), cca_id=cca.pk,
        to=Status.CONFIRMED, expected_version=cca.version - 1, as_of=cca.census_date,
    )  # fmt: skip
    assert f"now version {cca.version}" in str(exc)
    assert f"you saw version {cca.version - 1}" in str(exc)


# --- values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "text"),
    [
        (150, "between 0 and 100"),
        ("abc", "'abc' is not a percent"),
        (-1, "between 0 and 100"),
        ("Infinity", "between 0 and 100"),
        ("NaN", "percent"),
    ],
)
def test_grade_progress_percent(world: World, percent: object, text: str) -> None:
    cca = confirmed(world)
    exc = on_cca(InvalidInput, record_progress, cca, provider_actor(world), percent=percent)
    assert exc.field == "percent" and text in str(exc)


def test_grade_progress_letter(world: World) -> None:
    cca = confirmed(world)
    exc = on_cca(InvalidInput, record_progress, cca, provider_actor(world), percent=8, letter="E")
    assert exc.field == "letter"


@pytest.mark.parametrize(
    "ssid",
    [
        "12AB5678",
        "SSID-1234",
        "12345",
        "",
        "\uff11\uff12\uff13\uff14\uff15\uff16\uff17",  # fullwidth digits
        "²³⁴⁵⁶⁷",  # superscript digits
    ],
)
def test_ssid_must_be_digits(world: World, ssid: str) -> None:
    student = make_student(world, ssid=None)
    state = world.actor(Role.STATE_SPECIALIST)
    exc = refused(InvalidInput, assign_ssid, actor=state, student_id=student.pk, ssid=ssid)
    assert exc.field == "ssid" and "digits" in str(exc)
    student.refresh_from_db()
    assert student.ssid is None


def test_document_reference_too_long(world: World) -> None:
    cca = confirmed(world)
    exc = move(
        InvalidInput, world, cca, Status.STUDENT_WITHDRAWAL_AFTER_20, as_of=LATE_MAY,
        document_ref="w" * 300,
    )  # fmt: skip
    assert exc.field == "document_ref"


def test_registration_field_too_long(world: World) -> None:
    form = dataclasses.replace(REGISTRATION, phone="801-555-0100 " * 4)
    exc = refused(
        InvalidInput, complete_local_registration, actor=world.actor(Role.PARENT),
        student_id=world.student.pk, provider_code=world.provider.code, form=form, as_of=SUBMITTED,
    )  # fmt: skip
    assert exc.field == "phone"


@pytest.mark.parametrize("completion", [date(2024, 1, 1), date(2026, 6, 1)])
def test_completion_date_outside_the_course(world: World, completion: date) -> None:
    cca = confirmed(world)
    exc = move(
        DomainError, world, cca, Status.PASS_ALL_COMPLETE, as_of=date(2025, 12, 15),
        final_grade="A", completion_date=completion,
    )  # fmt: skip
    assert "completion" in str(exc).lower()


def test_reactivation_spends_the_notice_of_intent(world: World) -> None:
    cca = administratively_withdrawn(world)
    day = cca.administrative_withdrawal_due + timedelta(days=3)
    cca = move_status(
        actor=world.actor(Role.STATE_SPECIALIST), cca_id=cca.pk, to=Status.CONFIRMED,
        expected_version=cca.version, as_of=day, reason="the provider asked: student active",
    )  # fmt: skip
    run_sweep(as_of=day + timedelta(days=1))
    assert not OverdueFlag.objects.filter(cca=cca, kind="administrative_withdrawal").exists()
    exc = move(GuardFailed, world, cca, Status.ADMINISTRATIVE_WITHDRAWAL, as_of=day)
    assert "notice of intent" in str(exc)


# --- eligibility -----------------------------------------------------------------------------


def test_utah_fits_all_grade_5_lists_both_reasons(world: World) -> None:
    student = make_student(world, grade=5, utah_fits_all="current")
    exc = refused(Ineligible, submit_request, **submission(world, student_id=student.pk))
    assert {"grade_outside_program", "utah_fits_all_current"} <= {r.code for r in exc.reasons}
    assert "grade 5" in str(exc) and "Utah Fits All" in str(exc)


def test_credit_limit_seventh_credit(world: World) -> None:
    seventh = six_credits(world)
    exc = refused(Ineligible, submit_request, **submission(world, offering_id=seventh.pk))
    assert [r.code for r in exc.reasons] == ["credit_limit"]
    assert "already has 6 of the 6 online credits" in str(exc) and "would make 7" in str(exc)
    agreed = Approvals(credit_limit_agreed=True)
    cca = submit_request(**submission(world, offering_id=seventh.pk), approvals=agreed)
    assert cca.credit_limit_agreed and cca.status == Status.PENDING_EXECUTION


def test_only_the_school_grants_the_credit_limit(world: World) -> None:
    seventh = six_credits(world)
    parent, agreed = world.actor(Role.PARENT), Approvals(credit_limit_agreed=True)
    args = submission(world, offering_id=seventh.pk, actor=parent)
    exc = refused(NotPermitted, submit_request, **args, approvals=agreed)
    assert "primary school" in str(exc)


def test_rejected_requests_do_not_count_toward_the_limit(world: World) -> None:
    seventh = six_credits(world)
    first = CCA.objects.filter(student=world.student).order_by("pk").first()
    state = world.actor(Role.STATE_SPECIALIST)
    reject_as_state(
        actor=state, cca_id=first.pk, expected_version=1, reason_code="parent_withdrew_request"
    )
    cca = submit_request(**submission(world, offering_id=seventh.pk))
    assert cca.status == Status.PENDING_EXECUTION


def test_duplicate_request(world: World) -> None:
    first = world.submit()
    exc = refused(Ineligible, submit_request, **submission(world))
    assert f"CCA {first.pk}" in str(exc)
