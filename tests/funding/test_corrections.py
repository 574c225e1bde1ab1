"""Corrections on a real database: a reactivation and a Not Confirmed Closed corrected by the
state, each paying the first half exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time

from seats.core.services.lifecycle import move_status
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.funding.models import Entry
from seats.funding.selectors.why import why_paid
from seats.funding.services.runs import post_run
from tests.core.helpers_lifecycle import administratively_withdrawn, not_confirmed_closed
from tests.factories import build_world

from .helpers import HALF, SYSTEM, denver, ledger_balances, load_msp, net_paid

pytestmark = pytest.mark.django_db


def test_reactivation_never_pays_the_first_half_twice() -> None:
    world = build_world()
    load_msp()
    with freeze_time(denver(2025, 10, 7, 10)):
        cca = administratively_withdrawn(world)
    post_run(actor=SYSTEM, month="2025-10", now=denver(2025, 10, 15))
    assert net_paid(cca.pk) == HALF, "withdrawn after Confirmed: the first half stands"
    day = cca.administrative_withdrawal_due + timedelta(days=3)
    with freeze_time(denver(2025, 11, 3, 10)):
        move_status(
            actor=world.actor(Role.STATE_SPECIALIST),
            cca_id=cca.pk,
            to=Status.CONFIRMED,
            expected_version=cca.version,
            as_of=day,
            reason="the provider asked: student active",
        )
    november = post_run(actor=SYSTEM, month="2025-11", now=denver(2025, 11, 15))
    assert november.planned == []
    assert Entry.objects.filter(cca=cca).count() == 1 and ledger_balances()


def test_a_corrected_not_confirmed_closed_is_paid_from_the_correction() -> None:
    world = build_world()
    load_msp()
    with freeze_time(denver(2025, 10, 7, 10)):
        cca = not_confirmed_closed(world)
    post_run(actor=SYSTEM, month="2025-10", now=denver(2025, 10, 15))
    assert net_paid(cca.pk) == 0, "closed without reaching Confirmed: nothing"
    assert "not Confirmed" in why_paid(cca_id=cca.pk, now=denver(2025, 10, 15)).halves[0].text()
    cca.refresh_from_db()
    with freeze_time(denver(2025, 10, 9, 17, 30)):  # after the October cutoff
        move_status(
            actor=world.actor(Role.STATE_SPECIALIST),
            cca_id=cca.pk,
            to=Status.CONFIRMED,
            expected_version=cca.version,
            as_of=cca.correction_request_due,
            reason="closed by mistake",
        )
    november = post_run(actor=SYSTEM, month="2025-11", now=denver(2025, 11, 15))
    (p,) = november.planned
    entry = Entry.objects.get(cca=cca)
    assert p.posting.amount == HALF and entry.history.action == "correct_not_confirmed_closed"
