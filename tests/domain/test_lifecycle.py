"""The CCA status machine (SPEC 3.1, 3.2): every pair of statuses for every party, every guard."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from seats.domain.errors import GuardFailed, MoveNotAllowed
from seats.domain.guards import IN_FIRST_WINDOW, IN_SECOND_WINDOW
from seats.domain.lifecycle import (
    MOVES,
    Move,
    MoveFacts,
    NoeBasis,
    check_move,
    failed_guards,
    find_move,
    mermaid,
    moves_from,
    reopened_by_state,
    statuses_reachable,
)
from seats.domain.roles import Party
from seats.domain.statuses import (
    HALF_CREDIT_ONLY,
    PAID_THROUGH_CONFIRMED,
    STATUS_INFO,
    Completion,
    Credit,
    Status,
    credit_earned,
    rank,
)
from seats.domain.windows import WithdrawalWindow

S = Status
D = date.fromisoformat

GOOD = MoveFacts(
    party=Party.PROVIDER,
    as_of=D("2026-03-02"),
    credit_attempted=Decimal("0.5"),
    has_ssid=True,
    has_teacher_of_record=True,
    course_start_date=D("2025-09-08"),
    census_day=D("2025-10-07"),
    provider_accepted=True,
    lea_approved=True,
    lea_decision_due=D("2025-08-28"),
    noe_basis=NoeBasis.LEA_WINDOW_EXPIRED,
    lea_cancellation_due=D("2026-03-05"),
    intent_to_withdraw_sent=D("2026-02-20"),
    not_confirmed_closed_on=D("2025-10-20"),
    correction_requested_on=D("2025-10-21"),
    correction_request_due=D("2025-10-23"),
    final_grade="A",
    completion_date=D("2026-03-01"),
    closeout_date=D("2026-06-30"),
    document_ref="scan-2026-0042",
    reason="not_consistent_with_plan",
)
FIRST = WithdrawalWindow(
    "first", D("2025-09-08"), D("2025-10-06"), D("2025-10-07"), D("2025-10-14")
)
SECOND = WithdrawalWindow(
    "second", D("2026-01-12"), D("2026-02-09"), D("2026-02-10"), D("2026-02-17")
)
#: Guard name -> the facts under which it holds (the rest of GOOD stays).
FACTS_FOR_GUARD: dict[str, dict[str, object]] = {
    "withdrawn_in_first_window": dict(
        windows=(FIRST,), withdrawal_date=D("2025-09-20"), as_of=D("2025-10-01")
    ),
    "withdrawn_in_second_window": dict(
        credit_attempted=Decimal("1.0"),
        windows=(FIRST, SECOND),
        withdrawal_date=D("2026-01-20"),
        as_of=D("2026-02-01"),
    ),
    "withdrawn_after_window": dict(windows=(FIRST,), withdrawal_date=D("2026-02-27")),
    "anticipated_late_pass_season": dict(
        as_of=D("2026-06-10"), anticipated_late_pass_from=D("2026-06-01")
    ),
}
GRADE_FOR_GUARD = {
    "final_grade:F": "F",
    "final_grade:I or NG": "NG",
    "final_grade:a passing grade": "B-",
    "final_grade:a valid grade (A-D, P, F, I or NG)": "D",
}


def passing(move: Move, party: Party) -> MoveFacts:
    """Facts under which every guard of ``move`` holds (the grade depends on the closeout)."""
    grade = next((GRADE_FOR_GUARD[g.name] for g in move.guards if g.name in GRADE_FOR_GUARD), "A")
    facts = replace(GOOD, party=party, final_grade=grade)
    if any(g.name == "completed_after_june_30" for g in move.guards):
        facts = replace(
            facts,
            completion_date=D("2026-07-20"),
            as_of=D("2026-07-21"),
            late_pass_final_due=D("2026-08-01"),
        )
    for guard in move.guards:
        facts = replace(facts, **FACTS_FOR_GUARD.get(guard.name, {}))  # type: ignore[arg-type]
    return facts


def test_good_facts_pass_every_guard_of_every_move() -> None:
    for move in MOVES:
        assert failed_guards(move, passing(move, Party.PROVIDER)) == [], move.name


@pytest.mark.parametrize("source", list(Status))
def test_every_pair_for_every_party(source: Status) -> None:
    """Allowed iff the table has the move for that party; otherwise MoveNotAllowed with a rule
    and exactly the party's moves from ``source`` as alternatives."""
    for party in Party:
        labels = tuple(m.label for m in moves_from(source, party))
        for target in Status:
            move = find_move(source, target)
            if move is not None and party in move.by:
                assert check_move(source, target, passing(move, party)) is move
                continue
            with pytest.raises(MoveNotAllowed) as err:
                check_move(source, target, replace(GOOD, party=party))
            assert err.value.rule.strip(), (source, target, party)
            assert err.value.allowed == labels
            assert source.label in str(err.value) and target.label in str(err.value)
            if move is not None:
                assert err.value.rule == move.rule and "Only the" in str(err.value)


