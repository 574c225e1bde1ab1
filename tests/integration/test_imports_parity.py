"""The bulk path and the per-row services agree: for the same change on twin CCAs they change the
same columns to the same values, write the same history entry and queue the same notices; for a
refused change they give the same message. This is what "shares the rules" means in practice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from seats.core.models import CCA, CCAHistory, Notice
from seats.core.services import enrollment as enr
from seats.core.services.lifecycle import columns_of, move_status
from seats.domain.errors import DomainError
from seats.domain.roles import Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import administratively_withdrawn, confirmed, ready_to_confirm
from tests.factories import SUBMITTED, World, build_world, make_offering
from tests.integration.test_imports import csv_bytes, run

pytestmark = pytest.mark.django_db

#: Columns that differ between twins by construction (keys, clocks).
_TWIN_COLUMNS = {"id", "offering_id", "created_at", "updated_at", "status_changed_at"}

Stage = Callable[..., CCA]
Service = Callable[[World, CCA, date], Any]


def _enrolled(world: World, **kw: Any) -> CCA:
    return world.enrolled(**kw)


def _pending(world: World, **kw: Any) -> CCA:
    world.register()
    return world.submit(**kw)


def _passed(world: World, **kw: Any) -> CCA:
    cca = confirmed(world, **kw)
    return move_status(
        actor=world.actor(Role.PROVIDER_STAFF),
        cca_id=cca.pk,
        to=Status.PASS_ALL_COMPLETE,
        expected_version=cca.version,
        final_grade="B",
        as_of=date(2026, 1, 20),
    )


def _staff(world: World):  # type: ignore[no-untyped-def]
    return world.actor(Role.PROVIDER_STAFF)


def _move(to: Status, **kw: Any) -> Service:
    def call(world: World, cca: CCA, as_of: date) -> Any:
        return move_status(
            actor=_staff(world),
            cca_id=cca.pk,
            to=to,
            expected_version=cca.version,
            as_of=as_of,
            **kw,
        )

    return call


def _service(function: Callable[..., Any], **kw: Any) -> Service:
    def call(world: World, cca: CCA, as_of: date) -> Any:
        extra = dict(kw)
        if "teacher_id" in extra:
            extra["teacher_id"] = world.teacher.pk
        if function in (enr.set_teacher_of_record, enr.issue_transcript):
            return function(
                actor=_staff(world), cca_id=cca.pk, expected_version=cca.version, **extra
            )
        return function(
            actor=_staff(world), cca_id=cca.pk, expected_version=cca.version, as_of=as_of, **extra
        )

    return call


CENSUS = date(2025, 10, 7)
LATER = date(2025, 11, 20)
#: (name, stage, as_of, per-row service call, the same change as a file row)
SCENARIOS: list[tuple[str, Stage, date, Service, dict[str, Any]]] = [
    (
        "course start",
        _enrolled,
        SUBMITTED,
        _service(enr.set_course_start, start=date(2025, 9, 8)),
        {"action": "course_start", "course_start_date": "2025-09-08"},
    ),
    (
        "course start twice",
        ready_to_confirm,
        SUBMITTED,
        _service(enr.set_course_start, start=date(2025, 9, 15)),
        {"action": "course_start", "course_start_date": "2025-09-15"},
    ),
    (
        "course start outside the year",
        _enrolled,
        SUBMITTED,
        _service(enr.set_course_start, start=date(2027, 9, 8)),
        {"action": "course_start", "course_start_date": "2027-09-08"},
    ),
    (
        "teacher of record",
        _enrolled,
        SUBMITTED,
        _service(enr.set_teacher_of_record, teacher_id=0),
        {"action": "teacher_of_record", "teacher_cactus_id": "C1000"},
    ),
    (
        "confirm",
        ready_to_confirm,
        CENSUS,
        _move(Status.CONFIRMED),
        {"action": "status_move", "to_status": "confirmed"},
    ),
    (
        "confirm before census",
        ready_to_confirm,
        CENSUS - timedelta(days=1),
        _move(Status.CONFIRMED),
        {"action": "status_move", "to_status": "confirmed"},
    ),
    (
        "not confirmed closed",
        ready_to_confirm,
        CENSUS,
        _move(Status.NOT_CONFIRMED_CLOSED),
        {"action": "status_move", "to_status": "not_confirmed_closed"},
    ),
    (
        "pass all complete",
        confirmed,
        date(2026, 1, 20),
        _move(Status.PASS_ALL_COMPLETE, final_grade="A", completion_date=date(2026, 1, 12)),
        {"action": "final_grade", "final_grade": "a", "completion_date": "2026-01-12"},
    ),
    (
        "completion after today",
        confirmed,
        date(2026, 1, 20),
        _move(Status.PASS_ALL_COMPLETE, final_grade="A", completion_date=date(2026, 2, 12)),
        {"action": "final_grade", "final_grade": "A", "completion_date": "2026-02-12"},
    ),
    (
        "administrative withdrawal without notice",
        confirmed,
        LATER,
        _move(Status.ADMINISTRATIVE_WITHDRAWAL),
        {"action": "status_move", "to_status": "administrative_withdrawal"},
    ),
    (
        "reactivation is the state's",
        administratively_withdrawn,
        LATER + timedelta(days=30),
        _move(Status.CONFIRMED, reason="back"),
        {"action": "status_move", "to_status": "confirmed", "reason": "back"},
    ),
    (
        "grade progress",
        confirmed,
        LATER,
        _service(enr.record_progress, percent="88.456", letter="b+", last_activity=LATER),
        {
            "action": "grade_progress",
            "percent": "88.456",
            "letter": "b+",
            "last_activity": "2025-11-20",
        },
    ),
    (
        "grade progress bad letter",
        confirmed,
        LATER,
        _service(enr.record_progress, letter="Q"),
        {"action": "grade_progress", "letter": "Q"},
    ),
    (
        "grade progress too early",
        _pending,
        SUBMITTED,
        _service(enr.record_progress, percent="50"),
        {"action": "grade_progress", "percent": "50"},
    ),
    (
        "flag at risk",
        confirmed,
        LATER,
        _service(enr.set_at_risk, at_risk=True, reason="quiet"),
        {"action": "grade_progress", "at_risk": "true", "reason": "quiet"},
    ),
    (
        "intent to withdraw",
        confirmed,
        LATER,
        _service(enr.send_intent_to_withdraw, reason="inactive"),
        {"action": "intent_to_withdraw", "reason": "inactive"},
    ),
    (
        "intent to withdraw too early",
        ready_to_confirm,
        SUBMITTED,
        _service(enr.send_intent_to_withdraw),
        {"action": "intent_to_withdraw"},
    ),
    (
        "transcript",
        _passed,
        date(2026, 1, 20),
        _service(enr.issue_transcript),
        {"action": "transcript"},
    ),
    (
        "transcript before closeout",
        confirmed,
        LATER,
        _service(enr.issue_transcript),
        {"action": "transcript"},
    ),
]


#: Scenarios the rules refuse (the others succeed), so both kinds are really compared.
REFUSED = {
    "course start twice",
    "course start outside the year",
    "confirm before census",
    "completion after today",
    "administrative withdrawal without notice",
    "reactivation is the state's",
    "grade progress bad letter",
    "grade progress too early",
    "intent to withdraw too early",
    "transcript before closeout",
}


def _new_entries(cca: CCA, after: int) -> list[tuple[Any, ...]]:
    return [
        (e.action, e.from_status, e.to_status, e.reason, e.document_ref, e.details, e.actor_role)
        for e in CCAHistory.objects.filter(cca=cca, seq__gt=after).order_by("seq")
    ]


def _new_notices(cca: CCA, before: set[int]) -> list[tuple[str, str]]:
    rows = Notice.objects.filter(cca=cca).exclude(pk__in=before)
    return sorted(rows.values_list("kind", "audience"))


def _changes(before: dict[str, Any], cca: CCA) -> dict[str, Any]:
    after = columns_of(CCA.objects.get(pk=cca.pk))
    return {k: v for k, v in after.items() if before[k] != v and k not in _TWIN_COLUMNS}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_bulk_and_service_agree(scenario):
    name, stage, as_of, service, row = scenario
    world = build_world()
    twins = [stage(world, offering=make_offering(world)) for _ in range(2)]
    twins = [CCA.objects.get(pk=c.pk) for c in twins]
    before = [columns_of(c) for c in twins]
    notices = [set(Notice.objects.filter(cca=c).values_list("pk", flat=True)) for c in twins]
    # Transcript and transcript-like actions default to "today": pin it for both paths.
    try:
        if row["action"] == "transcript":
            service = _service(enr.issue_transcript, issued_on=as_of)
        service(world, twins[0], as_of)
        service_error = None
    except DomainError as exc:
        service_error = exc.message
    report = run(world, csv_bytes([{**row, "cca_id": twins[1].pk}]), as_of=as_of)
    bulk_error = report.rows[0].problems[0].message if report.rows[0].problems else None
    assert bulk_error == service_error
    assert (service_error is not None) == (name in REFUSED), service_error
    assert _changes(before[1], twins[1]) == _changes(before[0], twins[0])
    assert _new_entries(twins[1], twins[1].version) == _new_entries(twins[0], twins[0].version)
    assert _new_notices(twins[1], notices[1]) == _new_notices(twins[0], notices[0])
    if service_error is None:
        assert _new_entries(twins[1], twins[1].version), "the change was recorded"
