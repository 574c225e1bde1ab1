"""Bulk writing for the demo: PostgreSQL COPY (psycopg 3) or batched INSERTs elsewhere.

The demo writes a million CCAs and several million history rows at state scale; going through
the ORM one object at a time would take an hour. Rows are plain tuples in column order with
explicit primary keys (so a CCA's history can point at it before either is written); JSON
values arrive already encoded as text. Sequences are moved past the written keys at the end.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


class TableWriter:
    """Writes rows of one model. ``columns`` are attribute names (equal to column names for the
    concrete fields used here)."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.columns = tuple(columns)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in self.columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {unknown}")
        self.extra = _missing_defaults(model, self.columns)
        self.columns += tuple(name for name, _ in self.extra)
        self.fields = [fields[c] for c in self.columns]
        self.json = [isinstance(f, models.JSONField) for f in self.fields]
        self.table = model._meta.db_table
        self.rows_written = 0

    def write(self, rows: Iterable[tuple[Any, ...]]) -> None:
        rows = self.with_defaults(list(rows))
        if not rows:
            return
        if connection.vendor == "postgresql":
            self._copy(rows)
        else:
            self._insert(rows)
        self.rows_written += len(rows)

    def _copy(self, rows: list[tuple[Any, ...]]) -> None:
        with connection.cursor() as cursor:
            self.copy_with(cursor.cursor, rows)

    def with_defaults(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        if not self.extra:
            return rows
        tail = tuple(value for _, value in self.extra)
        return [row + tail for row in rows]

    def copy_sql(self) -> str:
        quote = connection.ops.quote_name
        cols = ", ".join(quote(f.column) for f in self.fields)
        return f"COPY {quote(self.table)} ({cols}) FROM STDIN"

    def copy_bytes(self, cursor: Any, payload: bytes, rows: int) -> None:
        """COPY rows already in PostgreSQL's text format (made by ``format_rows``)."""
        with cursor.copy(self.copy_sql()) as copy:
            copy.write(payload)
        self.rows_written += rows

    def copy_with(self, cursor: Any, rows: list[tuple[Any, ...]]) -> None:
        """COPY the rows through a psycopg cursor (any thread may hold it)."""
        with cursor.copy(self.copy_sql()) as copy:
            write = copy.write_row
            for row in rows:
                write(row)

    def _insert(self, rows: list[tuple[Any, ...]]) -> None:
        quote = connection.ops.quote_name
        cols = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        sql = f"INSERT INTO {quote(self.table)} ({cols}) VALUES ({marks})"
        prepared = [self._prepare(row) for row in rows]
        with connection.cursor() as cursor:
            for start in range(0, len(prepared), 500):
                cursor.executemany(sql, prepared[start : start + 500])

    def _prepare(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        out = []
        for value, field, is_json in zip(row, self.fields, self.json, strict=True):
            if is_json or value is None:
                out.append(value)  # JSON arrives encoded already
            else:
                out.append(field.get_db_prep_save(value, connection))
        return tuple(out)


def _missing_defaults(model: type[models.Model], given: Sequence[str]) -> list[tuple[str, Any]]:
    """Fields the demo does not set (added to the models later, say) get their defaults, so a
    new column with a default never breaks the bulk load."""
    out = []
    for f in model._meta.concrete_fields:
        if f.attname in given or f.primary_key:
            continue
        if f.has_default():
            out.append((f.attname, f.get_default()))
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            out.append((f.attname, timezone.now()))
        elif not f.null:
            raise ValueError(f"{model.__name__}.{f.name} needs a value in the demo")
    return out


class Ids:
    """Hands out primary keys above what a table already holds."""

    def __init__(self, model: type[models.Model] | None = None, start: int = 1) -> None:
        if model is not None:
            start = (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
        self.next = start

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


def reset_sequences(model_list: Sequence[type[models.Model]]) -> None:
    """Move each table's id sequence past the explicit keys the demo wrote."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if not statements:
        return
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Pipeline:
    """Writes batches on PostgreSQL from a background thread through the same connection (and
    so the same transaction) while the caller generates the next batch: the server parses and
    indexes one batch while Python builds the next. Elsewhere it writes in place."""

    def __init__(self) -> None:
        self.threaded = connection.vendor == "postgresql"
        self.jobs: queue.Queue[tuple[TableWriter, list[tuple[Any, ...]]] | None] = queue.Queue(2)
        self.error: BaseException | None = None
        if self.threaded:
            connection.ensure_connection()
            self.raw = connection.connection
            self.thread = threading.Thread(target=self._work, name="demo-copy", daemon=True)
            self.thread.start()

    def write(self, writer: TableWriter, rows: list[tuple[Any, ...]]) -> None:
        if self.error:
            raise self.error
        if not rows:
            return
        if not self.threaded:
            writer.write(rows)
            return
        rows = writer.with_defaults(rows)
        writer.rows_written += len(rows)
        self.jobs.put((writer, rows))

    def _work(self) -> None:
        while (job := self.jobs.get()) is not None:
            if self.error is None:
                try:
                    with self.raw.cursor() as cursor:
                        job[0].copy_with(cursor, job[1])
                except BaseException as exc:  # re-raised in the caller's thread
                    self.error = exc

    def close(self) -> None:
        if self.threaded:
            self.jobs.put(None)
            self.thread.join()
        if self.error:
            raise self.error


@contextmanager
def fast_load(model_list: Sequence[type[models.Model]]) -> Iterator[None]:
    """For the state-sized load on PostgreSQL: skip per-row foreign-key triggers (the generator
    writes consistent keys; needs a superuser, else nothing changes) and build the secondary
    indexes and unique constraints of ``model_list`` once at the end instead of row by row (a
    duplicate would still fail the load there, inside the same transaction)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        tables = [m._meta.db_table for m in model_list]
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conindid = "
            "  (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
            [tables],
        )
        saved = cursor.fetchall()
        for name, _ in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE c.contype = 'u' AND t.relname = ANY(%s) "
            "AND t.relnamespace = current_schema()::regnamespace",
            [tables],
        )
        uniques = cursor.fetchall()
        for table, name, _ in uniques:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in uniques:
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition}")
        for _, definition in saved:
            cursor.execute(definition)
        for table in tables:  # fresh statistics, so the first queries get good plans
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def row_formatter() -> Any:
    """psycopg's (C) COPY text formatter, usable without a connection, or None if this psycopg
    does not expose it: worker processes format rows so the main process only sends bytes."""
    try:
        from psycopg._copy_base import format_row_text
        from psycopg.adapt import Transformer
    except ImportError:  # pragma: no cover - depends on the psycopg release
        return None
    transformer = Transformer()

    def format_rows(rows: list[tuple[Any, ...]]) -> bytes:
        out = bytearray()
        for row in rows:
            format_row_text(row, transformer, out)
        return bytes(out)

    return format_rows
