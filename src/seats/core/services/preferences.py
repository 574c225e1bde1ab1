"""A person's own preferences. The language chosen on a page is also the language of the
notices SEATS sends them (SPEC 4)."""

from __future__ import annotations

from django.conf import settings

from seats.domain.errors import InvalidInput

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
