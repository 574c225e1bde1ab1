"""Recompute an enrollment's levels and enrollee status (the rules of seats.domain.adulted) and
store them on it: called inside the transaction of every change that affects them.

``refresh`` is one enrollment; ``refresh_many`` is the same computation for many enrollments
with a fixed number of queries per chunk (an attendance file touching thousands of students):
their hours, tests, scores and SEOPs are read in one query each, the rules run in memory, and
the changed enrollments and assessments are written back in bulk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from seats.core.services.memo import memo_active, reference_data_memoized
from seats.core.services.policy import policy_for
from seats.domain.adulted.enrollee import EnrolleeStatus, enrollee_status
from seats.domain.adulted.levels import Assessed, Levels, compute_levels
from seats.domain.adulted.nrs import TableSet

from ..models import Assessment, ContactHour, Enrollment, Score, Seop
from ..selectors.tables import tables
from . import writer

#: The enrollment's stored figures (what ``refresh`` writes).
FIGURES = (
    "hours_total",
    "instructional_total",
    "hours_reached_on",
    "efl_code",
    "efl_number",
    "efl_on",
    "levels_gained",
    "no_gain_reason",
    "seop_on",
    "enrollee_on",
)
_CHUNK = 1000  # enrollments per round of reads (SQLite caps the parameters of a statement)

HourRow = tuple[date, Decimal, str]  # day, hours, kind


def assessed(enrollment: Enrollment) -> list[Assessed]:
    rows = Assessment.objects.filter(enrollment=enrollment).prefetch_related("scores")
    return [
        Assessed(a.pk, a.test, a.day, tuple((s.area, s.scale) for s in a.scores.all()), a.form)
        for a in rows
    ]


def _seop_day(seop: Seop | None) -> date | None:
    return seop.core_goal_on if seop and seop.core_goal.strip() else None


def _evaluate(
    enrollment: Enrollment,
    hours: Sequence[HourRow],
    tests: Sequence[Assessed],
    seop_day: date | None,
    table_set: TableSet,
) -> tuple[Levels, EnrolleeStatus]:
    """The rules on data already read (no query but the memoized policy)."""
    policy = policy_for(enrollment.fiscal_year)
    instructional = [(d, h) for d, h, k in hours if k == "instructional"]
    levels = compute_levels(
        tests=tests,
        instructional=instructional,
        area_of_focus=enrollment.area_of_focus,
        tables=table_set,
        min_hours=policy.adulted_min_gain_hours,
        fiscal_year=enrollment.fiscal_year,
    )
    status = enrollee_status(
        fiscal_year=enrollment.fiscal_year,
        hours=[(d, h) for d, h, _ in hours],
        efl_day=levels.efl_day if levels.efl else None,
        seop_core_goal_day=seop_day,
        funding_code_day=enrollment.funding_code_on if enrollment.funding_code else None,
        needed_hours=policy.adulted_enrollee_hours,
    )
    return levels, status


def evaluate(enrollment: Enrollment) -> tuple[Levels, EnrolleeStatus]:
    hours = list(
        ContactHour.objects.filter(enrollment=enrollment).values_list("day", "hours", "kind")
    )
    seop = Seop.objects.filter(enrollment=enrollment).first()
    return _evaluate(enrollment, hours, assessed(enrollment), _seop_day(seop), tables())


def _store(
    enrollment: Enrollment, hours: Sequence[HourRow], levels: Levels, status: EnrolleeStatus
) -> bool:
    """Set the figures on ``enrollment`` (not saved); True when one of them changed."""
    before = tuple(getattr(enrollment, f) for f in FIGURES)
    total = instructional = Decimal(0)
    for _, amount, kind in hours:  # one pass: a recompute runs this for thousands of students
        total += amount
        if kind == "instructional":
            instructional += amount
    enrollment.hours_total = total
    enrollment.instructional_total = instructional
    enrollment.hours_reached_on = status.requirements[0].met_on
    enrollment.efl_code = levels.efl.code if levels.efl else ""
    enrollment.efl_number = levels.efl.number if levels.efl else None
    enrollment.efl_on = levels.efl_day if levels.efl else None
    enrollment.levels_gained = len(levels.gained)
    enrollment.no_gain_reason = levels.no_gain_reason()[:200]
    enrollment.seop_on = status.requirements[2].met_on
    enrollment.enrollee_on = status.reached_on
    return tuple(getattr(enrollment, f) for f in FIGURES) != before


def _notes(levels: Levels) -> dict[object, tuple[str, bool | None, str]]:
    """Each assessment's use: (role, valid for gain, note)."""
    notes: dict[object, tuple[str, bool | None, str]] = {}
    for t in levels.intake:
        notes[t.id] = ("intake", None, f"intake: EFL {levels.efl.code}" if levels.efl else "")
    for p in levels.posttests:
        notes[p.test.id] = ("post", p.valid, p.reason[:240])
    for t, reason in levels.ignored:
        notes[t.id] = ("ignored", None, reason[:240])
    return notes


