"""Enrollee status: the day the fourth requirement is met, in every order; the fiscal year."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest

from seats.domain.adulted.enrollee import EFL, FUNDING, HOURS, SEOP, enrollee_status

FY = 2025
BASE = date(2025, 9, 1)


def status(hours=(), efl=None, seop=None, code=None, fy=FY):  # type: ignore[no-untyped-def]
    return enrollee_status(
        fiscal_year=fy, hours=hours, efl_day=efl, seop_core_goal_day=seop, funding_code_day=code
    )


@pytest.mark.parametrize("order", list(itertools.permutations([HOURS, EFL, SEOP, FUNDING])))
def test_reached_on_the_day_the_last_requirement_is_met(order: tuple[str, ...]) -> None:
    days = {key: BASE + timedelta(days=10 * i) for i, key in enumerate(order)}
    hours = [(days[HOURS] - timedelta(days=1), Decimal(6)), (days[HOURS], Decimal(6))]
    result = status(hours, days[EFL], days[SEOP], days[FUNDING])
    assert result.reached_on == days[order[-1]]
    assert {r.key: r.met_on for r in result.requirements} == days
    # one requirement short, not an enrollee
    short = status(hours[:1], days[EFL], days[SEOP], days[FUNDING])
    assert not short.is_enrollee
    assert [r.key for r in short.missing] == [HOURS]


def test_hours_reach_twelve_on_the_day_the_running_total_does() -> None:
    hours = [(date(2025, 9, d), Decimal(3)) for d in (1, 2, 3, 4, 5)]
    result = status(hours, BASE, BASE, BASE)
    assert result.reached_on == date(2025, 9, 4)
    assert status(hours[:3], BASE, BASE, BASE).missing[0].missing == (
        "9 of 12 contact hours in the fiscal year"
    )


def test_hours_across_july_first_count_in_their_own_year() -> None:
    hours = [(date(2025, 6, 30), Decimal(8)), (date(2025, 7, 1), Decimal(8))]
    assert not status(hours, date(2025, 7, 1), date(2025, 7, 1), date(2025, 7, 1)).is_enrollee
    assert not status(
        hours, date(2025, 6, 1), date(2025, 6, 1), date(2025, 6, 1), fy=2024
    ).is_enrollee
    more = [*hours, (date(2025, 7, 2), Decimal(4))]
    assert status(more, date(2025, 7, 1), date(2025, 7, 1), date(2025, 7, 1)).reached_on == (
        date(2025, 7, 2)
    )


def test_an_efl_or_seop_of_last_year_does_not_count() -> None:
    hours = [(BASE, Decimal(12))]
    result = status(hours, date(2025, 6, 1), date(2025, 6, 1), BASE)
    assert {r.key for r in result.missing} == {EFL, SEOP}


def test_a_funding_code_set_last_year_is_in_force_from_july_first() -> None:
    result = status([(BASE, Decimal(12))], BASE, BASE, date(2024, 10, 1))
    assert result.requirements[3].met_on == date(2025, 7, 1)
    assert result.reached_on == BASE


def test_explained_since_when_and_what_is_missing() -> None:
    result = status([(BASE, Decimal(5))], BASE, None, BASE)
    lines = result.explain()
    assert lines[0] == "Not an enrollee yet"
    assert "12 contact hours in the fiscal year: missing (5 of 12" in lines[1]
    assert lines[2] == "an assessment establishing an EFL: met since 2025-09-01"
    assert lines[3] == "a current SEOP with a core goal: missing (no current SEOP with a core goal)"
    done = status([(BASE, Decimal(12))], BASE, BASE, BASE).explain()
    assert done[0] == "Enrollee since 2025-09-01"
