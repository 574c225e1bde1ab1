"""Phone numbers people type (issue 9: a counselor's work phone on the contact list)."""

from __future__ import annotations

import pytest

from seats.domain.errors import InvalidInput
from seats.domain.phones import normalize_phone


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("801-555-0123", "801-555-0123"),
        ("  (801)  555 0123 ", "(801) 555 0123"),
        ("801.555.0123 ext. 12", "801.555.0123 ext. 12"),
        ("1 801 555 0123 x4", "1 801 555 0123 x4"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_phone_number_is_kept_as_typed_with_tidy_spaces(typed: str, kept: str) -> None:
    assert normalize_phone(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "555-0123",  # 7 digits: no area code
        "801-555-01234",  # 11 digits not starting with 1
        "call the office",
        "801-555-0123; DROP",
        "+1 2",  # too short after +
        "+1234567890123456",  # 16 digits
        "80+1-555-0123",
        "801-555-0123 ext. 1234567",
        "9" * 40,
    ],
)
def test_anything_else_is_refused_with_the_rule(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalize_phone(typed)
    assert refused.value.field == "phone" and "801-555-0123" in str(refused.value)
