"""Shared set-up of the web tests: each test starts with an empty cache (the sign-in throttle and
the rate limits live there), and ``signed_in`` gives a test client acting as one role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from seats.domain.roles import Role


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    translation.deactivate()  # a Spanish page must not leave the next test rendering Spanish


def signed_in(world, role: Role) -> Client:  # type: ignore[no-untyped-def]
    """A client signed in as the world's person holding ``role``."""
    client = Client()
    client.force_login(world.actor(role).user)
    return client
