"""The statements' pure rules: the minimal name, exact totals, chart bars, the school year's
months and the appropriation's running balance."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from seats.domain.funding.months import Month
from seats.domain.funding.statements import (
    Totals,
    bar_percent,
    cents_to_amount,
    minimal_name,
    month_bars,
    running_balance,
    school_year_months,
)

amounts = st.decimals(
    min_value=Decimal("-99999.99"), max_value=Decimal("99999.99"), places=2, allow_nan=False
)


def test_the_minimal_name_is_two_letters_and_the_last_name() -> None:
    assert minimal_name("Jacqueline", "Rivera") == "Ja Rivera"
    assert minimal_name(" Al ", "Ng") == "Al Ng"
    assert minimal_name("J", "Ng") == "J Ng"
    assert minimal_name("", "Ng") == "Ng"


@given(st.text(min_size=3, max_size=30).filter(str.strip), st.text(max_size=30))
def test_the_minimal_name_never_shows_more_of_the_first_name(first: str, last: str) -> None:
    shown = minimal_name(first, last)
    assert shown.startswith(first.strip()[:2].strip())
    assert len(shown) <= 3 + len(last.strip())  # two letters, a space, the last name


@given(st.lists(amounts, max_size=40))
def test_totals_are_the_exact_decimal_sums(values: list[Decimal]) -> None:
    totals = Totals.of(values)
    assert totals.lines == len(values)
    assert totals.paid == sum((v for v in values if v >= 0), Decimal(0))
    assert totals.reversed == sum((v for v in values if v < 0), Decimal(0))
    assert totals.net == sum(values, Decimal(0))
    assert Totals.of(values[:3]) + Totals.of(values[3:]) == totals


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_cents_become_exact_amounts(cents: int) -> None:
    amount = cents_to_amount(cents)
    assert amount * 100 == cents and amount.as_tuple().exponent == -2
    assert cents_to_amount(None) == Decimal("0.00")


@given(amounts, amounts)
def test_a_bar_is_a_share_of_the_largest_and_never_hides_a_value(value, other) -> None:
    largest = max(abs(value), abs(other))
    percent = bar_percent(value, largest)
    assert 0 <= percent <= 100
    assert (percent == 0) == (value == 0 or largest == 0)
    if abs(value) == largest and largest:
        assert percent == 100


def test_month_bars_share_one_scale() -> None:
    oct_, nov = Month(2025, 10), Month(2025, 11)
    bars = month_bars(
        [
            (oct_, Decimal("510.00"), Decimal("340.00"), Decimal("170.00")),
            (nov, Decimal("-170"), 0, 0),
        ]
    )
    assert [(b.paid_percent, b.withheld_percent, b.appropriation_percent) for b in bars] == [
        (100, 67, 33),
        (33, 0, 0),
    ]
    assert month_bars([]) == []


def test_a_school_year_is_july_to_june() -> None:
    months = school_year_months(2025)
    assert (months[0], months[-1], len(months)) == (Month(2025, 7), Month(2026, 6), 12)
    assert all(m.school_year == 2025 for m in months)


@given(amounts, st.lists(st.tuples(amounts, amounts), min_size=1, max_size=12))
def test_the_running_balance_adds_up(opening, flows) -> None:
    months = school_year_months(2025)[: len(flows)]
    lines = running_balance(opening, [(m, f, s) for m, (f, s) in zip(months, flows, strict=True)])
    funded = sum((f for f, _ in flows), Decimal(0))
    spent = sum((s for _, s in flows), Decimal(0))
    assert lines[-1].balance == opening + funded - spent
    assert lines[-1].spent_to_date == spent
