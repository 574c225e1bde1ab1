"""A CCA's fee (Provider Manual "Course Fees"; SPEC 6).

fee = the fee per 1.0 credit of the offering's tier in the CCA's school year x credit attempted.
A course in several content categories takes the lowest tier (``catalog.tier_for``). The fee
table is the year's ``fee_tier_I`` ... ``fee_tier_IV`` policy settings (dated, append-only);
fees rise every year by the WPU increase the Legislature sets in March (``roll_forward``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..catalog import ContentCategory, tier_for
from ..errors import InvalidInput
from ..policy import Policy, Tier
from .money import cents, parse_amount

FEE_RULE = "Provider Manual, Course Fees"


@dataclass(frozen=True)
class Fee:
    tier: Tier
    per_credit: Decimal
    credit: Decimal
    amount: Decimal
    source: str

    def explain(self) -> str:
        return (
            f"Tier {self.tier.value}: {self.per_credit} per credit ({self.source}) "
            f"x {self.credit} credit = {self.amount}"
        )


def course_fee(*, tier: Tier | str, credit_attempted: Decimal, policy: Policy) -> Fee:
    """The fee of a CCA whose offering has ``tier``, under its school year's ``policy``."""
    tier = Tier(tier)
    per_credit = policy.fees[tier]
    return Fee(
        tier=tier,
        per_credit=per_credit,
        credit=credit_attempted,
        amount=cents(per_credit * credit_attempted),
        source=policy.source(f"fee_tier_{tier.value}"),
    )


def fee_for_categories(
    *, categories: Iterable[ContentCategory | str], credit_attempted: Decimal, policy: Policy
) -> Fee:
    """The fee of a course in ``categories`` (the lowest tier among them)."""
    return course_fee(tier=tier_for(categories), credit_attempted=credit_attempted, policy=policy)


def check_fee_table(values: Mapping[str, object]) -> dict[Tier, Decimal]:
    """A year's fee table as ``{"fee_tier_I": "348.00", ...}``: every tier, each a
    non-negative amount in cents; anything else is refused naming the key."""
    unknown = sorted(set(values) - {f"fee_tier_{t.value}" for t in Tier})
    if unknown:
        raise InvalidInput(f"Unknown fee table key {unknown[0]!r}.", field=unknown[0])
    table: dict[Tier, Decimal] = {}
    for tier in Tier:
        key = f"fee_tier_{tier.value}"
        if key not in values or values[key] in (None, ""):
            raise InvalidInput(
                f"The fee table has no amount for Tier {tier.value} ({key}).",
                field=key,
                rule=FEE_RULE,
            )
        table[tier] = parse_amount(values[key], field=key)
    return table


def parse_percent(raw: str) -> Decimal:
    """'4.0%' or '4.0' as Decimal('4.0'); a WPU increase between -50% and 100%."""
    text = str(raw).strip().removesuffix("%").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(
            f"wpu_increase must be a percentage like 4.0%, not {raw!r}.", field="wpu_increase"
        ) from None
    if not value.is_finite() or not Decimal("-50") <= value <= Decimal("100"):
        raise InvalidInput(
            f"wpu_increase must be between -50% and 100%, not {raw!r}.", field="wpu_increase"
        )
    return value


def roll_forward(
    table: Mapping[Tier, Decimal], *, increase_percent: Decimal
) -> dict[Tier, Decimal]:
    """Next year's table: each fee increased by the WPU increase, rounded to cents half up."""
    factor = 1 + increase_percent / Decimal(100)
    return {tier: cents(table[tier] * factor) for tier in Tier}
