"""A by-primary-key query compiled once per database connection (issue 14: writes).

Every service transition starts by locking its CCA with ``select_for_update`` and
``select_related``: three wide tables, about 120 columns. Django compiles that SQL anew on each
call, which cost more than half the Python time of ``move_status``. ``PreparedGet`` compiles it
the first time on each connection (connections are per thread, so the cache is too), then runs
the same SQL with the new key through the connection's cursor (so query counting and execute
wrappers still see it) and builds the instances exactly as Django's ``ModelIterable`` does:
``from_db`` for the model, the related populators for ``select_related``.

The queryset must be a plain filter-free queryset of one model (``select_related``,
``select_for_update`` and ``only`` are fine); anything whose compiled parameters are not just
the key falls back to the ORM.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.transaction import TransactionManagementError

M = TypeVar("M", bound=Model)
_SENTINEL = -987654321  # a key no row has: it marks where the real key goes


class PreparedGet(Generic[M]):
    def __init__(self, build: Callable[[], QuerySet[M]]) -> None:
        self.build = build

    def get(self, pk: object, using: str = "default") -> M:
        """The row with primary key ``pk`` (``DoesNotExist`` when there is none)."""
        queryset = self.build()
        model = queryset.model
        key = model._meta.pk.get_prep_value(pk)  # ValueError / TypeError as the ORM raises
        connection = connections[using]
        plans = connection.__dict__.setdefault("_seats_prepared", {})
        plan = plans.get(self)
        if plan is None:
            plan = plans[self] = _Plan.compile(queryset, using)
        if plan.sql is None:
            return queryset.get(pk=pk)
        if plan.for_update and connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, (key,))
            rows = cursor.fetchall()
        if not rows:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        return plan.build(rows[0], using)


class _Plan:
    sql: str | None

    def __init__(self) -> None:
        self.sql = None
        self.for_update = False

    @classmethod
    def compile(cls, queryset: QuerySet[Any], using: str) -> _Plan:
        plan = cls()
        query = queryset.filter(pk=_SENTINEL).order_by()[:2].query
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if tuple(params) != (_SENTINEL,) or compiler.annotation_col_map:
            return plan  # not a plain by-key query: the ORM runs it each time
        plan.sql, plan.for_update = sql, bool(query.select_for_update)
        plan.compiler = compiler
        select, klass_info = compiler.select, compiler.klass_info
        fields = [s[0] for s in select[0 : compiler.col_count]]
        plan.converters = compiler.get_converters(fields)
        plan.model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        plan.span = (start, end)
        plan.init_list = [f[0].target.attname for f in select[start:end]]
        plan.populators = get_related_populators(klass_info, select, using)
        return plan

    def build(self, row: tuple[Any, ...], using: str) -> Any:
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        start, end = self.span
        obj = self.model.from_db(using, self.init_list, row[start:end])
        for populator in self.populators:
            populator.populate(row, obj)
        return obj
