"""Two approvals of home-school requests at once on PostgreSQL, with funds for one: the
appropriation's row lock serves them one after the other, so exactly one is approved and the
other is refused naming the rule; the appropriation is never overspent."""

from __future__ import annotations

from datetime import date

import pytest

from seats.core.models import CCA
from seats.core.services.requests import decide_as_lea
from seats.domain.errors import GuardFailed
from seats.domain.roles import Role
from seats.funding.models import Obligation
from seats.funding.services.appropriation import balance_for, set_appropriation
from tests.core.test_race import race
from tests.factories import build_world, make_student

from .helpers import SYSTEM

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DEC_2 = date(2025, 12, 2)


def test_two_approvals_at_once_never_overspend() -> None:
    world = build_world()
    set_appropriation(actor=SYSTEM, school_year=2025, amount="500.00", home_share_percent="100")
    ccas = []
    for _ in range(2):
        student = make_student(
            world,
            primary_lea=world.home,
            primary_school=None,
            is_home_school=True,
            home_school_acknowledged=True,
            proof_of_age_identity=True,
        )
        ccas.append(world.submit(student=student, actor=world.actor(Role.STATE_SPECIALIST)))
    # both at once: whichever locks the year's appropriation first decides; the other then
    # finds the funds spent (or an earlier request ahead of it) and is refused
    actor = world.actor(Role.STATE_SPECIALIST)

    def approve(cca: CCA):
        return lambda: decide_as_lea(
            actor=actor,
            cca_id=cca.pk,
            expected_version=cca.version,
            approve=True,
            accept_financial_responsibility=True,
            as_of=DEC_2,
        )

    results = race([approve(c) for c in ccas])
    approved = [v for kind, v in results if kind == "ok"]
    refused = [v for kind, v in results if kind != "ok"]
    assert len(approved) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], GuardFailed) and refused[0].rule.startswith("R277-726-9")
    assert Obligation.objects.count() == 1
    balance = balance_for(2025, day=DEC_2)[0]  # type: ignore[index]
    assert balance.balance == balance.appropriation.amount - balance.obligated >= 0
