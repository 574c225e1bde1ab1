"""The history guarantees hold for bulk applies too: random files (good and bad rows, stale
versions, --partial or not) interleaved with per-row service calls never lose or double an entry
(seq 1..n == version), every entry starts where the previous ended, and a refused file writes
nothing. On PostgreSQL, a bulk apply racing per-row writers on the same CCAs loses nothing either.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from seats.core.models import CCA, CCAHistory
from seats.core.services import enrollment as enr
from seats.core.services.lifecycle import move_status
from seats.domain.errors import Conflict, DomainError
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import Snapshot, check_history, confirmed, ready_to_confirm
from tests.core.test_race import race
from tests.factories import SUBMITTED, World, build_world, make_offering
from tests.integration.test_imports import csv_bytes, run

#: Row templates per action, with values that are sometimes right and sometimes wrong.
ROWS: dict[str, st.SearchStrategy[dict[str, str]]] = {
    "status_move": st.fixed_dictionaries(
        {
            "to_status": st.sampled_from(
                [
                    "confirmed",
                    "not_confirmed_closed",
                    "anticipated_late_pass",
                    "pass_all_complete",
                    "student_withdrawal_after_20",
                    "loss_of_eligibility_after_20",
                ]
            ),
            "final_grade": st.sampled_from(["", "A", "F"]),
            "document_ref": st.sampled_from(["", "withdrawal.pdf"]),
        }
    ),
    "final_grade": st.fixed_dictionaries(
        {"final_grade": st.sampled_from(["A", "C-", "F", "I", "Z"])}
    ),
    "course_start": st.fixed_dictionaries(
        {"course_start_date": st.sampled_from(["2025-09-08", "2025-09-15", "2030-01-01"])}
    ),
    "teacher_of_record": st.fixed_dictionaries(
        {"teacher_cactus_id": st.sampled_from(["C1000", "C9"])}
    ),
    "grade_progress": st.fixed_dictionaries(
        {
            "percent": st.sampled_from(["", "55", "101", "88.5"]),
            "at_risk": st.sampled_from(["", "yes", "no"]),
        }
    ),
    "intent_to_withdraw": st.just({}),
    "transcript": st.just({}),
}


def _ccas(world: World) -> list[CCA]:
    return [
        world.enrolled(offering=make_offering(world)),
        ready_to_confirm(world, offering=make_offering(world)),
        confirmed(world, offering=make_offering(world)),
    ]


def _versions(ids: list[int]) -> dict[int, int]:
    return dict(CCA.objects.filter(pk__in=ids).values_list("pk", "version"))


def _bulk_step(world: World, ids: list[int], clock: date, data: st.DataObject) -> None:
    rows = []
    versions = _versions(ids)
    for _ in range(data.draw(st.integers(1, 6), label="rows")):
        action = data.draw(st.sampled_from(sorted(ROWS)), label="action")
        cca_id = data.draw(st.sampled_from(ids), label="cca")
        row = {"action": action, "cca_id": cca_id, **data.draw(ROWS[action])}
        stale = data.draw(st.sampled_from(["", "", "", "current", "stale"]), label="version")
        if stale:
            row["expected_version"] = versions[cca_id] - (stale == "stale")
        rows.append(row)
    partial = data.draw(st.sampled_from([True, True, False]), label="partial")
    before, old = Snapshot.take(), _versions(ids)
    report = run(world, csv_bytes(rows), partial=partial, as_of=clock)
    new = _versions(ids)
    event("file written" if report.written else "file refused or no change")
    if not report.written:
        assert Snapshot.take() == before and new == old, report.summary()
        return
    assert partial or report.ok
    added = CCAHistory.objects.count() - before.history
    assert added == report.entries_written == sum(r.entries for r in report.rows)
    for pk in ids:
        assert new[pk] - old[pk] == CCAHistory.objects.filter(cca_id=pk, seq__gt=old[pk]).count()


def _service_step(world: World, ids: list[int], clock: date, data: st.DataObject) -> None:
    """A per-row call between files, so bulk and single writes interleave on the same CCAs."""
    cca = CCA.objects.get(pk=data.draw(st.sampled_from(ids), label="service cca"))
    staff = world.actor(Role.PROVIDER_STAFF)
    try:
        if data.draw(st.booleans(), label="confirm"):
            move_status(
                actor=staff,
                cca_id=cca.pk,
                to=Status.CONFIRMED,
                expected_version=cca.version,
                as_of=clock,
            )
        else:
            enr.record_progress(
                actor=staff, cca_id=cca.pk, expected_version=cca.version, percent="75", as_of=clock
            )
    except DomainError:
        pass


@settings(
    max_examples=int(os.environ.get("SEATS_PROPERTY_EXAMPLES", "60")) // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@pytest.mark.django_db
def test_bulk_applies_keep_the_history_trustworthy(data: st.DataObject) -> None:
    with transaction.atomic():
        world = build_world()
        ids = [c.pk for c in _ccas(world)]
        clock = SUBMITTED
        for _ in range(data.draw(st.integers(2, 6), label="steps")):
            clock += timedelta(days=data.draw(st.sampled_from([0, 7, 35, 120, 300]), label="days"))
            step = _bulk_step if data.draw(st.integers(0, 3), label="kind") else _service_step
            step(world, ids, clock, data)
            for pk in ids:
                check_history(pk)
        transaction.set_rollback(True)


# --- PostgreSQL: a bulk apply racing per-row writers -------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_bulk_apply_racing_per_row_writers_loses_nothing():
    world = build_world()
    ccas = [confirmed(world, offering=make_offering(world)) for _ in range(12)]
    staff = world.actor(Role.PROVIDER_STAFF)
    day = date(2025, 11, 3)
    rows = [{"action": "grade_progress", "cca_id": c.pk, "percent": "80"} for c in ccas]
    rows.reverse()  # file order is not lock order: the service locks by id

    def bulk() -> Any:
        return run(world, csv_bytes(rows), as_of=day)

    def single(cca: CCA) -> Callable[[], Any]:
        return lambda: enr.send_intent_to_withdraw(
            actor=staff, cca_id=cca.pk, expected_version=cca.version, as_of=day
        )

    results = race([bulk, *(single(c) for c in ccas[::3])])
    kind, report = results[0]
    assert kind == "ok" and report.ok and report.written, report
    for kind, value in results[1:]:
        assert kind == "ok" or isinstance(value, Conflict), repr(value)
    for cca in ccas:
        entries = check_history(cca.pk)
        assert "grade_progress" in [e.action for e in entries]
    singles_ok = sum(1 for kind, _ in results[1:] if kind == "ok")
    assert CCAHistory.objects.filter(action="intent_to_withdraw").count() == singles_ok
