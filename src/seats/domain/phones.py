"""Telephone numbers people type (a counselor's work phone, SPEC 1's contacts): what is accepted
and how it is kept.

A number is written as people write it ("801-555-0123", "(801) 555 0123 ext. 12", "+1 801 555
0123"): digits with spaces, dots, dashes, parentheses and one leading "+", optionally followed by
an extension ("x12", "ext 12", "ext. 12"). It must carry 10 digits (a North American number,
optionally after a country code 1) or, after a "+", 8 to 15 digits (E.164). The kept form is the
typed one with its spaces tidied, so a provider reads what the school wrote.
"""

from __future__ import annotations

import re

from .errors import InvalidInput

MAX_LENGTH = 32
_NUMBER = re.compile(r"^\+?[0-9 ().-]+$")
_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension)\s*([0-9]{1,6})$", re.IGNORECASE)
RULE = "A phone number: 10 digits (801-555-0123), or + and 8 to 15 digits, optionally ext. 12"


def normalize_phone(text: str) -> str:
    """The phone number as it is kept ("" for none); InvalidInput names what is wrong."""
    tidy = " ".join(str(text).split())
    if not tidy:
        return ""
    if len(tidy) > MAX_LENGTH:
        raise InvalidInput(
            f"A phone number is at most {MAX_LENGTH} characters.", field="phone", rule=RULE
        )
    number = _EXTENSION.sub("", tidy)
    digits = re.sub(r"[^0-9]", "", number)
    international = number.startswith("+")
    if not _NUMBER.match(number) or "+" in number[1:]:
        raise InvalidInput(
            f"{tidy!r} is not a phone number: use digits, spaces, dashes, dots and parentheses.",
            field="phone",
            rule=RULE,
        )
    if international:
        ok = 8 <= len(digits) <= 15
    else:
        ok = len(digits) == 10 or (len(digits) == 11 and digits.startswith("1"))
    if not ok:
        raise InvalidInput(
            f"{tidy!r} is not a phone number: it needs 10 digits (801-555-0123), "
            "or + and 8 to 15 digits.",
            field="phone",
            rule=RULE,
        )
    return tidy
