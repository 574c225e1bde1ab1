"""The status form offers exactly the moves the rules allow now (issue 9): for every status,
credit, date and set of facts, a move the guards accept for some entered values is offered, and
an offered move is accepted with the values ``offered_moves`` found (its witness)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from seats.domain.errors import DomainError
from seats.domain.guards import MoveFacts, NoeBasis
from seats.domain.lifecycle import check_move, moves_from
from seats.domain.offered_moves import Offered, Withheld, check_offered, offered_moves
from seats.domain.roles import Party
from seats.domain.statuses import HALF_CREDIT_ONLY, Status
from seats.domain.windows import WithdrawalWindow

CLOSEOUT = date(2026, 6, 30)
days = st.dates(date(2025, 8, 1), date(2026, 10, 31))
maybe_day = st.none() | days


@st.composite
def facts(draw: st.DrawFn) -> MoveFacts:
    as_of = draw(days)
    credit = draw(st.sampled_from([Decimal("0.5"), Decimal("1.0"), Decimal("0.25")]))
    start = draw(st.none() | st.dates(date(2025, 8, 15), date(2026, 3, 1)))
    windows: list[WithdrawalWindow] = []
    census = None
    if start is not None:
        length = draw(st.integers(20, 35))
        first = WithdrawalWindow(
            "first",
            start,
            start + timedelta(days=length),
            start + timedelta(days=length + 1),
            start + timedelta(days=length + draw(st.integers(1, 5))),
        )
        windows.append(first)
        census = first.census
        if credit == Decimal("1.0") and draw(st.booleans()):
            opens = first.closes + timedelta(days=draw(st.integers(1, 90)))
            closes = opens + timedelta(days=length)
            windows.append(
                WithdrawalWindow(
                    "second", opens, closes, closes + timedelta(days=1), closes + timedelta(days=3)
                )
            )
    return MoveFacts(
        party=draw(st.sampled_from([Party.PROVIDER] * 3 + list(Party))),
        as_of=as_of,
        credit_attempted=credit,
        has_ssid=draw(st.booleans()),
        has_teacher_of_record=draw(st.booleans()),
        course_start_date=start,
        census_day=census,
        provider_accepted=draw(st.booleans()),
        lea_approved=draw(st.booleans()),
        lea_decision_due=draw(maybe_day),
        noe_basis=draw(st.none() | st.sampled_from(list(NoeBasis))),
        lea_cancellation_due=draw(maybe_day),
        intent_to_withdraw_sent=draw(maybe_day),
        not_confirmed_closed_on=draw(maybe_day),
        correction_requested_on=draw(maybe_day),
        correction_request_due=draw(maybe_day),
        closeout_date=draw(st.sampled_from([CLOSEOUT, None])),
        windows=tuple(windows),
        anticipated_late_pass_from=draw(st.sampled_from([date(2026, 5, 1), None])),
        late_pass_final_due=draw(st.sampled_from([date(2026, 8, 15), None])),
        student_active=draw(st.booleans()),
    )


@st.composite
def entered(draw: st.DrawFn, f: MoveFacts) -> MoveFacts:
    """What a person may type; a completion date the service accepts (start..today)."""
    lo = f.course_start_date or date(2025, 8, 1)
    completion = None
    if lo <= f.as_of and draw(st.booleans()):
        completion = draw(st.dates(lo, f.as_of))
    return MoveFacts(
        **{
            **{k: getattr(f, k) for k in f.__slots__},  # type: ignore[attr-defined]
            "reason": draw(st.sampled_from(["", "a reason"])),
            "document_ref": draw(st.sampled_from(["", "letter.pdf"])),
            "final_grade": draw(st.sampled_from(["", "A", "B-", "D", "P", "F", "I", "NG", "Z"])),
            "withdrawal_date": draw(st.none() | st.dates(date(2025, 7, 1), f.as_of)),
            "completion_date": completion,
        }
    )


def accepts(status: Status, target: Status, f: MoveFacts) -> bool:
    try:
        check_move(status, target, f)
    except DomainError:
        return False
    return True


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(list(Status)), st.data())
def test_offered_iff_the_rules_accept(status: Status, data: st.DataObject) -> None:
    f = data.draw(facts())
    typed = data.draw(entered(f))
    for move in moves_from(status, f.party):
        result = check_offered(move, f)
        if isinstance(result, Offered):
            assert accepts(status, move.target, result.witness), move.name
        else:
            assert result.reasons
            assert not accepts(status, move.target, typed), (move.name, typed)


def _confirmed(credit: str, as_of: date) -> MoveFacts:
    start = date(2025, 9, 8)
    first = WithdrawalWindow(
        "first", start, date(2025, 10, 3), date(2025, 10, 6), date(2025, 10, 8)
    )
    return MoveFacts(
        party=Party.PROVIDER,
        as_of=as_of,
        credit_attempted=Decimal(credit),
        has_ssid=True,
        has_teacher_of_record=True,
        course_start_date=start,
        census_day=first.census,
        closeout_date=CLOSEOUT,
        windows=(first,),
    )


def test_no_quarter_status_for_a_course_that_is_not_half_credit() -> None:
    offer = offered_moves(Status.CONFIRMED, _confirmed("1.0", date(2025, 11, 3)))
    assert not offer.targets() & HALF_CREDIT_ONLY
    reasons = {w.move.target: w.reasons for w in offer.withheld}
    for target in HALF_CREDIT_ONLY & {m.target for m in moves_from(Status.CONFIRMED)}:
        assert any("0.5-credit courses" in r for r in reasons[target]), target
    half = offered_moves(Status.CONFIRMED, _confirmed("0.5", date(2025, 11, 3)))
    assert Status.LOSS_OF_ELIGIBILITY_QUARTER in half.targets()


def test_nothing_before_the_day_of_census_that_the_service_refuses() -> None:
    early = offered_moves(Status.ENROLLMENT_COMPLETE, _confirmed("0.5", date(2025, 9, 15)))
    assert Status.CONFIRMED not in early.targets()
    assert Status.NOT_CONFIRMED_CLOSED not in early.targets()
    withheld = {w.move.target: w for w in early.withheld}
    assert isinstance(withheld[Status.CONFIRMED], Withheld)
    assert "Day of Census (2025-10-06)" in withheld[Status.CONFIRMED].reasons[0]
    assert Status.STUDENT_WITHDRAWAL_WITHIN_20 in early.targets()
    on_census = offered_moves(Status.ENROLLMENT_COMPLETE, _confirmed("0.5", date(2025, 10, 6)))
    assert {Status.CONFIRMED, Status.NOT_CONFIRMED_CLOSED} <= on_census.targets()


def test_closing_moves_are_marked() -> None:
    offer = offered_moves(Status.ENROLLMENT_COMPLETE, _confirmed("0.5", date(2025, 10, 6)))
    closes = {o.move.target: o.closes for o in offer.offered}
    assert closes[Status.NOT_CONFIRMED_CLOSED] and not closes[Status.CONFIRMED]
