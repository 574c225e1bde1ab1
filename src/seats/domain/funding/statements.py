"""Statements of the ledger (issue 10, item 6): what a provider was paid, what an LEA had
withheld, the state's totals and the appropriation's balance, month by month.

Pure rules, no Django (ADR 0011). The ``seats.funding`` selectors read the ledger with
set-based queries and hand the rows here to be named, totalled and charted.

- A statement row names the student in SPEC 10's minimal form: the first two letters of the
  first name and the last name ("Ja Rivera"), never the SSID or the date of birth. A payment
  statement needs no more to reconcile a line with the provider's or the LEA's own records
  (the CCA number is on the line too).
- Totals are exact ``Decimal`` cents: payments (positive) and reversals (negative) are added
  separately, and the net is their sum.
- A chart bar's length is its share of the largest value shown, in whole percent; a value that
  is not zero always gets at least 1% so it is never invisible.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .months import Month

ZERO = Decimal("0.00")
#: Letters of the first name a statement shows (SPEC 10: "only the first two letters").
FIRST_NAME_LETTERS = 2


def minimal_name(first_name: str, last_name: str) -> str:
    """The student as SPEC 10's minimal form: two letters of the first name, the last name."""
    first = (first_name or "").strip()[:FIRST_NAME_LETTERS].strip()
    last = (last_name or "").strip()
    return f"{first} {last}".strip()


def cents_to_amount(cents: int | None) -> Decimal:
    """An exact amount from a whole number of cents (what the selectors' SQL sums)."""
    return (Decimal(int(cents or 0)) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Totals:
    """A statement's totals: what was paid, what was reversed (negative), and the net."""

    lines: int = 0
    paid: Decimal = ZERO
    reversed: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.paid + self.reversed

    @classmethod
    def of(cls, amounts: Iterable[Decimal]) -> Totals:
        lines, paid, back = 0, ZERO, ZERO
        for amount in amounts:
            lines += 1
            if amount >= 0:
                paid += amount
            else:
                back += amount
        return cls(lines, paid, back)

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.lines + other.lines, self.paid + other.paid, self.reversed + other.reversed
        )


def bar_percent(value: Decimal, largest: Decimal) -> int:
    """The length of ``value``'s bar as a whole percent of the largest value shown (0-100)."""
    value, largest = abs(value), abs(largest)
    if largest == 0 or value == 0:
        return 0
    share = int((value * 100 / largest).to_integral_value())
    return max(1, min(100, share))


@dataclass(frozen=True)
class MonthBar:
    """One month of the paid-vs-withheld chart: the amounts and their bars' lengths."""

    month: Month
    paid: Decimal
    withheld: Decimal
    appropriation: Decimal
    paid_percent: int
    withheld_percent: int
    appropriation_percent: int


def month_bars(rows: Sequence[tuple[Month, Decimal, Decimal, Decimal]]) -> list[MonthBar]:
    """Bars for (month, paid to providers, withheld from LEAs, paid from the appropriation),
    all on one scale (the largest amount of any month and any series)."""
    largest = max((abs(v) for _, *values in rows for v in values), default=ZERO)
    return [
        MonthBar(
            month,
            paid,
            withheld,
            appropriation,
            bar_percent(paid, largest),
            bar_percent(withheld, largest),
            bar_percent(appropriation, largest),
        )
        for month, paid, withheld, appropriation in rows
    ]


def school_year_months(school_year: int) -> list[Month]:
    """July to June of the school year that starts in ``school_year``."""
    months, month = [], Month(school_year, 7)
    for _ in range(12):
        months.append(month)
        month = month.next()
    return months


@dataclass(frozen=True)
class BalanceLine:
    """One month of the appropriation account: money in (funding), money out (payments, net of
    reversals) and the balance after it."""

    month: Month
    funded: Decimal
    spent: Decimal
    balance: Decimal
    spent_to_date: Decimal


def running_balance(
    opening: Decimal, months: Sequence[tuple[Month, Decimal, Decimal]]
) -> list[BalanceLine]:
    """The balance after each month, from ``opening`` and each month's (funded, spent)."""
    out, balance, to_date = [], opening, ZERO
    for month, funded, spent in months:
        balance, to_date = balance + funded - spent, to_date + spent
        out.append(BalanceLine(month, funded, spent, balance, to_date))
    return out
