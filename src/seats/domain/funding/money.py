"""Money: ``Decimal`` rounded to cents, half up (never float)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..errors import InvalidInput

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: Decimal) -> Decimal:
    """``value`` rounded to whole cents, half up (the usual rule for an invoice line)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def split_fee(fee: Decimal) -> tuple[Decimal, Decimal]:
    """The two halves of a fee: the first is rounded half up, the second is the rest, so the
    halves always add up to the fee exactly (a 0.01 odd cent goes to the first half)."""
    first = cents(fee / 2)
    return first, fee - first


def parse_amount(raw: object, *, field: str) -> Decimal:
    """A non-negative amount with at most two decimals, or ``InvalidInput`` naming ``field``."""
    if isinstance(raw, bool | float):
        raise InvalidInput(f"{field} must be an amount like 454.00, not {raw!r}.", field=field)
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise InvalidInput(
            f"{field} must be an amount like 454.00, not {raw!r}.", field=field
        ) from None
    if not value.is_finite():
        raise InvalidInput(f"{field} must be an amount like 454.00, not {raw!r}.", field=field)
    if value < 0:
        raise InvalidInput(f"{field} cannot be negative ({value}).", field=field)
    if value != value.quantize(CENT):
        raise InvalidInput(f"{field} has more than two decimals ({value}).", field=field)
    return value.quantize(CENT)
