"""The "under the minimum completion rate" flag on pages of other apps: the state's compliance
page lists every provider under it; a provider's home (its request queue) says so, with a link
to the CCAs that pulled it down. The last school year and the current one are checked (the last
year's rate is final; the current one is live)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from seats.core import clock
from seats.core.selectors.access import PROVIDER_ROLES, STATE_ROLES, Viewer
from seats.domain.calendars import school_year_label, school_year_of
from seats.reports.selectors.completion import ProviderRates, minimum, rates_of, under_minimum


@dataclass(frozen=True)
class Flag:
    year: int
    year_label: str
    minimum: Decimal
    rows: list[ProviderRates]


def _years() -> list[int]:
    current = school_year_of(clock.today())
    return [current - 1, current]


def state_flags(viewer: Viewer) -> list[Flag]:
    if viewer.role not in STATE_ROLES:
        return []
    flags = []
    for year in _years():
        rows = under_minimum(viewer, year)
        if rows:
            flags.append(Flag(year, school_year_label(year), minimum(year), rows))
    return flags


def provider_flags(viewer: Viewer) -> list[Flag]:
    if viewer.role not in PROVIDER_ROLES:
        return []
    flags = []
    for year in _years():
        floor = minimum(year)
        rates = rates_of(viewer.organisation, year)
        if rates.below(floor):
            flags.append(
                Flag(
                    year,
                    school_year_label(year),
                    floor,
                    [ProviderRates(viewer.organisation, rates, True)],
                )
            )
    return flags
