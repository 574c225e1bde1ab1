"""The home-school appropriation's rules (R277-726-9): obligations, the December 1 release,
request order and the refusal that names the rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seats.domain.errors import GuardFailed, InvalidInput
from seats.domain.funding.appropriation import (
    Appropriation,
    Balance,
    Obligated,
    Pending,
    check_appropriation,
    check_approval,
    outstanding,
    release_day,
    released,
)
from seats.domain.policy import Policy
from seats.domain.statuses import Status

POLICY = Policy(2026)
FEE = Decimal("340.00")


def obligated(status: Status, *, paid: str = "0", confirmed: bool = True, **kw) -> Obligated:
    return Obligated(1, FEE, Decimal(paid), status, confirmed, Decimal("0.5"), **kw)


def balance(day: date, *, amount: str = "1000.00", obligated: str = "0", paid: str = "0"):
    return Balance(
        Appropriation(2026, Decimal(amount)),
        Decimal(obligated),
        Decimal(paid),
        Decimal(0),
        day,
        release_day(2026, POLICY),
    )


@pytest.mark.parametrize(
    ("status", "confirmed", "paid", "still", "gone"),
    [
        (Status.PENDING_EXECUTION, False, "0", "340.00", "0.00"),  # approved, open
        (Status.CONFIRMED, True, "170.00", "170.00", "0.00"),  # first half paid
        (Status.REJECTED_PROVIDER, False, "0", "0.00", "340.00"),  # ended without payment
        (Status.NOT_CONFIRMED_CLOSED, False, "0", "0.00", "340.00"),
        (Status.STUDENT_WITHDRAWAL_WITHIN_20, False, "0", "0.00", "340.00"),
        (
            Status.STUDENT_WITHDRAWAL_AFTER_20,
            True,
            "170.00",
            "0.00",
            "170.00",
        ),  # no credit: 1st only
        (Status.PASS_ALL_COMPLETE, True, "170.00", "170.00", "0.00"),  # transcript to come
        (Status.PASS_ALL_COMPLETE, True, "340.00", "0.00", "0.00"),
    ],
)
def test_outstanding_and_released(status, confirmed, paid, still, gone) -> None:
    o = obligated(status, paid=paid, confirmed=confirmed)
    assert outstanding(o, POLICY) == Decimal(still)
    assert released(o, POLICY) == Decimal(gone)


@given(
    status=st.sampled_from(list(Status)),
    confirmed=st.booleans(),
    paid_cents=st.integers(min_value=-100, max_value=50_000),
)
def test_an_obligation_is_never_negative_nor_more_than_its_fee(status, confirmed, paid_cents):
    o = obligated(status, paid=str(Decimal(paid_cents) / 100), confirmed=confirmed)
    left, gone = outstanding(o, POLICY), released(o, POLICY)
    assert Decimal(0) <= left <= FEE and Decimal(0) <= gone <= FEE
    # what is still committed, what was released and what was paid of it add up to the fee
    assert left + gone + min(max(o.paid, Decimal(0)), FEE - gone) == FEE


def test_release_day_is_december_1_of_the_school_years_first_year() -> None:
    assert release_day(2026, POLICY) == date(2026, 12, 1)
    moved = Policy(2026).with_overrides({"appropriation_release_day": "03-01"})
    assert release_day(2026, moved) == date(2027, 3, 1)  # the rule's former date


def test_before_december_1_only_the_home_share_is_available() -> None:
    nov_30, dec_1 = date(2026, 11, 30), date(2026, 12, 1)
    assert balance(nov_30, obligated="340.00").available == Decimal("160.00")
    assert balance(dec_1, obligated="340.00").available == Decimal("660.00")
    assert not balance(nov_30).released and balance(dec_1).released
    assert balance(dec_1, paid="900.00").available == Decimal("100.00")


def test_an_overspending_approval_is_refused_naming_the_rule() -> None:
    with pytest.raises(GuardFailed, match="home-school share before December 1") as err:
        check_approval(balance=balance(date(2026, 11, 30), paid="300"), fee=FEE, earlier=[])
    assert err.value.rule == "R277-726-9(2)(a)"
    with pytest.raises(GuardFailed, match="appropriation's balance") as err:
        check_approval(balance=balance(date(2026, 12, 2), paid="700"), fee=FEE, earlier=[])
    assert err.value.rule == "R277-726-9"
    check_approval(balance=balance(date(2026, 12, 2), paid="660"), fee=FEE, earlier=[])


def test_an_earlier_request_is_served_first() -> None:
    day = date(2026, 12, 2)
    with pytest.raises(GuardFailed, match="the first is CCA 7") as err:
        check_approval(balance=balance(day, amount="500"), fee=FEE, earlier=[Pending(7, FEE)])
    assert err.value.rule == "R277-726-9(2)(b)(i)"
    check_approval(balance=balance(day, amount="680"), fee=FEE, earlier=[Pending(7, FEE)])


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"amount": "x"}, "amount"),
        ({"amount": "1", "home_share_percent": "49.99"}, "home_share_percent"),
        ({"amount": "1", "home_share_percent": "100.01"}, "home_share_percent"),
        ({"amount": "1", "obligated_elsewhere": "2"}, "obligated_elsewhere"),
    ],
)
def test_bad_appropriation_names_the_field(kw, field) -> None:
    values = {"home_share_percent": "50", "obligated_elsewhere": "0", **kw}
    with pytest.raises(InvalidInput) as err:
        check_appropriation(school_year=2026, **values)
    assert err.value.field == field