def test_no_party_may_do_anything_from_a_final_status() -> None:
    with pytest.raises(MoveNotAllowed, match="Allowed from here: none") as err:
        check_move(S.PASS_ALL_COMPLETE, S.CONFIRMED, GOOD)
    assert "final" in err.value.rule


@pytest.mark.parametrize(
    ("source", "target", "party", "fragment"),
    [
        (S.NOT_CONFIRMED_CLOSED, S.ENROLLMENT_COMPLETE, Party.STATE, "never returns"),
        (S.NOT_CONFIRMED_CLOSED, S.ENROLLMENT_COMPLETE, Party.PROVIDER, "never returns"),
        (S.CONFIRMED, S.LATE_PASS, Party.PROVIDER, "only from Anticipated Late Pass"),
        (S.ENROLLMENT_COMPLETE, S.LATE_PASS, Party.PROVIDER, "only from Anticipated Late Pass"),
        (S.ENROLLMENT_COMPLETE, S.PASS_ALL_COMPLETE, Party.PROVIDER, "only through Confirmed"),
        (S.PENDING_EXECUTION, S.ANTICIPATED_LATE_PASS, Party.STATE, "only through Confirmed"),
        (S.PENDING_EXECUTION, S.CONFIRMED, Party.PROVIDER, "Confirmed only from Enrollment"),
        (S.ANTICIPATED_LATE_PASS, S.PASS_ALL_COMPLETE, Party.PROVIDER, "Late Pass"),
        (S.ANTICIPATED_LATE_PASS, S.CONFIRMED, Party.PROVIDER, "never back"),
        (S.CONFIRMED, S.ENROLLMENT_COMPLETE, Party.STATE, "never back"),
        (S.CONFIRMED, S.CONFIRMED, Party.PROVIDER, "already Confirmed"),
        (S.REJECTED_BY_LEA, S.PENDING_EXECUTION, Party.STATE, "Rejected by LEA is final"),
        (S.ADMINISTRATIVE_WITHDRAWAL, S.PASS_ALL_COMPLETE, Party.STATE, "final"),
    ],
)
def test_forbidden_moves_name_the_rule(
    source: Status, target: Status, party: Party, fragment: str
) -> None:
    with pytest.raises(MoveNotAllowed) as err:
        check_move(source, target, replace(GOOD, party=party))
    assert fragment in err.value.rule
    assert fragment in str(err.value)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (S.NOT_CONFIRMED_CLOSED, S.CONFIRMED),
        (S.ADMINISTRATIVE_WITHDRAWAL, S.CONFIRMED),
        (S.ADMINISTRATIVE_WITHDRAWAL_QUARTER, S.CONFIRMED),
    ],
)
def test_only_the_state_corrects(source: Status, target: Status) -> None:
    move = find_move(source, target)
    assert move is not None and move.correction and move.by == {Party.STATE}
    with pytest.raises(MoveNotAllowed, match="Only the state") as err:
        check_move(source, target, passing(move, Party.PROVIDER))
    assert err.value.allowed == ()
    assert check_move(source, target, passing(move, Party.STATE)) is move


