"""Fixtures of the API tests: a fresh cache (rate-limit counters), a movable API clock, a world."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.api.helpers import Clock
from tests.api.scene import Scene, build_scene
from tests.factories import SUBMITTED, build_world


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moving = Clock(SUBMITTED)
    monkeypatch.setattr("seats.api.clock.today", moving.today)
    return moving


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)
