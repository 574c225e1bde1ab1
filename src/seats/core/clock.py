"""The state's date: the ONE place every rule, page, command and API call asks "what day is it?".

Deadlines are counted in days, so a whole lifecycle can be rehearsed on a training or demo server
by pinning the date with ``SEATS_TODAY`` (ISO date). Production refuses the setting (see
settings/production.py): there the date is always the state's real one.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    pinned = getattr(settings, "SEATS_TODAY", None)
    if pinned:
        return pinned if isinstance(pinned, date) else date.fromisoformat(str(pinned))
    return timezone.localdate()
