"""Writing many engagement events at once. On PostgreSQL the rows are COPYed into a temporary
table and inserted from it with ``ON CONFLICT DO NOTHING`` (the unique LMS id makes a racing
duplicate a no-op); elsewhere ``bulk_create(ignore_conflicts=True)``. Callers hold the
transaction; the count of rows actually added is returned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from ..models import EngagementEvent

COLUMNS = (
    "enrollment_id", "lea_id", "on", "kind", "minutes", "source", "source_system",
    "external_id", "cca_id", "note", "recorded_by_id", "recorded_by_role", "recorded_at",
)  # fmt: skip
_STAGE = "membership_events_in"


def insert_events(rows: Sequence[tuple[Any, ...]]) -> int:
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        objs = [EngagementEvent(**dict(zip(COLUMNS, r, strict=True))) for r in rows]
        return len(
            EngagementEvent.objects.bulk_create(objs, batch_size=2000, ignore_conflicts=True)
        )
    table = connection.ops.quote_name(EngagementEvent._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        cursor.execute(
            f"CREATE TEMP TABLE {_STAGE} ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {_STAGE} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {_STAGE} ON CONFLICT DO NOTHING"
        )
        added = cursor.rowcount
        cursor.execute(f"DROP TABLE {_STAGE}")
    return added
