"""The API's idea of today (the state's date): the one place tests move time for API calls."""

from __future__ import annotations

from datetime import date

from seats.core import clock


def today() -> date:
    return clock.today()
