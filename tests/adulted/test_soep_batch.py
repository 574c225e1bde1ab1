"""The set-based form of SOEP's adult-education check: a batch of eligibility decisions (a
bulk import's rows) asks adult education once, and each row still gets its reason."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seats.adulted.selectors.soep import has_open_enrollment, open_enrollment_ssids
from seats.adulted.services import records
from seats.core.services.eligibility import Approvals, reasons_for_request
from seats.core.services.extensions import adult_education_among, adult_education_batch
from seats.domain.errors import Ineligible
from tests.factories import make_student

from .helpers import ENTRY, TODAY, build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY


def _in_adult_ed(a, student, *, exit_on=None):  # type: ignore[no-untyped-def]
    adult = records.register_student(
        actor=a.staff,
        program=a.program,
        first_name="Kai",
        last_name="Tester",
        date_of_birth=student.date_of_birth,
        ssid=student.ssid,
    )
    e = records.enroll(
        actor=a.staff, student=adult, program=a.program, entry_date=ENTRY, area_of_focus="AHSC"
    )
    if exit_on:
        records.exit_enrollment(
            actor=a.director, enrollment=e, exit_date=exit_on, reason="completion"
        )
    return e


def _codes(world, student, as_of=TODAY):  # type: ignore[no-untyped-def]
    reasons = reasons_for_request(
        student=student,
        offering=world.offering,
        school_year=2025,
        session="S1",
        as_of=as_of,
        approvals=Approvals(),
    )
    return [r.code for r in reasons]


def _adulted_queries(captured) -> int:  # type: ignore[no-untyped-def]
    return sum("seats_adulted_" in q["sql"] for q in captured.captured_queries)


def test_each_batch_row_still_gets_its_reason() -> None:
    a = build()
    students = [make_student(a.world) for _ in range(6)]
    _in_adult_ed(a, students[1])
    _in_adult_ed(a, students[4])
    _in_adult_ed(a, students[5], exit_on=date(2025, 12, 19))  # exited: eligible again
    with adult_education_batch(students, TODAY) as found:
        flagged = [s for s in students if "adult_education" in _codes(a.world, s)]
        with pytest.raises(Ineligible) as refused:
            a.world.submit(student=students[4], as_of=TODAY)
    assert found == {students[1].pk, students[4].pk}
    assert flagged == [students[1], students[4]]
    assert "adult_education" in {r.code for r in refused.value.reasons}


@pytest.mark.parametrize("rows", [3, 12])
def test_a_batch_asks_adult_education_once_whatever_its_rows(rows: int) -> None:
    a = build()
    students = [make_student(a.world) for _ in range(rows)]
    _in_adult_ed(a, students[0])
    with CaptureQueriesContext(connection) as one_by_one:
        for s in students:
            _codes(a.world, s)
    with CaptureQueriesContext(connection) as batched, adult_education_batch(students, TODAY):
        codes = [_codes(a.world, s) for s in students]
    assert _adulted_queries(one_by_one) == rows  # the per-request path: one EXISTS each
    assert _adulted_queries(batched) == 1
    assert ["adult_education" in c for c in codes] == [True] + [False] * (rows - 1)


def test_the_batch_form_agrees_with_the_single_check() -> None:
    a = build()
    students = [make_student(a.world) for _ in range(4)]
    _in_adult_ed(a, students[0])
    _in_adult_ed(a, students[1], exit_on=date(2025, 12, 19))
    no_ssid = make_student(a.world, ssid=None)
    for day in (date(2025, 9, 1), ENTRY, date(2025, 12, 19), TODAY):
        single = {s.ssid for s in students if has_open_enrollment(s, day)}
        assert open_enrollment_ssids([s.ssid for s in students], day) == single
        among = adult_education_among([*students, no_ssid], day)
        assert among == {s.pk for s in students if s.ssid in single}


def test_outside_the_batch_the_single_check_answers() -> None:
    a = build()
    inside, outside = make_student(a.world), make_student(a.world)
    _in_adult_ed(a, outside)
    with adult_education_batch([inside], TODAY):
        assert "adult_education" in _codes(a.world, outside)  # not covered: asked on its own
        assert "adult_education" not in _codes(a.world, inside)
        assert "adult_education" not in _codes(a.world, outside, as_of=date(2025, 9, 1))
