"""The "under the minimum completion rate" flag on pages of other apps: the state's compliance
page lists every provider under it; a provider's home (its request queue) says so, with a link
to the CCAs that pulled it down. The last school year and the current one are checked (the last
year's rate is final; the current one is live).

The flags sit on the two busiest pages, so each is computed at most every five minutes per
provider (and once for the state) and cached; the completion rate pages are always live."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.core.cache import cache

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


CACHE_SECONDS = 300
T = TypeVar("T")


def _cached(key: str, compute: Callable[[], T]) -> T:
    full = f"seats-reports-flags:{clock.today().isoformat()}:{key}"
    found = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, CACHE_SECONDS)
    return found  # type: ignore[no-any-return]


def _years() -> list[int]:
    current = school_year_of(clock.today())
    return [current - 1, current]


def state_flags(viewer: Viewer) -> list[Flag]:
    if viewer.role not in STATE_ROLES:
        return []
    return _cached("state", lambda: _state_flags(viewer))


def _state_flags(viewer: Viewer) -> list[Flag]:
    flags = []
    for year in _years():
        rows = under_minimum(viewer, year)
        if rows:
            flags.append(Flag(year, school_year_label(year), minimum(year), rows))
    return flags


def provider_flags(viewer: Viewer) -> list[Flag]:
    if viewer.role not in PROVIDER_ROLES:
        return []
    return _cached(f"provider:{viewer.organisation.pk}", lambda: _provider_flags(viewer))


def _provider_flags(viewer: Viewer) -> list[Flag]:
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