def _fails(source: Status, target: Status, party: Party = Party.PROVIDER, **changes: object) -> str:
    move = find_move(source, target)
    assert move is not None
    facts = replace(passing(move, party), **changes)
    with pytest.raises(GuardFailed) as err:
        check_move(source, target, facts)
    assert err.value.rule.strip()
    return str(err.value)


EC, C, ALP = S.ENROLLMENT_COMPLETE, S.CONFIRMED, S.ANTICIPATED_LATE_PASS


def test_confirmed_needs_ssid_tor_start_and_census() -> None:
    assert "SSID" in _fails(EC, C, has_ssid=False)
    assert "teacher of record" in _fails(EC, C, has_teacher_of_record=False)
    assert "course start date" in _fails(EC, C, course_start_date=None, census_day=None)
    assert "Day of Census (2025-10-07)" in _fails(EC, C, as_of=D("2025-10-06"))
    everything = _fails(EC, C, has_ssid=False, has_teacher_of_record=False, course_start_date=None)
    assert "SSID" in everything and "teacher of record" in everything and "start" in everything
    check_move(EC, C, replace(GOOD, as_of=D("2025-10-07")))  # on the Day of Census


def test_not_confirmed_closed_waits_for_the_census() -> None:
    assert "Day of Census" in _fails(EC, S.NOT_CONFIRMED_CLOSED, as_of=D("2025-09-30"))
    assert "unknown" in _fails(EC, S.NOT_CONFIRMED_CLOSED, census_day=None)


@pytest.mark.parametrize("target", sorted(HALF_CREDIT_ONLY))
@pytest.mark.parametrize("source", [C, ALP])
def test_quarter_statuses_need_a_half_credit_course(source: Status, target: Status) -> None:
    message = _fails(source, target, credit_attempted=Decimal("1.0"))
    assert "0.5-credit courses" in message
    assert "0.5-credit courses" in _fails(source, target, credit_attempted=Decimal("0.25"))


@pytest.mark.parametrize(
    ("target", "document"),
    [
        (S.STUDENT_WITHDRAWAL_AFTER_20, "written withdrawal request"),
        (S.DISCIPLINARY_WITHDRAWAL, "discipline record"),
        (S.DISCIPLINARY_WITHDRAWAL_QUARTER, "discipline record"),
    ],
)
def test_withdrawals_need_their_document(target: Status, document: str) -> None:
    assert document in _fails(C, target, document_ref="  ")
    assert document in _fails(ALP, target, document_ref="")


@pytest.mark.parametrize(
    ("source", "target", "bad", "fragment"),
    [
        (C, S.PASS_ALL_COMPLETE, "F", "not a passing grade"),
        (C, S.PASS_ALL_COMPLETE, None, "A final grade is required"),
        (ALP, S.LATE_PASS, "I", "not a passing grade"),
        (C, S.COMPLETED_GRADE_TOO_LOW, "C", "is not F"),
        (ALP, S.COMPLETED_GRADE_TOO_LOW, "", "A final grade is required"),
        (C, S.FAILED_TO_COMPLETE, "F", "not I or NG"),
        (C, S.QUARTER_EARNED_NOT_PASSING, "Z", "not a valid grade"),
        (ALP, S.QUARTER_EARNED_NOT_PASSING, None, "A final grade is required"),
    ],
)
def test_closeouts_need_a_matching_grade(
    source: Status, target: Status, bad: str | None, fragment: str
) -> None:
    assert fragment in _fails(source, target, final_grade=bad)


