"""A person's own preferences. The language chosen on a page is also the language of the
notices SEATS sends them (SPEC 4)."""

from __future__ import annotations

from django.conf import settings

from seats.domain.errors import InvalidInput
from seats.domain.phones import normalize_phone

from ..models import User


def set_language(*, user: User, language: str) -> User:
    codes = {code for code, _ in settings.LANGUAGES}
    if language not in codes:
        raise InvalidInput(
            f"Unknown language {language!r}; choose one of {', '.join(sorted(codes))}.",
            field="language",
        )
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def set_work_phone(*, user: User, phone: str) -> User:
    """A staff member's own work phone (shown to providers on the counselor contacts); checked
    by ``seats.domain.phones`` and kept as typed, spaces tidied; "" removes it."""
    kept = normalize_phone(phone)
    if user.phone != kept:
        user.phone = kept
        user.save(update_fields=["phone"])
    return user
