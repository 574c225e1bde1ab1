"""The state's date comes from one place, so a training server (and the browser tests) can pin it
and every page, rule and command agrees on what day it is."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.utils import timezone

from seats.api import clock as api_clock
from seats.core import clock
from seats.core.services import lifecycle

ASKS_DJANGO = re.compile(r"localdate\(\s*\)|date\.today\(\)")
SRC = Path(clock.__file__).resolve().parents[1]


def test_unpinned_today_is_the_local_date(settings) -> None:
    settings.SEATS_TODAY = None
    assert clock.today() == timezone.localdate()


def test_a_pinned_date_is_everyones_today(settings) -> None:
    settings.SEATS_TODAY = date(2025, 9, 2)
    assert clock.today() == api_clock.today() == lifecycle.today() == date(2025, 9, 2)
    settings.SEATS_TODAY = "2026-01-05"
    assert clock.today() == date(2026, 1, 5)


def test_no_code_asks_django_for_the_date_directly() -> None:
    """`timezone.localdate()` anywhere else would ignore a pinned date."""
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "clock.py" and ASKS_DJANGO.search(path.read_text())
    ]
    assert offenders == []