def test_grades_are_case_insensitive() -> None:
    check_move(C, S.FAILED_TO_COMPLETE, replace(GOOD, final_grade="ng"))


def test_pass_all_complete_is_by_june_30() -> None:
    late = _fails(C, S.PASS_ALL_COMPLETE, completion_date=D("2026-07-02"))
    assert "after the June 30 closeout" in late and "Anticipated Late Pass" in late
    assert "June 30" in _fails(C, S.PASS_ALL_COMPLETE, completion_date=None, as_of=D("2026-07-01"))
    check_move(C, S.PASS_ALL_COMPLETE, replace(GOOD, completion_date=D("2026-06-30")))


def test_notice_of_enrollment_readiness() -> None:
    pe, party = S.PENDING_EXECUTION, Party.STATE
    assert "provider has not accepted" in _fails(pe, EC, party, provider_accepted=False)
    waiting = {"lea_approved": False, "as_of": D("2025-08-28")}
    assert "neither approved" in _fails(pe, EC, party, **waiting)
    silent = replace(GOOD, party=Party.SYSTEM, lea_approved=False, as_of=D("2025-08-29"))
    assert check_move(pe, EC, silent).name == "issue_notice_of_enrollment"


def test_lea_cancellation_window_and_basis() -> None:
    cancelled, lea = S.CANCELLED_BY_LEA, Party.LEA
    assert "72 business hours" in _fails(EC, cancelled, lea, as_of=D("2026-03-06"))
    approved = _fails(EC, cancelled, lea, noe_basis=NoeBasis.LEA_APPROVED)
    assert "state issued on the LEA's silence" in approved
    check_move(EC, cancelled, replace(GOOD, party=lea, as_of=D("2026-03-05")))


@pytest.mark.parametrize(
    "target", [S.ADMINISTRATIVE_WITHDRAWAL, S.ADMINISTRATIVE_WITHDRAWAL_QUARTER]
)
def test_administrative_withdrawal_needs_the_notice_of_intent(target: Status) -> None:
    assert "intent to withdraw" in _fails(C, target, intent_to_withdraw_sent=None)


def test_correction_of_not_confirmed_closed_needs_a_timely_request() -> None:
    ncc, state = S.NOT_CONFIRMED_CLOSED, Party.STATE
    assert "has not asked" in _fails(ncc, C, state, correction_requested_on=None)
    late = _fails(ncc, C, state, correction_requested_on=D("2025-10-24"))
    assert "after the 3 business days" in late
    assert "SSID" in _fails(ncc, C, state, has_ssid=False)


@pytest.mark.parametrize(
    ("target", "party"),
    [
        (S.REJECTED_BY_LEA, Party.LEA),
        (S.REJECTED_PROVIDER, Party.PROVIDER),
        (S.REJECTED_BY_STATE, Party.STATE),
    ],
)
def test_rejections_need_a_reason(target: Status, party: Party) -> None:
    assert "reason is required" in _fails(S.PENDING_EXECUTION, target, party, reason=" ")


# --- Properties of the table ------------------------------------------------------------------


def test_only_corrections_lower_the_rank_and_only_the_state_makes_them() -> None:
    for move in MOVES:
        if rank(move.target) < rank(move.source):
            assert move.correction, move
        if move.correction:
            assert move.by == {Party.STATE} and rank(move.target) < rank(move.source)


def test_every_status_is_reachable_from_pending_execution() -> None:
    assert statuses_reachable() == set(Status)
    assert statuses_reachable(S.PASS_ALL_COMPLETE) == {S.PASS_ALL_COMPLETE}


def _reachable_without(blocked: Status) -> set[Status]:
    seen, frontier = {S.PENDING_EXECUTION}, [S.PENDING_EXECUTION]
    while frontier:
        for move in moves_from(frontier.pop()):
            if move.target is not blocked and move.target not in seen:
                seen.add(move.target)
                frontier.append(move.target)
    return seen


