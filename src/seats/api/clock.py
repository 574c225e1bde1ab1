"""The API's idea of today (the state's date): the one place tests move time for API calls."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
