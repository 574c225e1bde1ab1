"""The set-based reads the year's report and the batch use, equal on SQLite and PostgreSQL to
what the rules read one by one (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from seats.core.models import Student
from seats.domain.membership.tenday import Span, membership
from seats.membership.lookups import rows_matching
from seats.membership.selectors.compute import compute
from seats.membership.services.events import ingest
from seats.membership.services.facts import calendar_of, event_days, event_ordinals, rules_for

from .helpers import SYSTEM, another_student, build_scene, nth, row


@pytest.fixture
def scene(db):
    return build_scene()


def test_event_ordinals_are_the_days_as_date_toordinal(scene) -> None:
    late = another_student(scene)
    saturday = date(2026, 8, 29)
    rows = [
        row(scene.enrollment, nth(1), "a"),
        row(scene.enrollment, nth(1), "b"),  # the same day twice
        row(scene.enrollment, saturday, "c"),
        row(late, nth(12), "d"),
        row(late, nth(40), "e"),  # after ``through``
    ]
    ingest(actor=SYSTEM, lea_id=scene.world.lea.pk, rows=rows, source="lms", source_system="t",
           as_of=nth(60))  # fmt: skip
    ids = [scene.enrollment.pk, late.pk]
    ordinals = event_ordinals(ids, nth(30))
    days = event_days(ids, nth(30))
    assert {k: sorted(set(v)) for k, v in ordinals.items()} == {
        k: sorted(d.toordinal() for d in v) for k, v in days.items()
    }
    assert sorted(set(ordinals[scene.enrollment.pk])) == sorted(
        d.toordinal() for d in (nth(1), saturday)
    )
    assert sorted(ordinals[late.pk]) == [nth(12).toordinal()]


def test_the_years_compute_equals_the_rule_one_enrollment_at_a_time(scene) -> None:
    late = another_student(scene)
    rows = [row(scene.enrollment, nth(i), f"x{i}") for i in (1, 13, 14, 40)]
    rows += [row(late, nth(i), f"y{i}") for i in (3, 25)]
    ingest(actor=SYSTEM, lea_id=scene.world.lea.pk, rows=rows, source="lms", source_system="t",
           as_of=nth(60))  # fmt: skip
    enrollments = [scene.enrollment, late]
    results = {r.enrollment.pk: r for r in compute(enrollments, school_year=2026, through=nth(50))}
    days = event_days([e.pk for e in enrollments], nth(50))
    for e in enrollments:
        alone = membership(
            calendar_of(e.program), Span(e.entry_on, e.exit_on), days[e.pk], rules_for(nth(50)),
            through=nth(50),
        )  # fmt: skip
        got = results[e.pk].result
        assert got is not None
        assert (got.days, got.gaps, got.streak) == (alone.days, alone.gaps, alone.streak)
    assert results[scene.enrollment.pk].gaps[0].out_days == (nth(12),)


def test_rows_matching_is_one_filter_for_many_values(scene) -> None:
    ssids = [scene.world.student.ssid, "nobody", *(f"x{i}" for i in range(6_000))]
    found = list(rows_matching(Student.objects.values_list("ssid", flat=True), "ssid", ssids))
    assert found == [scene.world.student.ssid]
    assert list(rows_matching(Student.objects.all(), "ssid", [])) == []
