"""The set-based paths give the same answers as the per-row ones: the NRS tables grouped in
SQL equal ``counting``'s tables over every student's year; ``refresh_many`` stores what
``refresh`` stores; an attendance file's queries do not grow with its rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seats.adulted.models import Assessment, ContactHour, Enrollment
from seats.adulted.selectors import reports
from seats.adulted.services import records, status
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import HourEntry, record_hours
from seats.adulted.services.upload import upload_attendance
from seats.domain.adulted import counting

from .helpers import ENTRY, TODAY, build, enrolled

pytestmark = pytest.mark.django_db
FIGURES = status.FIGURES


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY


def _hours(a, e, days, h=4):  # type: ignore[no-untyped-def]
    entries = [HourEntry(e.pk, ENTRY + timedelta(days=d), "instructional", hours=Decimal(h))
               for d in days]  # fmt: skip
    record_hours(actor=a.staff, program=a.program, entries=entries)


def _test(a, e, day, test="TABE_9_10", **scores):  # type: ignore[no-untyped-def]
    record_assessment(actor=a.staff, enrollment=e, test=test, day=day, administrator="Kim",
                      scores={k: (None, v) for k, v in scores.items()})  # fmt: skip


def _seop(a, e, goal="Earn a diploma"):  # type: ignore[no-untyped-def]
    records.save_seop(actor=a.staff, enrollment=e, core_goal=goal, core_goal_on=ENTRY)


def _world():  # type: ignore[no-untyped-def]
    """Students of every kind: gains of one and two levels, no post-test, a too-early one,
    not above the EFL, ESOL, no SEOP goal, no funding code, under 12 hours, no test, exited
    after reaching enrollee status, and one of the other program."""
    a = build()
    gain = enrolled(a, sex="F", ethnicity="Asian", born=date(2008, 1, 1))
    _test(a, gain, ENTRY, reading=400, total_math=500)
    _hours(a, gain, range(1, 12))
    _test(a, gain, ENTRY + timedelta(days=20), reading=470)
    _seop(a, gain)
    two = enrolled(a, sex="M", born=date(1970, 5, 5))
    _test(a, two, ENTRY, reading=300)
    _hours(a, two, range(1, 12))
    _test(a, two, ENTRY + timedelta(days=20), reading=470)
    _seop(a, two)
    for kind in ("none", "early", "flat", "no_seop", "no_code", "sparse", "untested", "exit"):
        e = enrolled(a, code=None if kind == "no_code" else 3, ethnicity="White")
        if kind != "untested":
            _test(a, e, ENTRY, reading=480)
        _hours(
            a, e, range(1, 2) if kind == "sparse" else range(1, 12), h=2 if kind == "sparse" else 4
        )
        if kind == "early":
            _test(a, e, ENTRY + timedelta(days=1), reading=530)
        if kind == "flat":
            _test(a, e, ENTRY + timedelta(days=20), reading=490)
        if kind != "no_seop":
            _seop(a, e, goal="Enter employment")
        if kind == "exit":
            records.exit_enrollment(
                actor=a.director, enrollment=e, exit_date=ENTRY + timedelta(days=30),
                reason="completion",
            )  # fmt: skip
    esol = enrolled(a, focus="ESOL", sex="F")
    _test(a, esol, ENTRY, test="CASAS", reading=185, listening=195)
    _hours(a, esol, range(1, 12))
    _test(a, esol, ENTRY + timedelta(days=20), test="CASAS", reading=203, listening=200)
    _seop(a, esol)
    student = records.register_student(
        actor=a.other_staff,
        program=a.other,
        first_name="Bo",
        last_name="Gray",
        date_of_birth=date(1985, 3, 3),
    )
    other = records.enroll(
        actor=a.other_staff,
        student=student,
        program=a.other,
        entry_date=ENTRY,
        area_of_focus="ABE",
        funding_code=6,
    )
    record_assessment(
        actor=a.other_staff,
        enrollment=other,
        test="TABE_9_10",
        day=ENTRY,
        administrator="Kim",
        scores={"reading": (None, 300)},
    )
    record_hours(
        actor=a.other_staff,
        program=a.other,
        entries=[
            HourEntry(other.pk, ENTRY, "instructional", hours=Decimal(8)),
            HourEntry(other.pk, ENTRY + timedelta(days=1), "intake", hours=Decimal(5)),
        ],
    )
    records.save_seop(
        actor=a.other_staff, enrollment=other, core_goal="Enter employment", core_goal_on=ENTRY
    )
    return a


def test_the_tables_grouped_in_sql_equal_the_tables_of_every_students_year() -> None:
    a = _world()
    state, program = Enrollment.objects.all(), Enrollment.objects.filter(program=a.program)
    for rows, students, enrollees in ((state, 12, 8), (program, 11, 7)):
        years = reports.student_years(rows, 2025)
        report = reports.nrs_report(rows, 2025)
        counted = [y for y in years if counting.is_counted(y)]
        assert (report.students, report.enrollees) == (students, enrollees)
        assert (len(years), len(counted)) == (students, enrollees)
        assert report.gains == counting.efl_gain_table(years)
        assert report.participants == counting.participants_table(years)
        assert report.hours == counting.hours_table(years)
        assert report.not_counted == counting.not_counted(years)
    assert sum(row.levels_gained for row in report.gains) == 5  # 1 + 2 + ESOL's 2
    funded: dict[str, Decimal] = {}  # hours on and after the enrollee date, state-funds codes
    for h in ContactHour.objects.select_related("enrollment__program"):
        e = h.enrollment
        if e.enrollee_on and e.funding_code in (2, 3, 6, 7) and h.day >= e.enrollee_on:
            code = e.program.code
            funded[code] = funded.get(code, Decimal(0)) + h.hours
    assert reports.nrs_report(state, 2025).funding_hours == funded and len(funded) == 2


def test_refresh_many_stores_what_refresh_stores() -> None:
    _world()
    enrollments = list(Enrollment.objects.order_by("pk"))
    expected = {e.pk: tuple(getattr(e, f) for f in FIGURES) for e in enrollments}
    notes = {t.pk: (t.role, t.valid_for_gain, t.note) for t in Assessment.objects.all()}
    Enrollment.objects.update(hours_total=0, efl_code="", efl_number=None, levels_gained=0,
                              enrollee_on=None, no_gain_reason="")  # fmt: skip
    Assessment.objects.update(role="", valid_for_gain=None, note="")
    changed = status.refresh_many(Enrollment.objects.order_by("pk"))
    assert changed == len(enrollments)
    for e in Enrollment.objects.all():
        assert tuple(getattr(e, f) for f in FIGURES) == expected[e.pk]
    assert {t.pk: (t.role, t.valid_for_gain, t.note) for t in Assessment.objects.all()} == notes


@pytest.mark.parametrize("days", [2, 8])
def test_an_attendance_files_queries_do_not_grow_with_its_rows(days: int) -> None:
    a = build()
    students = [enrolled(a) for _ in range(5)]
    lines = ["student_id,day,kind,hours"] + [
        f"{e.student_id},{(ENTRY + timedelta(days=d)).isoformat()},instructional,3"
        for e in students
        for d in range(1, days + 1)
    ]
    with CaptureQueriesContext(connection) as captured:
        result = upload_attendance(actor=a.staff, program=a.program, data="\n".join(lines).encode())
    assert result.ok and result.written == 5 * days
    assert len(captured.captured_queries) <= 20
    for e in students:
        e.refresh_from_db()
        assert e.hours_total == 3 * days
