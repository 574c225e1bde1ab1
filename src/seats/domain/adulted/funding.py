"""Funding codes and the WPU that follows a K-12 student in adult education (002).

- Codes 1-9 identify the criteria for state or federal funds. Codes 2, 3, 6 and 7 may use state
  funds; 1, 4, 5, 8 and 9 may not; students under 4, 5 and 8 pay tuition and associated costs
  through the WPU ("Funding Codes for State Funding (Districts Only)").
- R277-733-6 A (quoted in 002): a K-12 student at least 16 and under 19, not graduated, a
  resident of the district, enrolled in adult education with approval, carries the regular WPU
  at 990 clock hours of membership per WPU per year (1 FTE); part-time hours are prorated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..errors import InvalidInput

CODES_RULE = "002, Section 6: Funding Codes for State Funding (Districts Only)"
WPU_RULE = "R277-733-6 A (quoted in 002): 990 clock hours per WPU"

FUNDING_CODES = range(1, 10)
STATE_FUNDS = frozenset({2, 3, 6, 7})
NO_STATE_FUNDS = frozenset({1, 4, 5, 8, 9})
WPU_TUITION = frozenset({4, 5, 8})
WPU_PLACES = Decimal("0.0001")


def check_code(code: int) -> int:
    if isinstance(code, bool) or not isinstance(code, int) or code not in FUNDING_CODES:
        raise InvalidInput(
            f"The funding code is a number from 1 to 9, not {code!r}.",
            field="funding_code",
            rule=CODES_RULE,
        )
    return code


def may_use_state_funds(code: int) -> bool:
    return check_code(code) in STATE_FUNDS


def pays_tuition_through_wpu(code: int) -> bool:
    return check_code(code) in WPU_TUITION


def describe(code: int) -> str:
    check_code(code)
    parts = ["may use state funds" if code in STATE_FUNDS else "may not use state funds"]
    if code in WPU_TUITION:
        parts.append("tuition and associated costs paid through the WPU")
    return f"Code {code}: " + "; ".join(parts)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class WpuResult:
    eligible: bool
    reason: str
    hours: Decimal
    wpu: Decimal


def wpu_for(
    *,
    born: date,
    on: date,
    k12_enrolled: bool,
    graduated: bool,
    hours: Decimal,
    hours_per_wpu: int = 990,
) -> WpuResult:
    """The WPU that follows the student for ``hours`` clock hours in the year (capped at 1)."""
    age = age_on(born, on)
    if not k12_enrolled:
        return WpuResult(False, "not enrolled in a K-12 program", hours, Decimal(0))
    if graduated:
        return WpuResult(False, "graduated from high school", hours, Decimal(0))
    if not 16 <= age < 19:
        return WpuResult(False, f"aged {age}: the rule covers ages 16 to 18", hours, Decimal(0))
    wpu = min(Decimal(1), Decimal(hours) / Decimal(hours_per_wpu)).quantize(
        WPU_PLACES, rounding=ROUND_HALF_UP
    )
    full = "full time" if wpu == 1 else "part time, prorated"
    return WpuResult(True, f"{hours} of {hours_per_wpu} clock hours ({full})", hours, wpu)


def total_wpu(results: Iterable[WpuResult]) -> Decimal:
    return sum((r.wpu for r in results), Decimal(0))
