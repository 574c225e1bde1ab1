"""The dates SEATS works with: the program's school years 2000-01 to 2100-01, as days.

A date far outside them is a typo (0001-01-01, 9999-12-31), and date arithmetic on it overflows
(``OverflowError``, "year 10000 is out of range"); every place that reads a date from a person
(pages, commands, the API, files) refuses it with this one message, naming the field."""

from __future__ import annotations

from datetime import date

from .errors import InvalidInput

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
RANGE_TEXT = f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"


def in_range(value: date) -> bool:
    return EARLIEST <= value <= LATEST


def out_of_range(value: date) -> str:
    return f"{value.isoformat()} is outside the dates SEATS works with ({RANGE_TEXT})."


def checked(value: date | None, field: str) -> date | None:
    """``value`` unchanged, or ``InvalidInput`` naming ``field`` when it is out of range."""
    if value is None or in_range(value):
        return value
    raise InvalidInput(out_of_range(value), field=field)


def parse_entered(raw: str) -> date | None:
    """A date a person typed or picked: ISO (YYYY-MM-DD, what a browser's own date box sends
    without JavaScript) or MM/DD/YYYY (what the USWDS date picker sends); None if neither."""
    text = raw.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    month, _, rest = text.partition("/")
    day, _, year = rest.partition("/")
    if not (month.isdigit() and day.isdigit() and year.isdigit() and len(year) == 4):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