def test_late_pass_only_through_anticipated_late_pass() -> None:
    assert {m.source for m in MOVES if m.target is S.LATE_PASS} == {ALP}
    assert S.LATE_PASS not in _reachable_without(ALP)


def test_payment_only_through_confirmed() -> None:
    paid = PAID_THROUGH_CONFIRMED - {C}
    assert paid, "the payment path has statuses past Confirmed"
    assert not paid & _reachable_without(C)
    assert {m.source for m in MOVES if m.target is C and not m.correction} == {EC}


def test_closeout_statuses_come_from_where_spec_says() -> None:
    early = {
        S.LOSS_OF_ELIGIBILITY_WITHIN_20,
        S.STUDENT_WITHDRAWAL_WITHIN_20,
        S.NOT_CONFIRMED_CLOSED,
    }
    for status in early:
        sources = {m.source: m for m in MOVES if m.target is status}
        if status is S.NOT_CONFIRMED_CLOSED:
            assert set(sources) == {EC}
        else:  # from Confirmed only inside the second window of a 1.0-credit course
            assert set(sources) == {EC, C}
            assert IN_SECOND_WINDOW in sources[C].guards
            assert IN_FIRST_WINDOW in sources[EC].guards
        assert STATUS_INFO[status].credit is Credit.NONE
    for status in PAID_THROUGH_CONFIRMED - {C, ALP, S.LATE_PASS}:
        assert C in {m.source for m in MOVES if m.target is status}, status


def test_status_attributes_follow_spec_3_1() -> None:
    assert all(STATUS_INFO[s].credit is Credit.QUARTER for s in HALF_CREDIT_ONLY)
    assert len(HALF_CREDIT_ONLY) == 4
    against = {s for s in Status if STATUS_INFO[s].completion is Completion.AGAINST}
    assert against == {
        S.COMPLETED_GRADE_TOO_LOW,
        S.FAILED_TO_COMPLETE,
        S.QUARTER_EARNED_NOT_PASSING,
    }
    assert STATUS_INFO[S.LATE_PASS].completion is Completion.EXTENDED
    assert credit_earned(S.PASS_ALL_COMPLETE, 1.0) == 1.0
    assert credit_earned(S.LOSS_OF_ELIGIBILITY_QUARTER, 0.5) == 0.25
    assert credit_earned(S.FAILED_TO_COMPLETE, 0.5) == 0.0
    assert credit_earned(S.CONFIRMED, 0.5) is None


def test_mermaid_mentions_every_move_and_status() -> None:
    text = mermaid()
    assert text.startswith("stateDiagram-v2")
    for move in MOVES:
        assert f"{move.source.value} --> {move.target.value}: {move.name} (" in text
    for status in Status:
        assert f"{status.value}: {status.label}" in text
    corrections = [line for line in text.splitlines() if "correction" in line]
    assert len(corrections) == sum(m.correction for m in MOVES)


def test_late_pass_is_a_passing_grade_after_june_30() -> None:
    alp = S.ANTICIPATED_LATE_PASS
    late = replace(GOOD, completion_date=D("2026-07-20"), as_of=D("2026-07-21"))
    assert check_move(alp, S.LATE_PASS, late).name == "late_pass"
    with pytest.raises(GuardFailed, match="by the June 30 closeout") as exc:
        check_move(alp, S.LATE_PASS, replace(late, completion_date=D("2026-06-30")))
    assert "after June 30" in exc.value.rule


def test_only_the_corrected_statuses_are_reopened_by_the_state() -> None:
    """The confirmations say a closing is final unless a state correction leaves its status."""
    reopened = {s for s in Status if reopened_by_state(s)}
    assert reopened == {
        Status.NOT_CONFIRMED_CLOSED,
        Status.ADMINISTRATIVE_WITHDRAWAL,
        Status.ADMINISTRATIVE_WITHDRAWAL_QUARTER,
    }
