"""``column = ANY(%s)``: thousands of values as one array parameter on PostgreSQL.

A batch of 50,000 LMS events looks up its students, enrollments and known event ids; with
``__in`` each look-up is split into chunks of thousands of placeholders that Django compiles and
psycopg rewrites one by one. Elsewhere (SQLite) the values are chunked ``__in`` filters."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection
from django.db.models import F, Lookup, QuerySet

CHUNK = 5_000  # SQLite: below its bound on variables per statement


class AnyOf(Lookup):
    """``lhs = ANY(<array>)``; use as an expression: ``qs.filter(AnyOf(F("ssid"), values))``."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [list(value)]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def rows_matching(qs: QuerySet[Any], field: str, values: Sequence[Any]) -> Iterator[Any]:
    """The rows of ``qs`` whose ``field`` is one of ``values`` (one query on PostgreSQL)."""
    if not values:
        return
    if connection.vendor == "postgresql":
        yield from qs.filter(AnyOf(F(field), values))
        return
    for i in range(0, len(values), CHUNK):
        yield from qs.filter(**{f"{field}__in": values[i : i + CHUNK]})
