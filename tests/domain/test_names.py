"""The searchable form of a name: any case of a name's prefix finds it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from seats.domain.names import NAME_KEY_LENGTH, name_key


def test_trimmed_and_upper_cased_in_any_alphabet() -> None:
    assert name_key("  Núñez ") == "NÚÑEZ"
    assert name_key("o'Brien-smith") == "O'BRIEN-SMITH"


@given(st.text(max_size=120))
def test_idempotent_and_bounded(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key
    assert len(key) <= NAME_KEY_LENGTH


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=20))
def test_a_prefix_typed_in_any_case_matches(name: str) -> None:
    key = name_key(name)
    typed = [name[:3], name[:3].upper()]
    if name[:3].lower().upper() == name[:3].upper():  # not so for a Turkish dotted I
        typed.append(name[:3].lower())
    for prefix in typed:
        assert key.startswith(name_key(prefix))
