"""seats.core.services.prepared: the by-key lock compiled once gives what the ORM gives."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from seats.core.models import CCA
from seats.core.services.lifecycle import _LOCK
from seats.core.services.prepared import PreparedGet
from tests.core.helpers_lifecycle import ready_to_confirm
from tests.factories import build_world

pytestmark = pytest.mark.django_db


def test_the_prepared_lock_reads_what_the_orm_reads() -> None:
    world = build_world()
    first = ready_to_confirm(world)
    orm = lambda pk: CCA.objects.select_related("student", "primary_lea").get(pk=pk)  # noqa: E731
    from django.db import connection

    with transaction.atomic():
        for cca in (first, first):  # the second call reuses the compiled statement
            with CaptureQueriesContext(connection) as queries:
                got = _LOCK.get(cca.pk)
            assert len(queries.captured_queries) == 1  # student and LEA come with it
            want = orm(cca.pk)
            fields = [f.attname for f in CCA._meta.concrete_fields]
            assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields]
            assert got.student.legal_last_name == want.student.legal_last_name
            assert got.primary_lea.code == want.primary_lea.code
            assert got._state.db == "default" and not got._state.adding


def test_missing_keys_and_bad_keys_fail_as_the_orm_does() -> None:
    with transaction.atomic():
        with pytest.raises(CCA.DoesNotExist):
            _LOCK.get(987_654_320)
        with pytest.raises(ValueError):
            _LOCK.get("not a number")


@pytest.mark.django_db(transaction=True)
def test_a_row_lock_outside_a_transaction_is_refused() -> None:
    world = build_world()
    cca = ready_to_confirm(world)
    with pytest.raises(TransactionManagementError):
        PreparedGet(lambda: CCA.objects.select_for_update()).get(cca.pk)


def test_a_query_with_more_than_the_key_runs_through_the_orm() -> None:
    world = build_world()
    cca = ready_to_confirm(world)
    filtered = PreparedGet(lambda: CCA.objects.filter(status=cca.status))
    assert filtered.get(cca.pk).pk == cca.pk
    with pytest.raises(CCA.DoesNotExist):
        PreparedGet(lambda: CCA.objects.filter(status="rejected_by_lea")).get(cca.pk)
