"""Adult education's reports (issue 12 items 8-10), selectors on the database with figures
computed by hand (tests/adulted/report_scene.py): the WPU of K-12 students aged 16-18 per student
and per district, the missing student-file items per program, the enrollee count and
funding-eligible hours per program, and the bars of the charts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from seats.adulted.models import Enrollment
from seats.adulted.selectors import access, file_checks, records, reports, summaries, wpu
from seats.adulted.services import records as record_services
from seats.adulted.services.assessments import record_assessment
from seats.adulted.services.attendance import HourEntry, record_hours
from seats.core.selectors.access import Viewer
from seats.domain.roles import Role

from .helpers import ENTRY, TODAY, build, enrolled
from .report_scene import YEAR, build_scene

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _today(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEATS_TODAY = TODAY


def viewer(actor) -> Viewer:  # type: ignore[no-untyped-def]
    return Viewer(actor.user, actor.role, actor.organisation)


def test_the_wpu_per_student_and_per_district() -> None:
    s = build_scene()
    report = wpu.wpu_report(Enrollment.objects.filter(program=s.a.program), YEAR)
    assert report.age_on == TODAY and report.hours_per_wpu == 990
    by_name = {line.name: line for line in report.lines}
    assert sorted(by_name) == ["Pat Alder", "Pat Birch", "Pat Cedar", "Pat Dogwood"]  # no adult
    k16 = by_name["Pat Alder"]
    assert (k16.age, k16.result.hours, k16.result.wpu, k16.result.eligible) == (
        16,
        99,
        D("0.1"),
        True,
    )
    assert k16.district == s.a.world.lea.name and "part time, prorated" in k16.result.reason
    assert by_name["Pat Birch"].result.wpu == D("0.0333")  # 33/990 = 0.03333...
    assert by_name["Pat Cedar"].result.reason == "graduated from high school"
    assert by_name["Pat Cedar"].district_label == "No K-12 record linked"
    assert by_name["Pat Dogwood"].result.reason == "aged 19: the rule covers ages 16 to 18"
    assert report.eligible == 2 and report.total == D("0.1333")
    rows = {(d.code, d.students, d.eligible, d.hours, d.wpu) for d in report.districts}
    assert rows == {
        (s.a.world.lea.code, 2, 1, D(99), D("0.1")),
        (s.a.world.housing_lea.code, 1, 1, D(33), D("0.0333")),
        ("", 1, 0, D(0), D(0)),
    }
    assert report.districts[-1].code == ""  # the unlinked last


def test_the_wpu_is_the_one_the_record_page_shows() -> None:
    s = build_scene()
    line = next(
        x for x in wpu.wpu_report(Enrollment.objects.all(), YEAR).lines if x.key == s.k18.pk
    )
    assert records.wpu_of(Enrollment.objects.get(pk=s.k18.pk)) == line.result


def test_a_full_time_student_carries_one_wpu_and_a_past_year_takes_the_age_on_june_30() -> None:
    a = build()
    e = enrolled(a, born=date(2008, 7, 1), k12_enrolled=True)
    days = [ENTRY + timedelta(days=i) for i in range(100)]  # 100 days x 10 = 1,000 hours
    record_hours(
        actor=a.staff,
        program=a.program,
        entries=[HourEntry(e.pk, d, "instructional", hours=D(10)) for d in days],
    )
    line = wpu.wpu_report(Enrollment.objects.all(), YEAR).lines[0]
    assert (line.result.hours, line.result.wpu) == (D(1000), D(1))
    assert "full time" in line.result.reason
    assert wpu.age_day(2024) == date(2025, 6, 30) and wpu.age_day(2025) == TODAY


def test_the_wpu_is_scoped_like_every_query() -> None:
    s = build_scene()
    staff = access.enrollments_visible_to(viewer(s.a.staff))
    assert {x.key for x in wpu.wpu_report(staff, YEAR).lines} == {
        s.k16.pk,
        s.k18.pk,
        s.grad.pk,
        s.k19.pk,
    }
    state = access.enrollments_visible_to(viewer(s.a.specialist))
    report = wpu.wpu_report(state, YEAR)
    assert report.total == D("0.1333") + D("0.0505")  # OTHER: 50/990 = 0.0505
    housing = next(d for d in report.districts if d.code == s.a.world.housing_lea.code)
    assert (housing.students, housing.wpu) == (2, D("0.0838"))
    soep = Viewer(s.a.world.actor(Role.STATE_ADMIN).user, Role.STATE_ADMIN, s.a.world.state)
    assert wpu.wpu_report(access.enrollments_visible_to(soep), YEAR).lines == []


def test_missing_student_file_items_per_program() -> None:
    s = build_scene()
    report = file_checks.checklist_report(Enrollment.objects.filter(program=s.a.program), YEAR)
    (program,) = report.programs
    assert (program.program, program.students, program.with_missing, program.complete) == (
        "AE1",
        5,
        4,
        1,
    )
    counts = {key: n for key, _label, _perpetual, n in program.item_counts()}
    assert counts["core_follow_up_surveys"] == 3  # K16, K18, K19
    assert counts["contact_hour_documentation"] == 3  # GRAD (2024's), K18, K19
    assert counts["utah_residency"] == 2 and counts["ged_score_report"] == 2  # K16: n/a
    missing = {m.name: m for m in report.missing}
    assert sorted(missing) == ["Pat Alder", "Pat Birch", "Pat Cedar", "Pat Dogwood"]
    assert [x.item for x in missing["Pat Alder"].perpetual] == ["core_follow_up_surveys"]
    assert missing["Pat Alder"].current_year == []
    assert [x.item for x in missing["Pat Cedar"].current_year] == ["contact_hour_documentation"]
    assert len(missing["Pat Birch"].missing) == 11
    assert len(missing["Pat Birch"].current_year) == 4
    assert (report.students, report.with_missing) == (5, 4)


def test_missing_items_statewide_and_for_another_year() -> None:
    s = build_scene()
    state = access.enrollments_visible_to(viewer(s.a.specialist))
    report = file_checks.checklist_report(state, YEAR)
    assert [(p.program, p.students, p.with_missing) for p in report.programs] == [
        ("AE1", 5, 4),
        ("AE2", 1, 1),
    ]
    staff = access.enrollments_visible_to(viewer(s.a.other_staff))
    assert [p.program for p in file_checks.checklist_report(staff, YEAR).programs] == ["AE2"]
    assert file_checks.checklist_report(state, 2024).programs == []  # nobody enrolled in 2024


def _tabe(a, e, day, reading):  # type: ignore[no-untyped-def]
    record_assessment(
        actor=a.staff if e.program == a.program else a.other_staff,
        enrollment=e,
        test="TABE_9_10",
        day=day,
        administrator="Kim",
        scores={"reading": (None, reading)},
    )


def _nrs_world():  # type: ignore[no-untyped-def]
    """AE1: E1 an enrollee (ABE 2, 50 hours, 12 reached on 9/4 -> 40 funding-eligible hours)
    with a gain; E2 not counted (no funding code, 4 hours). AE2: E3 an enrollee (ABE 1, 20
    hours, 12 reached on the second day -> 10 funding-eligible hours, code 3), no post-test."""
    a = build()
    e1 = enrolled(a)
    record_services.save_seop(actor=a.staff, enrollment=e1, core_goal="GED", core_goal_on=ENTRY)
    _tabe(a, e1, ENTRY, 400)
    record_hours(
        actor=a.staff,
        program=a.program,
        entries=[
            HourEntry(e1.pk, ENTRY + timedelta(days=i), "instructional", hours=D(10))
            for i in range(1, 6)
        ],
    )
    _tabe(a, e1, ENTRY + timedelta(days=6), 470)
    e2 = enrolled(a, code=None)
    record_hours(
        actor=a.staff,
        program=a.program,
        entries=[HourEntry(e2.pk, ENTRY + timedelta(days=1), "instructional", hours=D(4))],
    )
    s3 = record_services.register_student(
        actor=a.other_staff,
        program=a.other,
        first_name="Lee",
        last_name="Park",
        date_of_birth=date(1985, 2, 2),
    )
    e3 = record_services.enroll(
        actor=a.other_staff,
        student=s3,
        program=a.other,
        entry_date=ENTRY,
        area_of_focus="ABE",
        funding_code=3,
    )
    record_services.save_seop(
        actor=a.other_staff, enrollment=e3, core_goal="Job", core_goal_on=ENTRY
    )
    _tabe(a, e3, ENTRY, 300)
    record_hours(
        actor=a.other_staff,
        program=a.other,
        entries=[
            HourEntry(e3.pk, ENTRY + timedelta(days=i), "instructional", hours=D(10))
            for i in (1, 2)
        ],
    )
    return a


def test_enrollees_and_funding_eligible_hours_per_program() -> None:
    a = _nrs_world()
    mine = Enrollment.objects.filter(program=a.program)
    report = reports.nrs_report(mine, YEAR)
    (t,) = summaries.program_totals(mine, report)
    assert (t.code, t.students, t.enrollees, t.enrollee_hours, t.funding_hours) == (
        "AE1",
        2,
        1,
        D(50),
        D(40),
    )
    everyone = Enrollment.objects.all()
    totals = summaries.program_totals(everyone, reports.nrs_report(everyone, YEAR))
    rows = [(t.code, t.students, t.enrollees, t.enrollee_hours, t.funding_hours) for t in totals]
    assert rows == [("AE1", 2, 1, D(50), D(40)), ("AE2", 1, 1, D(20), D(10))]


def test_the_chart_bars_share_one_scale() -> None:
    a = _nrs_world()
    everyone = Enrollment.objects.all()
    report = reports.nrs_report(everyone, YEAR)
    gains = summaries.gain_bars(report)
    assert [(b.label, b.value, b.percent) for b in gains] == [
        ("ABE 1", D("0.0"), 0),
        ("ABE 2", D("100.0"), 100),
    ]
    hours = summaries.level_hours_bars(report)
    assert [(b.label, b.value, b.percent) for b in hours] == [
        ("ABE 1", D(20), 40),
        ("ABE 2", D(50), 100),
    ]
    programs = summaries.program_bars(summaries.program_totals(everyone, report))
    assert [(b.value, b.percent) for b in programs] == [(D(1), 100), (D(1), 100)]
    assert a.program.name == programs[0].label
