"""Throttled sign-in (passwords and second-factor codes), see docs/security.md.

Two counters, both in the Django cache (Redis in production, so every web process shares them;
``seats.web.checks`` fails ``check --deploy`` on a per-process cache):

* **per account**: the first ``SEATS_LOGIN_FREE_FAILURES`` wrong passwords (or codes) cost
  nothing; each later one makes the account wait before the next try, doubling from
  ``SEATS_LOGIN_BASE_DELAY`` seconds up to ``SEATS_LOGIN_MAX_DELAY``. A good sign-in clears it.
  Only that account waits: the others behind the same address sign in as usual.
* **per client address**: ``SEATS_LOGIN_ADDRESS_MAX_FAILURES`` wrong passwords in
  ``SEATS_LOGIN_ADDRESS_WINDOW`` seconds, for any accounts, refuse that address until the
  window ends. The limit is far above what a school of people sharing one address mistypes, and
  it stops one address from spraying guesses over many accounts. A good sign-in does not clear
  it (else an attacker would clear it with an account of their own).

A refused try checks no password, so it counts in neither counter: waiting is all it takes.

The client address is ``REMOTE_ADDR`` unless ``SEATS_TRUSTED_PROXY_HEADER`` names the header the
site's own proxy sets (e.g. ``X-Forwarded-For``); a header a client could forge is never read
otherwise.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PREFIX = "seats:signin"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _now() -> float:
    return time.time()


def client_address(request: HttpRequest) -> str:
    """The address of the person signing in: the trusted proxy's header, or ``REMOTE_ADDR``.

    With a header that may list several hops (``X-Forwarded-For``) the last one is taken: it is
    the one the trusted proxy itself added; anything before it came from the client."""
    header = getattr(settings, "SEATS_TRUSTED_PROXY_HEADER", "") or ""
    if header:
        key = "HTTP_" + header.strip().upper().replace("-", "_")
        value = request.META.get(key, "")
        hops = [hop.strip() for hop in value.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def _account(username: str) -> str:
    return username.strip().lower()


def _keys(username: str) -> tuple[str, str]:
    account = _account(username)
    return f"{PREFIX}:user:{account}:failures", f"{PREFIX}:user:{account}:until"


def _address_key(address: str) -> str:
    return f"{PREFIX}:addr:{address}:failures"


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in is refused now and for how many more seconds."""

    reason: str  # "account" or "address"
    seconds: int


def delay_after(failures: int) -> int:
    """Seconds the account waits after its ``failures``-th wrong password in a row."""
    free = _setting("SEATS_LOGIN_FREE_FAILURES", 5)
    if failures < free:
        return 0
    base = _setting("SEATS_LOGIN_BASE_DELAY", 30)
    ceiling = _setting("SEATS_LOGIN_MAX_DELAY", 15 * 60)
    return min(ceiling, base * 2 ** min(failures - free, 32))


def refusal(username: str, address: str) -> Refusal | None:
    """Whether a try for ``username`` from ``address`` is refused now (no password checked)."""
    now = _now()
    until = cache.get(_keys(username)[1])
    if until is not None and until > now:
        return Refusal("account", max(1, math.ceil(until - now)))
    limit = _setting("SEATS_LOGIN_ADDRESS_MAX_FAILURES", 100)
    if address and limit > 0:
        window = max(1, _setting("SEATS_LOGIN_ADDRESS_WINDOW", 15 * 60))
        started = cache.get(_address_key(address) + ":start")
        if (cache.get(_address_key(address)) or 0) >= limit:
            ends = (started or now) + window
            return Refusal("address", max(1, math.ceil(ends - now)))
    return None


def is_locked(username: str, address: str) -> bool:
    return refusal(username, address) is not None


def _count(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def record_failure(username: str, address: str) -> None:
    """A wrong password (or code) for ``username`` from ``address``."""
    failures_key, until_key = _keys(username)
    window = max(1, _setting("SEATS_LOGIN_WINDOW_SECONDS", 24 * 3600))
    failures = _count(failures_key, window)
    delay = delay_after(failures)
    if delay:
        cache.set(until_key, _now() + delay, delay + 60)
    if address:
        address_window = max(1, _setting("SEATS_LOGIN_ADDRESS_WINDOW", 15 * 60))
        key = _address_key(address)
        cache.add(key + ":start", _now(), address_window)
        _count(key, address_window)


def clear(username: str) -> None:
    """A good sign-in: the account starts afresh (the address counter stays)."""
    cache.delete_many(list(_keys(username)))


def message(refused: Refusal) -> str:
    wait = wait_text(refused.seconds)
    if refused.reason == "address":
        return f"Too many failed sign-ins from this network. Try again in {wait}."
    return f"Too many failed sign-ins for this account. Try again in {wait}."


def wait_text(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"
