"""Writing many adult-education rows at once (an attendance file, the recompute of the
enrollments it touched). On PostgreSQL the rows are COPYed into a temporary table and applied
with one statement (``INSERT ... ON CONFLICT DO UPDATE`` for the hours, ``UPDATE ... FROM``
for the figures); elsewhere the ORM's bulk operations do the same. Callers hold the
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone

from ..models import Assessment, ContactHour, Enrollment

HOUR_COLUMNS = ("enrollment_id", "day", "kind", "hours", "minutes", "entered_by_id")
NOTE_COLUMNS = ("role", "valid_for_gain", "note")


def _stage(cursor, name: str, table: str, columns: Sequence[str], rows) -> None:  # type: ignore[no-untyped-def]
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(
        f"CREATE TEMP TABLE {name} ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA"
    )
    with cursor.cursor.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def upsert_hours(rows: Sequence[tuple[Any, ...]]) -> int:
    """Rows of ``HOUR_COLUMNS``; a day and kind already recorded is replaced."""
    if not rows:
        return 0
    now = timezone.now()
    if connection.vendor != "postgresql":
        objs = [
            ContactHour(**dict(zip(HOUR_COLUMNS, r, strict=True)), entered_at=now) for r in rows
        ]
        ContactHour.objects.bulk_create(
            objs,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["enrollment", "day", "kind"],
            update_fields=["hours", "minutes", "entered_by", "entered_at"],
        )
        return len(rows)
    table = connection.ops.quote_name(ContactHour._meta.db_table)
    cols = ", ".join(HOUR_COLUMNS)
    with connection.cursor() as cursor:
        _stage(cursor, "adulted_hours_in", table, HOUR_COLUMNS, rows)
        cursor.execute(
            f"INSERT INTO {table} ({cols}, entered_at) SELECT {cols}, %s FROM adulted_hours_in "
            "ON CONFLICT (enrollment_id, day, kind) DO UPDATE SET hours = EXCLUDED.hours, "
            "minutes = EXCLUDED.minutes, entered_by_id = EXCLUDED.entered_by_id, "
            "entered_at = EXCLUDED.entered_at",
            [now],
        )
        written = cursor.rowcount
        cursor.execute("DROP TABLE adulted_hours_in")
    return written


def _update(model, objs: Sequence[Any], fields: Sequence[str], stage: str) -> None:  # type: ignore[no-untyped-def]
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, list(fields), batch_size=500)
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ("id", *fields)
    with connection.cursor() as cursor:
        _stage(
            cursor,
            stage,
            table,
            columns,
            ([o.pk, *(getattr(o, f) for f in fields)] for o in objs),
        )
        sets = ", ".join(f"{f} = s.{f}" for f in fields)
        cursor.execute(f"UPDATE {table} AS t SET {sets} FROM {stage} AS s WHERE t.id = s.id")
        cursor.execute(f"DROP TABLE {stage}")


def update_figures(enrollments: Sequence[Enrollment], fields: Sequence[str]) -> None:
    """Write ``fields`` of each enrollment (already set on the objects)."""
    _update(Enrollment, enrollments, fields, "adulted_figures_in")


def update_notes(assessments: Sequence[Assessment]) -> None:
    """Write each assessment's use (role, valid for gain, note)."""
    _update(Assessment, assessments, NOTE_COLUMNS, "adulted_notes_in")
