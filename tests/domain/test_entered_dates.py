"""Dates people enter: the browser's own date box sends ISO, the USWDS date picker MM/DD/YYYY."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seats.domain.dates import parse_entered


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-09-08", date(2026, 9, 8)),
        (" 2026-09-08 ", date(2026, 9, 8)),
        ("09/08/2026", date(2026, 9, 8)),
        ("9/8/2026", date(2026, 9, 8)),
        ("02/30/2026", None),
        ("13/01/2026", None),
        ("09/08/26", None),
        ("08.09.2026", None),
        ("next week", None),
        ("", None),
    ],
)
def test_both_formats_and_nothing_else(raw: str, expected: date | None) -> None:
    assert parse_entered(raw) == expected


@given(st.dates(min_value=date(1000, 1, 1)))
def test_a_picked_date_reads_back_as_itself(day: date) -> None:
    assert parse_entered(day.strftime("%m/%d/") + f"{day.year:04d}") == day
    assert parse_entered(day.isoformat()) == day
