from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from seats.domain.adulted import nrs
from seats.domain.adulted.levels import Assessed, compute_levels

TABLES = nrs.shipped()


def tabe(day: date, ident: int | str = "t", **scores: int) -> Assessed:
    return Assessed(ident, "TABE_9_10", day, tuple(scores.items()))


def casas(day: date, ident: int | str = "c", **scores: int) -> Assessed:
    return Assessed(ident, "CASAS", day, tuple(scores.items()))


def daily(start: date, days: int, hours: int = 4) -> list[tuple[date, Decimal]]:
    return [(start + timedelta(days=i), Decimal(hours)) for i in range(days)]


def levels(tests, hours=(), focus="ABE", min_hours=40, fiscal_year=None):  # type: ignore[no-untyped-def]
    return compute_levels(
        tests=tests,
        instructional=list(hours),
        area_of_focus=focus,
        tables=TABLES,
        min_hours=min_hours,
        fiscal_year=fiscal_year,
    )
