"""The year's fee table: entered by the state, or rolled forward by the WPU increase.

The table is stored as the year's ``fee_tier_*`` policy settings (dated, append-only; ADR 0007
and 0011), so every fee names the setting it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db import transaction

from seats.core.services.actors import Actor
from seats.core.services.policy import policy_for, set_policy
from seats.domain.errors import InvalidInput
from seats.domain.funding.fees import check_fee_table, parse_percent, roll_forward
from seats.domain.policy import Tier

from .authority import check_state


@dataclass(frozen=True)
class FeeTablePlan:
    school_year: int
    before: dict[Tier, Decimal]
    after: dict[Tier, Decimal]
    saved: bool


def _year(value: object, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 2000 <= value <= 2100:
        raise InvalidInput(f"{field} must be a school year like 2026, not {value!r}.", field=field)
    return value


def set_fee_table(
    *,
    actor: Actor,
    school_year: int,
    values: Mapping[str, object],
    effective_on: date,
    reason: str,
    save: bool = True,
) -> FeeTablePlan:
    """Record a year's fee table (every tier, non-negative cents); ``save=False`` previews."""
    check_state(actor, what="set the fee table", admin_only=True)
    year = _year(school_year, "school_year")
    table = check_fee_table(values)
    before = dict(policy_for(year, as_of=effective_on).fees)
    if save:
        with transaction.atomic():
            for tier, amount in table.items():
                set_policy(
                    school_year=year,
                    key=f"fee_tier_{tier.value}",
                    value=str(amount),
                    effective_on=effective_on,
                    reason=reason,
                    actor=actor.user,
                )
    return FeeTablePlan(year, before, table, save)


def roll_forward_fees(
    *,
    actor: Actor,
    from_year: int,
    to_year: int,
    wpu_increase: str,
    effective_on: date,
    save: bool = False,
) -> FeeTablePlan:
    """Next year's table: last year's fees increased by the WPU increase (Provider Manual,
    Course Fees). Previews unless ``save``."""
    source = _year(from_year, "from_year")
    target = _year(to_year, "to_year")
    if target != source + 1:
        raise InvalidInput(
            f"Fees roll forward one year at a time: --to must be {source + 1}, not {target}.",
            field="to_year",
        )
    percent = parse_percent(wpu_increase)
    last_year = dict(policy_for(source, as_of=effective_on).fees)
    table = roll_forward(last_year, increase_percent=percent)
    plan = set_fee_table(
        actor=actor,
        school_year=target,
        values={f"fee_tier_{t.value}": str(v) for t, v in table.items()},
        effective_on=effective_on,
        reason=f"{source} fees rolled forward by the WPU increase of {percent}%",
        save=save,
    )
    return replace(plan, before=last_year)
