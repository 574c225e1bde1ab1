"""Parsing command-line values the same way in every `seats` command."""

from __future__ import annotations

import re
from datetime import date

from django.core.management.base import CommandError

from seats.domain import dates

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def usage_error(message: str) -> CommandError:
    """Exit code 2 like argparse: the caller gave input the command cannot use."""
    return CommandError(message, returncode=2)


def parse_date_option(option: str, value: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD, a real calendar day, within the years SEATS works with) or a
    usage error naming the option."""
    if value is None:
        return None
    text = value.strip()
    try:
        if not _ISO.fullmatch(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise usage_error(
            f"{option}: {value!r} is not a date (use YYYY-MM-DD, a real calendar day)."
        ) from None
    if not dates.in_range(day):
        raise usage_error(f"{option}: {dates.out_of_range(day)}")
    return day
