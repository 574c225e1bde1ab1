"""Inside a batch the year's policy settings are read once whatever the days asked (issue 14:
the deadline recompute of a bulk import asked for the policy on a hundred different days)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seats.core.services.memo import reference_data_memoized
from seats.core.services.policy import policy_for, set_policy

pytestmark = pytest.mark.django_db


def test_many_days_one_query_and_each_day_sees_the_settings_then_in_force() -> None:
    set_policy(
        school_year=2025,
        key="credit_limit",
        value="7",
        effective_on=date(2025, 10, 1),
        reason="board action",
    )
    days = [date(2025, 8, 1) + timedelta(days=n) for n in range(120)]
    outside = {day: policy_for(2025, as_of=day).credit_limit for day in days}
    with reference_data_memoized(), CaptureQueriesContext(connection) as queries:
        inside = {day: policy_for(2025, as_of=day).credit_limit for day in days}
        assert policy_for(2025, as_of=days[0]) is policy_for(2025, as_of=days[1])
    assert len(queries.captured_queries) == 1
    assert inside == outside
    assert {outside[date(2025, 9, 30)], outside[date(2025, 10, 1)]} == {6, 7}
