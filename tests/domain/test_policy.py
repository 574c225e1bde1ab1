"""Policy settings (SPEC 3.3): SPEC's defaults and validated, explained overrides."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seats.domain.errors import InvalidInput
from seats.domain.policy import (
    DEFAULT_FEES,
    SETTING_KEYS,
    DayUnit,
    MonthDay,
    Policy,
    Tier,
    coerce_setting,
)


def test_defaults_are_specs() -> None:
    p = Policy(2025)
    assert (p.lea_decision_days, p.provider_decision_days, p.lea_cancellation_days) == (3, 3, 3)
    assert p.provider_decision_target_hours == 24
    assert (p.iep_forwarding_days, p.iep_forwarding_unit) == (3, DayUnit.SCHOOL)
    assert (p.withdrawal_period_days, p.withdrawal_period_unit) == (20, DayUnit.SCHOOL)
    assert p.confirmation_days == 5
    assert p.correction_request_days == 3
    assert p.inactivity_days == 10
    assert p.administrative_withdrawal_days == 5
    assert p.transcript_days == 30
    assert (p.closeout, p.late_pass_final) == (MonthDay(6, 30), MonthDay(8, 1))
    assert p.late_pass_transcript == MonthDay(8, 31)
    assert p.payment_cutoff_day == 9
    assert p.credit_limit == Decimal("6")
    assert p.fees == DEFAULT_FEES and set(p.fees) == set(Tier)
    assert p.source("lea_decision_days") == "state default"


def test_every_setting_key_is_settable_with_its_default() -> None:
    p = Policy(2025)
    for key in SETTING_KEYS:
        current = p.fees[Tier(key[9:])] if key.startswith("fee_tier_") else getattr(p, key)
        raw = str(current) if isinstance(current, MonthDay | DayUnit) else current
        assert coerce_setting(key, raw) == current, key
    assert "school_year" not in SETTING_KEYS and "sources" not in SETTING_KEYS


def test_overrides_apply_and_remember_their_source() -> None:
    src = "setting of 2025-08-01: board rule R277-726"
    p = Policy(2025).with_overrides(
        {
            "provider_decision_days": "1",
            "late_pass_final": "09-30",
            "iep_forwarding_unit": "Business",
            "credit_limit": "7.5",
            "fee_tier_IV": "700.10",
        },
        source=src,
    )
    assert p.provider_decision_days == 1
    assert p.late_pass_final == MonthDay(9, 30)
    assert p.iep_forwarding_unit is DayUnit.BUSINESS
    assert p.credit_limit == Decimal("7.5")
    assert p.fees[Tier.IV] == Decimal("700.10") and p.fees[Tier.I] == DEFAULT_FEES[Tier.I]
    for key in ("provider_decision_days", "late_pass_final", "fee_tier_IV"):
        assert p.source(key) == src
    assert p.source("lea_decision_days") == "state default"
    assert Policy(2025).fees == DEFAULT_FEES, "the defaults are not shared and mutated"


def test_fee_for_rounds_to_cents() -> None:
    p = Policy(2025).with_overrides({"fee_tier_I": "333.33"})
    assert p.fee_for(Tier.I, Decimal("0.25")) == Decimal("83.33")
    assert p.fee_for(Tier.IV, Decimal("1.0")) == DEFAULT_FEES[Tier.IV]


@pytest.mark.parametrize(
    ("key", "raw", "fragment"),
    [
        ("lea_decision_days", "three", "whole number"),
        ("lea_decision_days", 3.5, "whole number"),
        ("lea_decision_days", True, "whole number"),
        ("lea_decision_days", None, "whole number"),
        ("lea_decision_days", 0, "between 1 and 366"),
        ("withdrawal_period_days", -1, "between 1 and 366"),
        ("transcript_days", 400, "between 1 and 366"),
        ("payment_cutoff_day", 31, "between 1 and 28"),
        ("closeout", "6/30", "month-day"),
        ("closeout", "02-30", "month-day"),
        ("late_pass_final", "02-29", "exists every year"),
        ("late_pass_final", "13-01", "month-day"),
        ("credit_limit", "-1", "cannot be negative"),
        ("credit_limit", "lots", "must be a number"),
        ("credit_limit", "NaN", "must be a number"),
        ("fee_tier_II", "-5", "cannot be negative"),
        ("fee_tier_II", "Infinity", "must be a number"),
        ("withdrawal_period_unit", "weeks", "business, school, calendar"),
    ],
)
def test_bad_values_are_refused_naming_the_key(key: str, raw: object, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment) as err:
        Policy(2025).with_overrides({key: raw})
    assert err.value.field == key
    assert key in str(err.value)


@pytest.mark.parametrize("key", ["lea_days", "school_year", "sources", "fees", "fee_tier_V"])
def test_unknown_keys_are_refused_naming_them(key: str) -> None:
    with pytest.raises(InvalidInput) as err:
        Policy(2025).with_overrides({key: 1})
    assert key in str(err.value)
    assert err.value.field in {"key", key}


def test_whole_numbers_in_other_spellings_are_accepted() -> None:
    assert coerce_setting("confirmation_days", "7") == 7
    assert coerce_setting("confirmation_days", 7.0) == 7
    assert coerce_setting("confirmation_days", " 7 ") == 7
    assert coerce_setting("closeout", MonthDay(6, 15)) == MonthDay(6, 15)


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=366))
def test_any_day_count_in_range_round_trips(n: int) -> None:
    p = Policy(2026).with_overrides({"confirmation_days": n, "inactivity_days": str(n)})
    assert p.confirmation_days == n and p.inactivity_days == n


def test_month_day_prints_as_it_parses() -> None:
    assert str(MonthDay(8, 1)) == "08-01"
    assert MonthDay.parse(" 08-01 ") == MonthDay(8, 1)
