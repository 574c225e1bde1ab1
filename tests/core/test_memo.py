"""Reference data is memoized only inside a batch; outside, every read sees the latest rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seats.core.models import BusinessDayOverride
from seats.core.services.calendars import business_calendar
from seats.core.services.memo import reference_data_memoized
from seats.core.services.policy import policy_for, set_policy

pytestmark = pytest.mark.django_db
CLOSURE = date(2025, 12, 26)


def test_outside_a_batch_every_read_sees_changes() -> None:
    assert business_calendar().is_business_day(CLOSURE)
    BusinessDayOverride.objects.create(date=CLOSURE, closed=True, note="Governor's closure")
    assert not business_calendar().is_business_day(CLOSURE)


def test_inside_a_batch_each_key_is_read_once() -> None:
    with reference_data_memoized(), CaptureQueriesContext(connection) as queries:
        first = business_calendar()
        for _ in range(5):
            assert business_calendar() is first
            policy_for(2025, as_of=date(2025, 9, 2))
    assert len(queries.captured_queries) == 2  # one for the overrides, one for the policy


def test_the_memo_ends_with_its_block() -> None:
    with reference_data_memoized():
        before = policy_for(2025, as_of=date(2025, 9, 2))
    set_policy(
        school_year=2025,
        key="credit_limit",
        value="7",
        effective_on=date(2025, 7, 1),
        reason="board action",
    )
    after = policy_for(2025, as_of=date(2025, 9, 2))
    assert (before.credit_limit, after.credit_limit) == (6, 7)
