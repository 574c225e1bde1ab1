"""Exports of student records to files are logged (SPEC 10)."""

from __future__ import annotations

import pytest

from seats.core.models import AccessLog
from seats.core.selectors.access import viewers_of
from seats.domain.roles import Role
from seats.integration.oneroster.export import export_oneroster
from tests.core.helpers_lifecycle import confirmed
from tests.factories import SY, build_world

pytestmark = pytest.mark.django_db


def test_oneroster_export_is_logged_as_an_export() -> None:
    world = build_world()
    confirmed(world)
    user = world.actor(Role.PROVIDER_STAFF).user
    viewer = next(v for v in viewers_of(user) if v.role is Role.PROVIDER_STAFF)
    export_oneroster(viewer, provider_code=world.provider.code, school_year=SY, session="S1")
    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.channel, entry.rows) == (user, "export", "file", 1)
    assert "OneRoster PRV1" in entry.what
