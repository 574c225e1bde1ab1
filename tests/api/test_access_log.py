"""API reads of student records are logged like web views (SPEC 10), channel "api"."""

from __future__ import annotations

from seats.core.models import AccessLog
from seats.domain.roles import Role

from .helpers import api_for


def test_api_reads_are_logged(world) -> None:
    world.register()
    cca = world.submit()
    api = api_for(world, Role.PROVIDER_STAFF)
    assert api.get(f"/ccas/{cca.pk}").status == 200
    assert api.get("/ccas").status == 200
    entries = list(AccessLog.objects.order_by("id").values_list("action", "cca_id", "channel"))
    assert entries == [("view", cca.pk, "api"), ("list", None, "api")]
    assert AccessLog.objects.get(action="list").rows == 1
