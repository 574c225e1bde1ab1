"""Report and export reads go to the read replica when one is configured (seats.core.replica).

The test settings declare a ``replica`` alias mirroring the test database, as a streaming replica
mirrors the primary; which connection runs each query shows where the router sent it.
"""

from __future__ import annotations

import io

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from seats.core.models import CCA, AccessLog
from seats.core.replica import replica_reads
from seats.core.selectors.access import viewers_of
from seats.domain.roles import Role
from seats.integration.exports import export_ccas
from tests.core.helpers_lifecycle import confirmed
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def _tables(captured: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in captured.captured_queries)


def test_reads_inside_the_block_run_on_the_replica_and_others_on_the_primary() -> None:
    world = build_world()
    confirmed(world)
    with replica_reads() as alias:
        assert alias == "replica"
        assert CCA.objects.all().db == "replica"
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            assert CCA.objects.count() == 1
    assert "seats_cca" in _tables(on_replica)
    assert CCA.objects.all().db == "default"


def test_an_export_reads_on_the_replica_and_writes_its_access_log_on_the_primary() -> None:
    world = build_world()
    confirmed(world)
    user = world.actor(Role.PROVIDER_STAFF).user
    viewer = next(v for v in viewers_of(user) if v.role is Role.PROVIDER_STAFF)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        rows = export_ccas(viewer, io.StringIO())
    assert rows == 1
    assert "seats_cca" in _tables(on_replica)
    primary_reads = [q["sql"] for q in on_primary.captured_queries if q["sql"].startswith("SELECT")]
    assert not [sql for sql in primary_reads if '"seats_cca"' in sql]
    assert any(q["sql"].startswith("INSERT") for q in on_primary.captured_queries)
    assert AccessLog.objects.filter(action="export").count() == 1


def test_inside_a_transaction_reads_stay_on_the_primary() -> None:
    """A report reading what its own transaction wrote must see it: a replica lags."""
    with transaction.atomic(), replica_reads() as alias:
        assert alias == "default"
        assert CCA.objects.all().db == "default"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_without_a_replica_everything_uses_the_primary(settings) -> None:
    settings.DATABASES = {k: v for k, v in settings.DATABASES.items() if k != "replica"}
    with replica_reads() as alias:
        assert alias == "default"
        assert CCA.objects.all().db == "default"


def test_only_the_primary_is_migrated() -> None:
    from seats.core.replica import ReplicaRouter

    router = ReplicaRouter()
    assert router.allow_migrate("default", "seats") is True
    assert router.allow_migrate("replica", "seats") is False
    assert router.db_for_write(CCA) == "default"
