"""Helpers for the trust-building service tests: reaching a lifecycle stage through the services,
taking a snapshot of everything a call may write, and checking the history invariants of
SPEC 3.2 / 3.4 on a stored CCA.

Everything here goes through the services (or reads the database); nothing fakes a state.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from seats.core.models import (
    CCA,
    CCAHistory,
    CourseOffering,
    Notice,
    Organisation,
    TeacherOfRecord,
)
from seats.core.services.actors import Actor
from seats.core.services.enrollment import (
    request_correction,
    send_intent_to_withdraw,
    set_course_start,
    set_teacher_of_record,
)
from seats.core.services.lifecycle import move_status
from seats.core.services.requests import submit_request
from seats.core.services.sweep import run_sweep
from seats.domain.errors import DomainError
from seats.domain.lifecycle import MOVES
from seats.domain.roles import Party, Role
from seats.domain.statuses import PAID_THROUGH_CONFIRMED, STATUS_INFO, Status, credit_earned, rank
from tests.factories import SUBMITTED, SY, World, make_offering, user_with

#: A course start a week after submission; its Day of Census falls in early October.
COURSE_START = date(2025, 9, 8)
#: History actions that may lower the rank: the state's corrections (lifecycle table).
CORRECTION_ACTIONS = frozenset(m.name for m in MOVES if m.correction)
STATE_ROLES = frozenset({Role.STATE_SPECIALIST.value, Role.STATE_ADMIN.value})


@dataclass(frozen=True)
class Snapshot:
    """Row counts (and one CCA's version) before a call, to prove a refused call wrote nothing."""

    ccas: int
    history: int
    notices: int
    version: int | None

    @classmethod
    def take(cls, cca: CCA | None = None) -> Snapshot:
        version = None
        if cca is not None:
            version = CCA.objects.values_list("version", flat=True).get(pk=cca.pk)
        return cls(
            ccas=CCA.objects.count(),
            history=CCAHistory.objects.count(),
            notices=Notice.objects.count(),
            version=version,
        )


def assert_nothing_written(before: Snapshot, cca: CCA | None = None) -> None:
    after = Snapshot.take(cca)
    assert after == before, f"a refused call wrote something: {before} -> {after}"


def provider_actor(world: World) -> Actor:
    return world.actor(Role.PROVIDER_STAFF)


def other_provider(world: World) -> tuple[Organisation, Actor, TeacherOfRecord]:
    """A second provider (another organisation) with its own staff member and teacher."""
    org = Organisation.objects.create(
        kind="provider", code="PRV9", name="Elsewhere Online", provider_category="certified"
    )
    teacher = TeacherOfRecord.objects.create(
        provider=org, first_name="Olga", last_name="Other", cactus_id="C9999"
    )
    return org, user_with(Role.PROVIDER_STAFF, org, "other-provider"), teacher


def with_start_and_tor(world: World, cca: CCA, start: date = COURSE_START) -> CCA:
    """The provider enters the course start date and the teacher of record."""
    cca.refresh_from_db()
    cca = set_course_start(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        start=start,
        as_of=SUBMITTED,
    )
    cca = set_teacher_of_record(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        teacher_id=world.teacher.pk,
    )
    cca.refresh_from_db()
    return cca


def ready_to_confirm(world: World, **submit: object) -> CCA:
    """Enrollment Complete with a course start date and TOR (the student has an SSID)."""
    return with_start_and_tor(world, world.enrolled(**submit))


def confirmed(world: World, **submit: object) -> CCA:
    """A CCA the provider confirmed on its Day of Census."""
    cca = ready_to_confirm(world, **submit)
    assert cca.census_date is not None
    cca = move_status(
        actor=provider_actor(world),
        cca_id=cca.pk,
        to=Status.CONFIRMED,
        expected_version=cca.version,
        as_of=cca.census_date,
    )
    cca.refresh_from_db()
    return cca


def not_confirmed_closed(world: World, **submit: object) -> CCA:
    """Closed on the Day of Census as Not Confirmed; the provider asks for a correction the
    same day (within its 3 business days)."""
    cca = ready_to_confirm(world, **submit)
    day = cca.census_date
    assert day is not None
    cca = move_status(
        actor=provider_actor(world),
        cca_id=cca.pk,
        to=Status.NOT_CONFIRMED_CLOSED,
        expected_version=cca.version,
        as_of=day,
    )
    cca = request_correction(
        actor=provider_actor(world),
        cca_id=cca.pk,
        expected_version=cca.version,
        reason="the student was active; closed by mistake",
        as_of=day,
    )
    cca.refresh_from_db()
    return cca


def administratively_withdrawn(world: World, **submit: object) -> CCA:
    """Confirmed, inactive, notice of intent sent, then Administrative Withdrawal."""
    cca = confirmed(world, **submit)
    day = cca.confirmation_date + timedelta(days=21)
    cca = send_intent_to_withdraw(
        actor=provider_actor(world), cca_id=cca.pk, expected_version=cca.version, as_of=day
    )
    cca = move_status(
        actor=provider_actor(world),
        cca_id=cca.pk,
        to=Status.ADMINISTRATIVE_WITHDRAWAL,
        expected_version=cca.version,
        as_of=day + timedelta(days=7),
    )
    cca.refresh_from_db()
    return cca


# --- refusals: expect the error, prove nothing was written ---------------------------------


def refused(error: type[DomainError], call: Any, cca: CCA | None = None, **kw: Any) -> DomainError:
    """Run ``call(**kw)``, expect ``error``, and prove nothing was written."""
    before = Snapshot.take(cca)
    with pytest.raises(error) as caught:
        call(**kw)
    assert_nothing_written(before, cca)
    return caught.value


def on_cca(error: type[DomainError], call: Any, cca: CCA, actor: Actor, **kw: Any) -> DomainError:
    """A refused call on ``cca`` at its current version."""
    return refused(error, call, cca, actor=actor, cca_id=cca.pk, expected_version=cca.version, **kw)


def move(error: type[DomainError], world: World, cca: CCA, to: object, **kw: Any) -> DomainError:
    """A refused status move by the CCA's own provider (unless ``actor`` is given)."""
    actor = kw.pop("actor", provider_actor(world))
    return on_cca(error, move_status, cca, actor, to=to, **kw)


def submission(world: World, **overrides: object) -> dict[str, Any]:
    values: dict[str, Any] = dict(
        actor=world.actor(Role.COUNSELOR),
        student_id=world.student.pk,
        offering_id=world.offering.pk,
        school_year=SY,
        session="S1",
        as_of=SUBMITTED,
    )
    return values | overrides


def state_issued_notice(world: World) -> CCA:
    """Provider accepts, the LEA stays silent, and the sweep issues the notice."""
    world.register()
    cca = world.accept(world.submit())
    assert cca.status == Status.PENDING_EXECUTION
    assert run_sweep(as_of=cca.lea_decision_due + timedelta(days=1)).notices_of_enrollment == 1
    cca.refresh_from_db()
    assert cca.status == Status.ENROLLMENT_COMPLETE and cca.noe_basis == "lea_window_expired"
    return cca


def six_credits(world: World) -> CourseOffering:
    """Six 1.0-credit requests accepted this year; returns a seventh 1.0-credit offering."""
    for _ in range(6):
        offering = make_offering(world, credit=Decimal("1.0"))
        cca = submit_request(**submission(world, offering_id=offering.pk))
        assert cca.status == Status.PENDING_EXECUTION
    return make_offering(world, credit=Decimal("1.0"))


# --- history invariants ------------------------------------------------------------------------


def history_of(cca_id: int) -> list[CCAHistory]:
    return list(CCAHistory.objects.filter(cca_id=cca_id).order_by("seq"))


def check_history(cca_id: int) -> list[CCAHistory]:
    """Assert every invariant of one CCA's stored history; return the history.

    (a) rank never falls except by a state correction, (b) payment statuses only after an entry
    to Confirmed, (c) seq 1..n without gaps and n == version, (d) each entry starts where the
    previous one ended, (e) the CCA's status is the last entry's, plus the credit earned of a
    terminal status and the final grade of a grade closeout.
    """
    cca = CCA.objects.get(pk=cca_id)
    entries = history_of(cca_id)
    assert entries, f"CCA {cca_id} has no history"
    seqs = [e.seq for e in entries]
    assert seqs == list(range(1, len(entries) + 1)), f"history seqs have gaps/doubles: {seqs}"
    assert len(entries) == cca.version, f"version {cca.version} but {len(entries)} entries"
    first = entries[0]
    assert (first.action, first.from_status, first.to_status) == (
        "submit",
        "",
        Status.PENDING_EXECUTION.value,
    ), f"first entry is not the submission: {first.action} {first.from_status}->{first.to_status}"
    confirmed_seen = False
    for previous, entry in itertools.pairwise(entries):
        assert entry.from_status == previous.to_status, (
            f"entry {entry.seq} ({entry.action}) starts at {entry.from_status!r}, "
            f"entry {previous.seq} ended at {previous.to_status!r}"
        )
        assert entry.at >= previous.at, f"entry {entry.seq} is earlier than entry {previous.seq}"
        _check_rank(entry)
        if entry.to_status == Status.CONFIRMED.value:
            confirmed_seen = True
        if Status(entry.to_status) in PAID_THROUGH_CONFIRMED:
            assert confirmed_seen, (
                f"entry {entry.seq} reached {entry.to_status} with no earlier entry to confirmed"
            )
    assert cca.status == entries[-1].to_status, (
        f"CCA is {cca.status} but the last history entry ends at {entries[-1].to_status}"
    )
    _check_closeout_fields(cca)
    return entries


def _check_rank(entry: CCAHistory) -> None:
    source, target = Status(entry.from_status), Status(entry.to_status)
    if rank(target) >= rank(source):
        return
    assert entry.action in CORRECTION_ACTIONS, (
        f"entry {entry.seq} ({entry.action}) moved back from {source} to {target}"
    )
    assert entry.actor_role in STATE_ROLES, (
        f"correction entry {entry.seq} was made by {entry.actor_role}, not the state"
    )
    assert entry.corrects_id is not None, f"correction entry {entry.seq} points at nothing"


def _check_closeout_fields(cca: CCA) -> None:
    status = Status(cca.status)
    if STATUS_INFO[status].terminal:
        expected = credit_earned(status, float(cca.credit_attempted))
        actual = None if cca.credit_earned is None else float(cca.credit_earned)
        assert actual == expected, f"{status}: credit earned {actual}, expected {expected}"
    if STATUS_INFO[status].final_grade_required:
        assert cca.final_grade, f"{status} without a final grade"
        assert cca.completion_date is not None, f"{status} without a completion date"


def is_state_party(actor: Actor) -> bool:
    return actor.party is Party.STATE
