"""Two payment runs for the same month at once on PostgreSQL: one posts, the other posts
nothing (it is refused clearly, or finds the month already posted)."""

from __future__ import annotations

import pytest

from seats.domain.errors import Conflict
from seats.funding.models import Entry, PaymentRun
from seats.funding.services.runs import post_run
from tests.core.test_race import race
from tests.factories import build_world, make_student

from .helpers import HALF, SYSTEM, confirmed_at, denver, ledger_balances, load_msp

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_runs_of_a_month_at_once_pay_once() -> None:
    world = build_world()
    load_msp(2025)
    ccas = [confirmed_at(world, denver(2025, 10, 7, 10))]
    ccas += [
        confirmed_at(world, denver(2025, 10, 7, 11), student=make_student(world)) for _ in range(3)
    ]
    now = denver(2025, 10, 15)

    def post() -> object:
        return post_run(actor=SYSTEM, month="2025-10", now=now)

    results = race([post] * 4)
    posted = [v for kind, v in results if kind == "ok" and not v.already_posted]
    others = [v for kind, v in results if not (kind == "ok" and not v.already_posted)]
    assert len(posted) == 1, results
    for value in others:
        assert (isinstance(value, Conflict) and "nothing was posted" in str(value)) or (
            getattr(value, "already_posted", False)
        ), repr(value)
    assert PaymentRun.objects.count() == 1
    assert Entry.objects.count() == len(ccas)
    assert sorted(Entry.objects.values_list("amount", flat=True)) == [HALF] * len(ccas)
    assert ledger_balances()
