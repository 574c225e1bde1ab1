"""Whose turn it is (seats.domain.turn): every status x side x recorded decision."""

from __future__ import annotations

import itertools

import pytest

from seats.domain.statuses import TERMINAL, Status
from seats.domain.turn import PHRASES, YOURS, Side, TurnFacts, is_yours, whose_turn

DECISIONS = ("", "approved")
FLAGS = (False, True)


def every_fact() -> list[TurnFacts]:
    combos = itertools.product(Status, DECISIONS, DECISIONS, FLAGS, FLAGS, FLAGS, FLAGS)
    return [TurnFacts(*combo) for combo in combos]


@pytest.mark.parametrize("side", list(Side))
def test_every_status_and_side_has_a_phrase(side: Side) -> None:
    for facts in every_fact():
        key = whose_turn(facts, side)
        assert key in PHRASES, (facts, side)
        assert PHRASES[key].strip()


def test_every_phrase_is_reachable_and_yours_are_phrases() -> None:
    reached = {whose_turn(f, s) for f in every_fact() for s in Side}
    assert reached == set(PHRASES)
    assert set(PHRASES) >= YOURS


def test_a_request_the_lea_approved_is_never_waiting_for_the_lea() -> None:
    for facts in every_fact():
        if facts.status is Status.PENDING_EXECUTION and facts.lea_decision == "approved":
            key = whose_turn(facts, Side.LEA)
            assert not is_yours(key), facts
            assert "lea" not in key.rpartition("waiting_for")[2], (facts, key)


def test_a_request_the_provider_accepted_is_never_waiting_for_the_provider() -> None:
    for facts in every_fact():
        if facts.status is Status.PENDING_EXECUTION and facts.provider_decision == "approved":
            assert not is_yours(whose_turn(facts, Side.PROVIDER)), facts


def test_pending_execution_phrases() -> None:
    fresh = TurnFacts(Status.PENDING_EXECUTION, registration_complete=True)
    approved = TurnFacts(Status.PENDING_EXECUTION, lea_decision="approved")
    accepted = TurnFacts(
        Status.PENDING_EXECUTION, provider_decision="approved", registration_complete=True
    )
    assert whose_turn(fresh, Side.LEA) == "waiting_for_you"
    assert whose_turn(fresh, Side.PROVIDER) == "waiting_for_you"
    assert whose_turn(fresh, Side.COUNSELOR) == "waiting_for_your_review"
    assert whose_turn(fresh, Side.FAMILY) == "waiting_for_lea_and_provider"
    assert whose_turn(fresh, Side.STATE) == "waiting_for_lea_and_provider"
    assert whose_turn(approved, Side.LEA) == "approved_by_you_waiting_for_provider"
    assert whose_turn(approved, Side.PROVIDER) == "approved_by_lea_waiting_for_registration"
    assert whose_turn(approved, Side.FAMILY) == "approved_by_lea_waiting_for_your_registration"
    registered = TurnFacts(Status.PENDING_EXECUTION, "approved", registration_complete=True)
    assert whose_turn(registered, Side.PROVIDER) == "approved_by_lea_waiting_for_you"
    assert whose_turn(registered, Side.FAMILY) == "approved_by_lea_waiting_for_provider"
    assert whose_turn(registered, Side.COUNSELOR) == "approved_by_lea_waiting_for_provider"
    assert PHRASES["approved_by_lea_waiting_for_provider"].endswith("waiting for the provider")
    assert whose_turn(accepted, Side.LEA) == "accepted_by_provider_waiting_for_you"
    assert whose_turn(accepted, Side.PROVIDER) == "accepted_by_you_waiting_for_lea"
    assert whose_turn(accepted, Side.FAMILY) == "accepted_by_provider_waiting_for_lea"
    reviewed = TurnFacts(Status.PENDING_EXECUTION, reviewed=True)
    assert whose_turn(reviewed, Side.COUNSELOR) == "reviewed_waiting_for_lea_and_provider"
    both = TurnFacts(Status.PENDING_EXECUTION, "approved", "approved", True)
    assert {whose_turn(both, s) for s in Side} == {"waiting_for_notice"}


def test_after_the_notice_the_provider_acts() -> None:
    for status in (Status.ENROLLMENT_COMPLETE, Status.CONFIRMED, Status.ANTICIPATED_LATE_PASS):
        facts = TurnFacts(status, "approved", "approved", True)
        assert is_yours(whose_turn(facts, Side.PROVIDER))
        for side in set(Side) - {Side.PROVIDER}:
            assert not is_yours(whose_turn(facts, side)), (status, side)


def test_closed_requests_ask_nobody_but_the_transcript_and_the_correction() -> None:
    for facts in every_fact():
        if facts.status not in TERMINAL:
            continue
        keys = {s: whose_turn(facts, s) for s in Side}
        mine = {s for s, k in keys.items() if is_yours(k)}
        if facts.status is Status.NOT_CONFIRMED_CLOSED and facts.correction_requested:
            assert mine == {Side.STATE}
        elif keys[Side.PROVIDER] == "you_issue_transcript":
            assert mine == {Side.PROVIDER} and not facts.transcript_issued
        else:
            assert set(keys.values()) == {"closed"}, facts


def test_the_lea_cancellation_right_is_never_the_lea_s_turn() -> None:
    facts = TurnFacts(Status.ENROLLMENT_COMPLETE, "", "approved", True)
    assert whose_turn(facts, Side.LEA) == "waiting_for_provider_confirmation"


# The session in words, and whether a deadline is a duty or a right ------------------------------


def test_the_session_is_written_for_a_family() -> None:
    from seats.domain.catalog import Session, session_text

    assert str(session_text("S2", 2026)) == "Semester 2, 2026-27"
    assert str(session_text("s1", 2025)) == "Semester 1, 2025-26"
    assert str(session_text("Q3", 2099)) == "Quarter 3, 2099-00"
    for session in Session:
        words = session_text(session.value, 2025)
        assert session.value not in str(words) and "%(" in words.template
    assert str(session_text("FY", 2025)) == "FY, 2025-26"  # unknown codes stay readable


def test_a_right_is_never_overdue_and_a_duty_is() -> None:
    from datetime import date

    from seats.domain.deadlines import OPTIONAL_RIGHTS, Standing, standing

    due, before, after = date(2025, 9, 11), date(2025, 9, 10), date(2025, 9, 12)
    for key in OPTIONAL_RIGHTS:
        assert standing(key, due, before, open_work=True) == Standing.MAY
        assert standing(key, due, due, open_work=True) == Standing.MAY
        assert standing(key, due, after, open_work=True) == Standing.LAPSED
        assert standing(key, due, after, open_work=False) == Standing.DONE
    for key in ("lea_decision_due", "provider_decision_due", "confirmation_due"):
        assert standing(key, due, due, open_work=True) == Standing.OPEN
        assert standing(key, due, after, open_work=True) == Standing.OVERDUE
        assert standing(key, due, after, open_work=False) == Standing.DONE
