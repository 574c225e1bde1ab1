"""Properties: more hours or tests never lose an enrollee status reached in the same year, and
every student of the year is either counted in the tables or has a reason."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from seats.domain.adulted import counting
from seats.domain.adulted.enrollee import enrollee_status
from seats.domain.adulted.levels import Assessed

from .helpers import levels

FY_START = date(2025, 7, 1)
days = st.integers(min_value=-30, max_value=400).map(lambda n: FY_START + timedelta(days=n))
maybe_day = st.none() | days
hour_rows = st.lists(st.tuples(days, st.integers(0, 10).map(Decimal)), max_size=12)
tabe_scores = st.integers(0, 999)
tests = st.lists(
    st.tuples(days, tabe_scores, st.sampled_from(["reading", "total_math", "language"])),
    max_size=5,
)


def _tests(rows):  # type: ignore[no-untyped-def]
    return [Assessed(i, "TABE_9_10", d, ((a, s),)) for i, (d, s, a) in enumerate(rows)]


def _status(hours, tested, seop, code):  # type: ignore[no-untyped-def]
    lv = levels(_tests(tested), hours, "ABE", fiscal_year=2025)
    efl = lv.efl_day
    return enrollee_status(
        fiscal_year=2025, hours=hours, efl_day=efl, seop_core_goal_day=seop, funding_code_day=code
    ), lv


@settings(max_examples=300, deadline=None)
@given(hour_rows, hour_rows, tests, tests, maybe_day, maybe_day)
def test_more_hours_or_later_tests_never_lose_enrollee_status(
    hours, more_hours, tested, more_tests, seop, code
) -> None:  # type: ignore[no-untyped-def]
    before, _ = _status(hours, tested, seop, code)
    if not before.is_enrollee:
        return
    reached = before.reached_on
    after, _ = _status(hours + more_hours, tested + more_tests, seop, code)
    assert after.is_enrollee
    assert after.reached_on <= reached


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(hour_rows, tests, maybe_day, maybe_day, st.integers(10, 80)), max_size=6))
def test_every_student_is_counted_or_has_a_reason(students) -> None:  # type: ignore[no-untyped-def]
    years = []
    for i, (hours, tested, seop, code, age) in enumerate(students):
        status, lv = _status(hours, tested, seop, code)
        years.append(
            counting.StudentYear.from_rules(
                levels=lv,
                status=status,
                hours=sum((h for _, h in hours), Decimal(0)),
                key=i,
                program="P",
                name=f"s{i}",
                age=age,
                sex="F",
                ethnicity="",
                area_of_focus="ABE",
            )
        )
    gains = counting.efl_gain_table(years)
    counted = sum(row.enrollees for row in gains)
    left_out = counting.not_counted(years)
    assert counted + len(left_out) == len(years)
    assert all(reasons for _, reasons in left_out)
    assert sum(counting.participants_table(years)["age"].values()) == counted
    for row in gains:
        assert row.with_gain + sum(row.no_gain.values()) == row.enrollees
