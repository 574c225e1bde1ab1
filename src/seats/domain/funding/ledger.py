"""Double entry: every ledger entry's legs sum to zero (SPEC 6; R277-726-6(4), (11)).

A leg's amount is what its account receives (positive) or gives (negative). A payment of a
tranche credits the provider and debits the source of the money: the primary LEA's withholding
(R277-726-6(11): "withhold online course payment from a primary LEA ... and payments to an
eligible provider") or, for a home-school student (primary LEA ``HOME``), the home and private
school appropriation (R277-726-9). A reversal is the same legs with the signs turned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

HOME_LEA_CODE = "HOME"


class AccountKind(StrEnum):
    PROVIDER = "provider"  # what the state paid the provider
    LEA_WITHHOLDING = "lea_withholding"  # what the state withheld from the LEA
    APPROPRIATION = "appropriation"  # the home and private school appropriation, per year
    STATE = "state"  # the state's own account (funding the appropriation)


@dataclass(frozen=True, order=True)
class AccountKey:
    kind: AccountKind
    owner_id: int | None = None  # the organisation, or the school year of an appropriation


@dataclass(frozen=True)
class Leg:
    account: AccountKey
    amount: Decimal


class Unbalanced(ValueError):
    """An entry whose legs do not sum to zero: a programming error, never stored."""


def source_account(*, lea_id: int, lea_code: str, school_year: int) -> AccountKey:
    """Where the money for a CCA comes from."""
    if lea_code == HOME_LEA_CODE:
        return AccountKey(AccountKind.APPROPRIATION, school_year)
    return AccountKey(AccountKind.LEA_WITHHOLDING, lea_id)


def payment_legs(*, amount: Decimal, provider_id: int, source: AccountKey) -> tuple[Leg, Leg]:
    """The legs of paying ``amount`` (negative for a reversal) to a provider from ``source``."""
    return Leg(AccountKey(AccountKind.PROVIDER, provider_id), amount), Leg(source, -amount)


def check_balanced(legs: Iterable[Leg]) -> None:
    legs = list(legs)
    if len(legs) < 2:
        raise Unbalanced("an entry needs at least two legs")
    total = sum((leg.amount for leg in legs), Decimal(0))
    if total != 0:
        raise Unbalanced(f"legs sum to {total}, not 0")
