"""The home-school appropriation on a real database (R277-726-9): the state's approval of a HOME
request obligates its fee or is refused, naming the rule; December 1 releases what is left; an
obligation is released when the CCA ends unpaid; the command and bad input."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seats.core.models import CCA, CCAHistory, OverdueFlag
from seats.core.services.requests import decide_as_lea, decide_as_provider
from seats.core.services.sweep import run_sweep
from seats.domain.errors import GuardFailed, InvalidInput, NotPermitted
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.funding.models import Appropriation, AppropriationChange, Obligation
from seats.funding.services.appropriation import balance_for, set_appropriation
from tests.factories import SUBMITTED, World, build_world, make_student, registration_done

from .helpers import SYSTEM

pytestmark = pytest.mark.django_db

FEE = Decimal("340.00")  # Tier IV 680.00 x 0.5 credit
BEFORE_DEC_1 = date(2025, 11, 30)
DEC_1 = date(2025, 12, 1)


@pytest.fixture
def world() -> World:
    return build_world()


def home_request(world: World, *, as_of: date = SUBMITTED) -> CCA:
    student = make_student(
        world,
        primary_lea=world.home,
        primary_school=None,
        is_home_school=True,
        home_school_acknowledged=True,
        proof_of_age_identity=True,
    )
    return world.submit(student=student, actor=world.actor(Role.STATE_SPECIALIST), as_of=as_of)


def approve(world: World, cca: CCA, as_of: date) -> CCA:
    cca.refresh_from_db()
    return decide_as_lea(
        actor=world.actor(Role.STATE_SPECIALIST),
        cca_id=cca.pk,
        expected_version=cca.version,
        approve=True,
        accept_financial_responsibility=True,
        as_of=as_of,
    )


def available(on: date) -> Decimal:
    found = balance_for(2025, day=on)
    assert found is not None
    return found[0].available


def test_before_december_1_the_home_share_is_nearly_spent_after_it_the_rest_is_released(
    world,
) -> None:
    set_appropriation(actor=SYSTEM, school_year=2025, amount="1000.00")  # home share 50%: 500
    first, second = home_request(world), home_request(world)
    approve(world, first, BEFORE_DEC_1)
    assert Obligation.objects.get(cca=first).amount == FEE
    assert available(BEFORE_DEC_1) == Decimal("160.00")
    with pytest.raises(GuardFailed, match="overspend the home-school share") as refused:
        approve(world, second, BEFORE_DEC_1)
    assert refused.value.rule == "R277-726-9(2)(a)" and "160.00 is available" in str(refused.value)
    second.refresh_from_db()
    assert second.lea_decision == "" and not Obligation.objects.filter(cca=second).exists()
    assert available(DEC_1) == Decimal("660.00"), "from December 1 the funds left are released"
    approve(world, second, DEC_1)
    second.refresh_from_db()
    assert second.lea_decision == "approved"
    assert Obligation.objects.get(cca=second).balance_before == Decimal("660.00")
    balance = balance_for(2025, day=DEC_1)[0]  # type: ignore[index]
    assert (balance.obligated, balance.paid, balance.balance) == (
        Decimal("680.00"),
        Decimal("0.00"),
        Decimal("320.00"),
    )


def test_after_december_1_an_approval_that_would_overspend_the_balance_is_refused(world) -> None:
    set_appropriation(actor=SYSTEM, school_year=2025, amount="600.00", home_share_percent="100")
    first, second = home_request(world), home_request(world)
    approve(world, first, DEC_1)
    with pytest.raises(GuardFailed, match="overspend the appropriation's balance") as refused:
        approve(world, second, DEC_1)
    assert refused.value.rule == "R277-726-9"
    assert "its fee is 340.00, 260.00 is available" in str(refused.value)
    assert Obligation.objects.count() == 1


def test_requests_are_served_in_request_order(world) -> None:
    set_appropriation(actor=SYSTEM, school_year=2025, amount="500.00", home_share_percent="100")
    earlier, later = home_request(world), home_request(world)
    with pytest.raises(GuardFailed, match=f"the first is CCA {earlier.pk}") as refused:
        approve(world, later, DEC_1)
    assert refused.value.rule == "R277-726-9(2)(b)(i)"
    approve(world, earlier, DEC_1)
    with pytest.raises(GuardFailed, match="overspend"):
        approve(world, later, DEC_1)


def test_no_appropriation_no_approval_and_other_leas_are_untouched(world) -> None:
    cca = home_request(world)
    with pytest.raises(GuardFailed, match="No home and private school appropriation"):
        approve(world, cca, DEC_1)
    world.register()
    public = world.submit()
    world.approve(public)  # an LEA's own approval never reads the appropriation
    assert not Obligation.objects.exists()


def test_the_obligation_is_released_when_the_cca_ends_without_payment(world) -> None:
    set_appropriation(actor=SYSTEM, school_year=2025, amount="1000.00")
    cca = approve(world, home_request(world), BEFORE_DEC_1)
    assert available(BEFORE_DEC_1) == Decimal("160.00")
    cca.refresh_from_db()
    decide_as_provider(
        actor=world.actor(Role.PROVIDER_STAFF),
        cca_id=cca.pk,
        expected_version=cca.version,
        accept=False,
        reason_code="course_full",
        as_of=BEFORE_DEC_1,
    )
    balance = balance_for(2025, day=BEFORE_DEC_1)[0]  # type: ignore[index]
    assert balance.obligated == 0 and balance.released_obligations == FEE
    assert balance.available == Decimal("500.00")
    assert Obligation.objects.filter(cca=cca).exists(), "the obligation row stays: history"


def test_set_appropriation_records_every_change_and_refuses_bad_input(world) -> None:
    set_appropriation(actor=SYSTEM, school_year=2025, amount="1000.00")
    set_appropriation(actor=SYSTEM, school_year=2025, amount="1200.00", note="supplemental")
    assert Appropriation.objects.get().amount == Decimal("1200.00")
    assert list(AppropriationChange.objects.values_list("amount", flat=True)) == [
        Decimal("1000.00"),
        Decimal("1200.00"),
    ]
    for kwargs, field in (
        ({"amount": "-5"}, "amount"),
        ({"amount": "10.001"}, "amount"),
        ({"amount": "100", "home_share_percent": "40"}, "home_share_percent"),
        ({"amount": "100", "obligated_elsewhere": "101"}, "obligated_elsewhere"),
    ):
        with pytest.raises(InvalidInput) as err:
            set_appropriation(actor=SYSTEM, school_year=2025, **kwargs)  # type: ignore[arg-type]
        assert err.value.field == field
    assert AppropriationChange.objects.count() == 2 and Appropriation.objects.get().amount == 1200
    with pytest.raises(NotPermitted):
        set_appropriation(actor=world.actor(Role.STATE_SPECIALIST), school_year=2025, amount="1.00")


def test_the_appropriation_command(world) -> None:
    out = StringIO()
    call_command("appropriation", "set", "--year", "2027", "--amount", "250000.00", stdout=out)
    assert "2027-28: 250000.00" in out.getvalue()
    out = StringIO()
    call_command("appropriation", "show", "--year", "2027", stdout=out)
    assert "balance 250000.00" in out.getvalue()
    with pytest.raises(CommandError, match="--amount: amount cannot be negative"):
        call_command("appropriation", "set", "--year", "2027", "--amount", "-1")
    with pytest.raises(CommandError, match="--home-share: home_share_percent must be between"):
        call_command(
            "appropriation", "set", "--year", "2027", "--amount", "1", "--home-share", "49"
        )
    with pytest.raises(CommandError, match="No home and private school appropriation"):
        call_command("appropriation", "show", "--year", "2030")


def test_the_sweep_runs_the_approval_hook_when_the_states_window_passes(world) -> None:
    """R277-726-9(2)(b): a HOME request's window passing is a deemed approval, and it spends the
    appropriation like one: refused when it cannot be funded (no Notice of Enrollment, still
    pending for the state, its decision flagged overdue), issued once funds are there."""
    student = make_student(
        world,
        primary_lea=world.home,
        primary_school=None,
        is_home_school=True,
        home_school_acknowledged=True,
        proof_of_age_identity=True,
    )
    registration_done(world, student)
    cca = world.submit(student=student, actor=world.actor(Role.STATE_SPECIALIST))
    world.accept(cca)
    set_appropriation(actor=world.actor(Role.STATE_ADMIN), school_year=2025, amount="100.00")
    cca.refresh_from_db()
    day = cca.lea_decision_due + timedelta(days=3)
    report = run_sweep(as_of=day)
    cca.refresh_from_db()
    assert cca.status == Status.PENDING_EXECUTION and report.notices_of_enrollment == 0
    assert report.deemed_approvals_refused == 1
    assert "R277-726-9" in report.skipped[0] and f"CCA {cca.pk}" in report.skipped[0]
    assert not Obligation.objects.filter(cca=cca).exists()
    assert not CCAHistory.objects.filter(cca=cca, action="issue_notice_of_enrollment").exists()
    assert OverdueFlag.objects.filter(
        cca=cca, kind="notice_withheld", cleared_on__isnull=True
    ).exists(), "the state's decision is flagged overdue"
    set_appropriation(actor=world.actor(Role.STATE_ADMIN), school_year=2025, amount="1000.00")
    report = run_sweep(as_of=day + timedelta(days=1))
    cca.refresh_from_db()
    assert report.notices_of_enrollment == 1 and cca.status == Status.ENROLLMENT_COMPLETE
    assert cca.noe_basis == "lea_window_expired"
    assert Obligation.objects.get(cca=cca).amount == FEE
    assert not OverdueFlag.objects.filter(
        cca=cca, kind="notice_withheld", cleared_on__isnull=True
    ).exists(), "the flag clears once the notice is issued"


def test_the_sweep_still_issues_an_lea_s_notice_on_its_silence(world) -> None:
    world.register()
    cca = world.submit()
    world.accept(cca)
    cca.refresh_from_db()
    report = run_sweep(as_of=cca.lea_decision_due + timedelta(days=3))
    cca.refresh_from_db()
    assert report.notices_of_enrollment == 1 and report.deemed_approvals_refused == 0
    assert cca.status == Status.ENROLLMENT_COMPLETE and not Obligation.objects.exists()