def _mark(assessment: Assessment, notes: dict[object, tuple[str, bool | None, str]]) -> bool:
    role, valid, note = notes.get(assessment.pk, ("", None, ""))
    if (assessment.role, assessment.valid_for_gain, assessment.note) == (role, valid, note):
        return False
    assessment.role, assessment.valid_for_gain, assessment.note = role, valid, note
    return True


def refresh(enrollment: Enrollment) -> tuple[Levels, EnrolleeStatus]:
    """Store the computed figures on the enrollment and its assessments."""
    hours = list(
        ContactHour.objects.filter(enrollment=enrollment).values_list("day", "hours", "kind")
    )
    seop = Seop.objects.filter(enrollment=enrollment).first()
    levels, status = _evaluate(enrollment, hours, assessed(enrollment), _seop_day(seop), tables())
    _store(enrollment, hours, levels, status)
    enrollment.save()
    notes = _notes(levels)
    for a in Assessment.objects.filter(enrollment=enrollment):
        if _mark(a, notes):
            a.save(update_fields=["role", "valid_for_gain", "note"])
    return levels, status


def refresh_many(enrollments: Iterable[Enrollment]) -> int:
    """``refresh`` for many enrollments: four reads per chunk of ``_CHUNK`` enrollments,
    whatever their hours and tests, then the changed figures and notes written back in two
    bulk statements. Returns how many enrollments changed."""
    table_set = tables()
    pending = list(enrollments)
    changed_enrollments: list[Enrollment] = []
    changed_tests: list[Assessment] = []
    with nullcontext() if memo_active() else reference_data_memoized():  # policy once a year
        for start in range(0, len(pending), _CHUNK):
            chunk = {e.pk: e for e in pending[start : start + _CHUNK]}
            _refresh_chunk(chunk, table_set, changed_enrollments, changed_tests)
    writer.update_figures(changed_enrollments, FIGURES)
    writer.update_notes(changed_tests)
    return len(changed_enrollments)


def _tuples(rows: QuerySet[Any]) -> Iterable[tuple[Any, ...]]:
    """The rows of a ``values_list`` query. On PostgreSQL they are fetched straight from the
    driver (its dates and numerics are already Python's): a chunk holds about fifty hour rows
    per enrollment, and Django's per-row iteration was most of an attendance file's recompute.
    Elsewhere (SQLite stores dates as text) Django's converters are needed."""
    if connection.vendor != "postgresql":
        return rows
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _refresh_chunk(
    chunk: dict[int, Enrollment],
    table_set: TableSet,
    changed_enrollments: list[Enrollment],
    changed_tests: list[Assessment],
) -> None:
    ids = list(chunk)
    hours: dict[int, list[HourRow]] = defaultdict(list)
    rows = ContactHour.objects.filter(enrollment_id__in=ids).values_list(
        "enrollment_id", "day", "hours", "kind"
    )
    for eid, day, amount, kind in _tuples(rows):
        hours[eid].append((day, amount, kind))
    tests: dict[int, list[Assessment]] = defaultdict(list)
    test_ids = []
    for a in Assessment.objects.filter(enrollment_id__in=ids).order_by("day", "pk"):
        tests[a.enrollment_id].append(a)
        test_ids.append(a.pk)
    scores: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for start in range(0, len(test_ids), _CHUNK):
        score_rows = Score.objects.filter(assessment_id__in=test_ids[start : start + _CHUNK])
        for aid, area, scale in score_rows.order_by("pk").values_list(
            "assessment_id", "area", "scale"
        ):
            scores[aid].append((area, scale))
    seops = {
        eid: day if goal.strip() else None
        for eid, goal, day in Seop.objects.filter(enrollment_id__in=ids).values_list(
            "enrollment_id", "core_goal", "core_goal_on"
        )
    }
    for pk, enrollment in chunk.items():
        mine = tests.get(pk, [])
        tested = [Assessed(a.pk, a.test, a.day, tuple(scores.get(a.pk, ())), a.form) for a in mine]
        its_hours = hours.get(pk, [])
        levels, status = _evaluate(enrollment, its_hours, tested, seops.get(pk), table_set)
        if _store(enrollment, its_hours, levels, status):
            changed_enrollments.append(enrollment)
        notes = _notes(levels)
        changed_tests.extend(a for a in mine if _mark(a, notes))
