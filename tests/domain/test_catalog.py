"""Catalog rules (SPEC 2): fee tiers, credit values, the mature-content disclaimer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seats.domain.catalog import (
    CATEGORY_TIER,
    CREDIT_VALUES,
    MATURE_DISCLAIMER,
    ContentCategory,
    Session,
    TermType,
    check_credit,
    check_mature_description,
    parse_categories,
    tier_for,
)
from seats.domain.errors import InvalidInput
from seats.domain.policy import Tier

SPEC_TIERS = {
    Tier.I: [
        "Digital Studies",
        "Driver Education",
        "Financial Literacy",
        "Health",
        "Physical Education",
    ],
    Tier.II: ["CTE", "Elective Credits", "Fine Arts"],
    Tier.III: ["Social Studies Core", "World Language"],
    Tier.IV: ["Concurrent Enrollment", "Language Arts", "Math", "Science"],
}
ORDER = [Tier.I, Tier.II, Tier.III, Tier.IV]


@pytest.mark.parametrize(
    ("category", "tier"), [(c, t) for t, cats in SPEC_TIERS.items() for c in cats]
)
def test_each_category_has_specs_tier(category: str, tier: Tier) -> None:
    assert tier_for([category]) is tier


def test_the_table_covers_every_category_exactly() -> None:
    assert {c.value for c in CATEGORY_TIER} == {c for cats in SPEC_TIERS.values() for c in cats}
    assert set(CATEGORY_TIER) == set(ContentCategory)


@pytest.mark.parametrize(
    ("categories", "tier"),
    [
        (["Math", "Health"], Tier.I),
        (["Science", "Fine Arts"], Tier.II),
        (["World Language", "Concurrent Enrollment"], Tier.III),
        (["Math", "Science"], Tier.IV),
        ([ContentCategory.CTE, "Social Studies Core"], Tier.II),
    ],
)
def test_several_categories_take_the_lowest_tier(categories: list[str], tier: Tier) -> None:
    assert tier_for(categories) is tier


@settings(deadline=None)
@given(st.lists(st.sampled_from(list(ContentCategory)), min_size=1, max_size=6))
def test_lowest_tier_property(categories: list[ContentCategory]) -> None:
    got = tier_for(categories)
    assert got == min((CATEGORY_TIER[c] for c in categories), key=ORDER.index)
    assert all(ORDER.index(got) <= ORDER.index(CATEGORY_TIER[c]) for c in categories)


def test_category_names_forgive_case_and_spaces() -> None:
    assert parse_categories(["  math ", "FINE ARTS"]) == [
        ContentCategory.MATH,
        ContentCategory.FINE_ARTS,
    ]


def test_unknown_or_missing_category_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Unknown content category 'Astrology'") as err:
        tier_for(["Math", "Astrology"])
    assert err.value.field == "content_categories"
    assert "Known: Digital Studies" in str(err.value)
    with pytest.raises(InvalidInput, match="at least one content category"):
        tier_for([])


@pytest.mark.parametrize(
    ("raw", "value"),
    [("0.25", "0.25"), ("0.5", "0.5"), ("0.50", "0.5"), ("1", "1.0"), (1.0, "1.0"), (0.5, "0.5")],
)
def test_credit_values(raw: object, value: str) -> None:
    got = check_credit(raw)  # type: ignore[arg-type]
    assert got == Decimal(value) and got in CREDIT_VALUES


@pytest.mark.parametrize("raw", ["0.75", "2", "0", "-0.5", "half", "NaN", Decimal("0.3")])
def test_other_credit_values_are_refused(raw: object) -> None:
    with pytest.raises(InvalidInput, match=r"0\.25, 0\.5 or 1\.0") as err:
        check_credit(raw)  # type: ignore[arg-type]
    assert err.value.field == "credit"


def test_mature_courses_need_the_disclaimer() -> None:
    check_mature_description(True, f"War literature. {MATURE_DISCLAIMER}")
    check_mature_description(False, "Algebra I")
    with pytest.raises(InvalidInput, match="mature content") as err:
        check_mature_description(True, "War literature.")
    assert err.value.field == "description"
    with pytest.raises(InvalidInput):
        check_mature_description(True, MATURE_DISCLAIMER.lower())


def test_sessions_have_a_term_type() -> None:
    assert {s for s in Session if s.term_type is TermType.SEMESTER} == {Session.S1, Session.S2}
    assert Session.Q3.term_type is TermType.QUARTER
