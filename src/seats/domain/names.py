"""How a person's name is searched: a prefix of the name as written, in any case.

The queue's name search reads the student's names stored upper-cased on each CCA, so one index
of the queue answers it (seats.core.selectors.ccas.search_filter); every writer of those copies
uses this one function, and the search upper-cases what the person typed the same way."""

from __future__ import annotations

import unicodedata

NAME_KEY_LENGTH = 80


def name_key(name: str) -> str:
    """The searchable form of a name: trimmed and upper-cased (Unicode-aware)."""
    return name.strip().upper()[:NAME_KEY_LENGTH]


def identity_key(name: str) -> str:
    """A name as a student is identified by it (SSID + date of birth + last name): case,
    accents, spaces, hyphens and apostrophes do not matter, so "Núñez-O'Neil" matches
    "nunez oneil". Letters and digits only, accents dropped (NFKD), case folded."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum()).casefold()
