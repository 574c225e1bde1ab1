"""The service refuses exactly what the status form does not offer (issue 9): on stored CCAs
(Enrollment Complete, Confirmed at 0.5 and at 1.0 credit) and on any day of the school year,
``move_status``'s checks (``preview_move``, the same ``plan_move``) accept a move for the values
a person typed only if ``offered_moves_for`` offers it, and accept every offered move with the
values it found. ``preview_move`` writes nothing, so the examples share the stored CCAs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seats.core.models import CCA
from seats.core.services.offers import offered_moves_for, preview_move
from seats.domain.errors import DomainError
from seats.domain.lifecycle import moves_from
from seats.domain.roles import Party, Role
from seats.domain.statuses import Status
from tests.core.helpers_lifecycle import confirmed, ready_to_confirm
from tests.factories import build_world, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    world = build_world()
    ccas = [
        ready_to_confirm(world),
        confirmed(world, offering=world.offering_full_credit),
    ]
    ccas.append(confirmed(world, student=_second_student(world)))
    return world, ccas


def _second_student(world):
    student = make_student(world, ssid="9000001")
    world.register(student)
    return student


def _accepted(world, cca: CCA, target: Status, as_of: date, **typed) -> bool:
    try:
        preview_move(
            actor=world.actor(Role.PROVIDER_STAFF),
            cca_id=cca.pk,
            to=target,
            expected_version=cca.version,
            as_of=as_of,
            **typed,
        )
    except DomainError:
        return False
    return True


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    which=st.integers(0, 2),
    as_of=st.dates(date(2025, 9, 2), date(2026, 9, 30)),
    grade=st.sampled_from(["", "A", "F", "I"]),
    withdrawn=st.none() | st.dates(date(2025, 9, 1), date(2026, 9, 30)),
    document=st.sampled_from(["", "letter.pdf"]),
)
def test_the_service_accepts_only_what_the_form_offers(
    stored, which, as_of, grade, withdrawn, document
) -> None:
    world, ccas = stored
    cca = ccas[which]
    offer = offered_moves_for(cca, party=Party.PROVIDER, as_of=as_of)
    offered = {o.move.target: o.witness for o in offer.offered}
    typed = dict(
        final_grade=grade,
        document_ref=document,
        withdrawal_date=withdrawn if withdrawn and withdrawn <= as_of else None,
    )
    for move in moves_from(Status(cca.status), Party.PROVIDER):
        if move.target in offered:
            w = offered[move.target]
            assert _accepted(
                world,
                cca,
                move.target,
                as_of,
                final_grade=w.final_grade or "",
                document_ref=w.document_ref,
                completion_date=w.completion_date,
                withdrawal_date=w.withdrawal_date,
                reason=w.reason,
            ), move.name
        else:
            assert not _accepted(world, cca, move.target, as_of, **typed), move.name
