"""Shared test configuration. Tests run on SQLite by default and on PostgreSQL when DATABASE_URL
points at one (``make test`` does both)."""

import pytest
from django.db import connection
from hypothesis import settings as hypothesis_settings

# Rule tests are checked for what they compute, not how fast: `make test` runs the SQLite and the
# PostgreSQL passes side by side on two cores, where a timing deadline would only add flakiness.
hypothesis_settings.register_profile("seats", deadline=None)
hypothesis_settings.load_profile("seats")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` need PostgreSQL features (row locks across threads)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (runs in the PostgreSQL pass of make test)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"
