"""Throttled sign-in: after too many failures for one username (or from one address) the form
refuses for a while. Counts live in the cache, so every web process shares them in production."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = getattr(settings, "SEATS_LOGIN_WINDOW_SECONDS", 15 * 60)
MAX_FAILURES = getattr(settings, "SEATS_LOGIN_MAX_FAILURES", 5)


def _keys(username: str, address: str) -> list[str]:
    return [f"login-fail:user:{username.strip().lower()}", f"login-fail:addr:{address}"]


def is_locked(username: str, address: str) -> bool:
    return any((cache.get(key) or 0) >= MAX_FAILURES for key in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        cache.add(key, 0, WINDOW_SECONDS)
        cache.incr(key)


def clear(username: str, address: str) -> None:
    cache.delete_many(_keys(username, address))
