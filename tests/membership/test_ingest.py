"""Engagement evidence in: teacher entry, CSV-like rows and LMS batches (issue 13)."""

from __future__ import annotations

import pytest

from seats.domain.errors import Conflict, InvalidInput, NotPermitted
from seats.domain.roles import Role
from seats.membership.models import EngagementEvent
from seats.membership.services.events import BatchRejected, ingest, record_event
from seats.membership.services.programs import enroll, exit_enrollment

from .helpers import ENTRY, SYSTEM, build_scene, nth, row

AS_OF = nth(60)


@pytest.fixture
def scene(db):
    return build_scene()


def _lms(scene, rows, **kw):
    return ingest(
        actor=kw.pop("actor", scene.clerk),
        lea_id=scene.world.lea.pk,
        rows=rows,
        source="lms",
        source_system="canvas",
        as_of=AS_OF,
        **kw,
    )


def test_the_same_lms_batch_twice_adds_nothing(scene) -> None:
    batch = [row(scene.enrollment, nth(i), f"ev-{i}") for i in range(1, 30)]
    first = _lms(scene, batch)
    assert (first.added, first.duplicates) == (29, 0)
    again = _lms(scene, batch)
    assert (again.added, again.duplicates) == (0, 29)
    assert EngagementEvent.objects.count() == 29
    # a batch repeating an id inside itself with the same values counts it once
    third = _lms(scene, [row(scene.enrollment, nth(31), "x"), row(scene.enrollment, nth(31), "x")])
    assert (third.added, third.duplicates) == (1, 1)


def test_another_lms_may_use_the_same_ids(scene) -> None:
    batch = [row(scene.enrollment, nth(1), "ev-1")]
    _lms(scene, batch)
    other = ingest(
        actor=scene.clerk,
        lea_id=scene.world.lea.pk,
        rows=batch,
        source="lms",
        source_system="schoology",
        as_of=AS_OF,
    )
    assert other.added == 1


def test_one_bad_row_writes_nothing_and_every_row_is_named(scene) -> None:
    good = row(scene.enrollment, nth(2), "ok-1")
    rows = [
        good,
        {**good, "external_id": "b1", "date": "2026-13-01"},
        {**good, "external_id": "b2", "kind": "login"},
        {**good, "external_id": "b3", "ssid": "9999999"},
        {**good, "external_id": "b4", "program": "NOPE"},
        {**good, "external_id": "b5", "date": "2026-08-01"},  # before the entry date
        {**good, "external_id": "b6", "kind": "in_person"},  # not evidence online
        {**good, "external_id": "b7", "minutes": "ten"},
        {**good, "external_id": "ok-1", "date": nth(3).isoformat()},  # same id, other values
        {**good, "external_id": ""},  # an LMS must send its own id
        {**good, "external_id": "b9", "date": nth(150).isoformat()},  # in the future
        ["not", "an", "object"],
        {**good, "external_id": "b10", "ssid": 12.5},
    ]
    with pytest.raises(BatchRejected) as caught:
        _lms(scene, rows)
    problems = caught.value.problems
    fields = ["date", "kind", "ssid", "program", "date", "kind", "minutes", "external_id"]
    fields += ["external_id", "date", "row", "ssid"]
    expected = [f"item {i}, {field}" for i, field in enumerate(fields, start=1)]
    assert [p.split(":")[0] for p in problems] == expected
    assert "Nothing was recorded" in caught.value.message
    assert EngagementEvent.objects.count() == 0


def test_a_hundred_thousand_rows_of_garbage(scene) -> None:
    rows = [{"ssid": i, "date": "yesterday", "kind": None} for i in range(100_000)]
    with pytest.raises(BatchRejected) as caught:
        _lms(scene, rows)
    assert len(caught.value.problems) >= 100_000
    assert "(and " in caught.value.message and len(caught.value.message) < 20_000
    assert EngagementEvent.objects.count() == 0
    with pytest.raises(InvalidInput, match="at most 100000"):
        _lms(scene, [*rows, {}])
    with pytest.raises(InvalidInput, match="list of rows"):
        _lms(scene, "ssid,date")


def test_teacher_entry_and_scope(scene) -> None:
    result = record_event(
        actor=scene.teacher,
        enrollment_id=scene.enrollment.pk,
        on=nth(4),
        kind="conference",
        as_of=AS_OF,
    )
    assert result.added == 1
    twice = record_event(
        actor=scene.teacher,
        enrollment_id=scene.enrollment.pk,
        on=nth(4),
        kind="conference",
        as_of=AS_OF,
    )  # a second click records nothing: the row's content is its identity
    assert (twice.added, twice.duplicates) == (0, 1)
    event = EngagementEvent.objects.get()
    assert (event.source, event.recorded_by, event.recorded_by_role) == (
        "teacher",
        scene.teacher.user,
        "teacher",
    )
    for role in (Role.STATE_ADMIN, Role.AUDITOR, Role.COUNSELOR, Role.PROVIDER_STAFF):
        with pytest.raises(NotPermitted):
            record_event(
                actor=scene.world.actor(role),
                enrollment_id=scene.enrollment.pk,
                on=nth(4),
                kind="conference",
                as_of=AS_OF,
            )


def test_home_hospital_needs_minutes(scene) -> None:
    hh = enroll(
        actor=SYSTEM,
        program_id=scene.home_hospital.pk,
        student_id=scene.world.student.pk,
        entry_on=ENTRY,
    )
    with pytest.raises(BatchRejected, match="needs its minutes"):
        record_event(
            actor=SYSTEM, enrollment_id=hh.pk, on=nth(2), kind="direct_instruction", as_of=AS_OF
        )
    record_event(
        actor=SYSTEM,
        enrollment_id=hh.pk,
        on=nth(2),
        kind="direct_instruction",
        minutes=60,
        as_of=AS_OF,
    )
    assert EngagementEvent.objects.get().minutes == 60


def test_enrollments_do_not_overlap_and_exit_keeps_evidence_inside(scene) -> None:
    with pytest.raises(Conflict):
        enroll(
            actor=SYSTEM,
            program_id=scene.online.pk,
            student_id=scene.world.student.pk,
            entry_on=nth(5),
        )
    record_event(
        actor=SYSTEM, enrollment_id=scene.enrollment.pk, on=nth(9), kind="assignment", as_of=AS_OF
    )
    with pytest.raises(Conflict, match="after that exit date"):
        exit_enrollment(actor=SYSTEM, enrollment_id=scene.enrollment.pk, exit_on=nth(8))
    exit_enrollment(actor=SYSTEM, enrollment_id=scene.enrollment.pk, exit_on=nth(9))
    with pytest.raises(BatchRejected, match="not enrolled"):
        record_event(
            actor=SYSTEM,
            enrollment_id=scene.enrollment.pk,
            on=nth(10),
            kind="assignment",
            as_of=AS_OF,
        )
    with pytest.raises(NotPermitted):
        exit_enrollment(
            actor=scene.world.actor(Role.STATE_SPECIALIST),
            enrollment_id=scene.enrollment.pk,
            exit_on=nth(9),
        )
