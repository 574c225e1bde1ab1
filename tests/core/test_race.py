"""Concurrent writers on PostgreSQL: row locks, not luck, decide who wins.

Threads start together at a barrier and each uses its own database connection (closed at the
end). The assertions are on what was stored: one winner, one history entry, version +1.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum

from seats.core.models import CCA, CCAHistory, Notice
from seats.core.services.lifecycle import move_status
from seats.core.services.requests import submit_request
from seats.core.services.sweep import run_sweep
from seats.domain.errors import Conflict, GuardFailed, Ineligible, MoveNotAllowed
from seats.domain.roles import Role
from seats.domain.statuses import COUNTS_TOWARD_CREDIT_LIMIT, Status
from tests.core.helpers_lifecycle import check_history, provider_actor, ready_to_confirm
from tests.factories import SUBMITTED, SY, build_world, make_offering, make_student

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


def race(calls: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    """Run every call in its own thread, all released at once; return ("ok", value) or
    ("error", exception) per call, in order."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, Any]] = [("missing", None)] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", call())
        except Exception as exc:  # every outcome is asserted on by the caller
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung (deadlock?)"
    return results


def test_concurrent_confirmations_one_wins() -> None:
    world = build_world()
    cca = ready_to_confirm(world)
    version, as_of = cca.version, cca.census_date + timedelta(days=1)
    provider = provider_actor(world)

    def confirm() -> CCA:
        return move_status(
            actor=provider,
            cca_id=cca.pk,
            to=Status.CONFIRMED,
            expected_version=version,
            as_of=as_of,
        )

    results = race([confirm] * THREADS)
    winners = [value for kind, value in results if kind == "ok"]
    losers = [value for kind, value in results if kind == "error"]
    assert len(winners) == 1, results
    assert len(losers) == THREADS - 1
    for exc in losers:
        assert isinstance(exc, Conflict | MoveNotAllowed | GuardFailed), repr(exc)
        if isinstance(exc, Conflict):
            assert "changed by someone else" in str(exc)
            assert f"you saw version {version}" in str(exc)
            assert f"now version {version + 1}" in str(exc)
        else:
            assert "Confirmed" in str(exc)
    cca.refresh_from_db()
    assert cca.status == Status.CONFIRMED
    assert cca.version == version + 1
    assert CCAHistory.objects.filter(cca=cca, action="confirm").count() == 1
    check_history(cca.pk)


def test_concurrent_requests_respect_the_credit_limit() -> None:
    """Five credits on record, eight half-credit requests at once: exactly two fit under six."""
    world = build_world()
    world.register()
    for _ in range(5):
        world.submit(offering=make_offering(world, credit=Decimal("1.0")))
    offerings = [make_offering(world, credit=Decimal("0.5")) for _ in range(THREADS)]
    counselor = world.actor(Role.COUNSELOR)
    ccas_before = CCA.objects.count()

    def request(offering_id: int) -> Callable[[], CCA]:
        return lambda: submit_request(
            actor=counselor,
            student_id=world.student.pk,
            offering_id=offering_id,
            school_year=SY,
            session="S1",
            as_of=SUBMITTED,
        )

    results = race([request(o.pk) for o in offerings])
    accepted = [value for kind, value in results if kind == "ok"]
    refused = [value for kind, value in results if kind == "error"]
    assert len(accepted) == 2, results
    for exc in refused:
        assert isinstance(exc, Ineligible), repr(exc)
        assert [r.code for r in exc.reasons] == ["credit_limit"]
        assert "of the 6 online credits" in str(exc)
    counted = CCA.objects.filter(
        student=world.student,
        school_year=SY,
        status__in=[s.value for s in COUNTS_TOWARD_CREDIT_LIMIT],
    ).aggregate(total=Sum("credit_attempted"))["total"]
    assert counted == Decimal("6")
    assert CCA.objects.count() == ccas_before + 2
    for cca in accepted:
        check_history(cca.pk)


def test_concurrent_sweeps_issue_each_notice_once() -> None:
    """Several sweeps at once (a cron overlap): every due Notice of Enrollment exactly once."""
    world = build_world()
    world.register()
    ccas = []
    for _ in range(12):
        ccas.append(world.accept(world.submit(offering=make_offering(world))))
    day = max(c.lea_decision_due for c in ccas) + timedelta(days=1)
    notices_before = Notice.objects.count()

    results = race([lambda: run_sweep(as_of=day)] * 4)
    assert all(kind == "ok" for kind, _ in results), results
    issued = sum(report.notices_of_enrollment for _, report in results)
    assert issued == len(ccas)
    for cca in ccas:
        entries = CCAHistory.objects.filter(cca=cca, action="issue_notice_of_enrollment")
        assert entries.count() == 1
        assert entries.get().details == {"basis": "lea_window_expired"}
        check_history(cca.pk)
    noe_kind = Notice.objects.filter(kind="notice_of_enrollment").exclude(cca=None)
    assert noe_kind.values("cca", "audience").distinct().count() == noe_kind.count()
    assert Notice.objects.count() > notices_before


def test_race_helper_reports_every_outcome() -> None:
    """The helper itself: a refused call comes back as its exception, not lost."""
    world = build_world()
    student = make_student(world, grade=5)
    counselor = world.actor(Role.COUNSELOR)
    results = race(
        [
            lambda: submit_request(
                actor=counselor,
                student_id=student.pk,
                offering_id=world.offering.pk,
                school_year=SY,
                session="S1",
                as_of=SUBMITTED,
            )
        ]
        * 2
    )
    assert [kind for kind, _ in results] == ["error", "error"]
    assert all(isinstance(exc, Ineligible) for _, exc in results)
