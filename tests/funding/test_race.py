"""Two payment runs for the same month at once on PostgreSQL: one posts, the other posts
nothing (it is refused clearly, or finds the month already posted)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from seats.domain.errors import Conflict
from seats.funding.models import Account, Entry, Leg, PaymentRun
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


KILLED_RUN = """
import django
django.setup()
from datetime import datetime
from zoneinfo import ZoneInfo
from seats.core.services.actors import Actor
from seats.funding.services.runs import post_run
now = datetime(2025, 10, 15, tzinfo=ZoneInfo("America/Denver"))
post_run(actor=Actor.system(), month="2025-10", now=now)
"""


def _waiting_on_a_lock() -> int:
    """Sessions of the test database waiting on a lock, seen from a connection of its own
    (statistics are a snapshot per transaction)."""
    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"], autocommit=True
    ) as other:
        row = other.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
        return row[0] if row else 0


def test_a_run_killed_half_way_posts_nothing_and_a_rerun_posts_once() -> None:
    world = build_world()
    load_msp(2025)
    confirmed_at(world, denver(2025, 10, 7, 10))
    confirmed_at(world, denver(2025, 10, 7, 11), student=make_student(world))
    db = connection.settings_dict  # the test database's name, not the configured one
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "seats.settings.development",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    # Hold the provider's account key uncommitted: the run blocks on it mid-transaction, after
    # it has claimed the month and planned its entries.
    with transaction.atomic():
        Account.objects.create(kind="provider", organisation=world.provider)
        child = subprocess.Popen([sys.executable, "-c", KILLED_RUN], env=env)
        deadline = time.monotonic() + 60
        while _waiting_on_a_lock() == 0 and child.poll() is None:
            assert time.monotonic() < deadline, "the run never reached the lock"
            time.sleep(0.2)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        transaction.set_rollback(True)
    assert child.returncode == -signal.SIGKILL
    for _ in range(50):  # the server notices the dead client and rolls its transaction back
        if _waiting_on_a_lock() == 0:
            break
        time.sleep(0.2)
    assert PaymentRun.objects.count() == 0 and Entry.objects.count() == 0
    assert not Account.objects.exists()
    post_run(actor=SYSTEM, month="2025-10", now=denver(2025, 10, 15))
    assert Entry.objects.count() == 2 and PaymentRun.objects.count() == 1
    assert sorted(Entry.objects.values_list("amount", flat=True)) == [HALF, HALF]
    assert ledger_balances()


def test_postgres_refuses_an_unbalanced_leg_and_edits() -> None:
    world = build_world()
    load_msp(2025)
    confirmed_at(world, denver(2025, 10, 7, 10))
    post_run(actor=SYSTEM, month="2025-10", now=denver(2025, 10, 15))
    leg = Leg.objects.first()
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        Leg(entry_id=leg.entry_id, account_id=leg.account_id, amount=HALF).save(force_insert=True)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        Leg.objects.filter(pk=leg.pk).update(amount=1)
    guarded = pytest.raises(IntegrityError, match="append-only")
    with guarded, transaction.atomic(), connection.cursor() as cursor:  # below the ORM's guards
        cursor.execute("DELETE FROM seats_funding_leg WHERE entry_id = %s", [leg.entry_id])
    assert ledger_balances()
