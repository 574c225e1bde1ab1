"""The public annual report: no sign-in, no personal data (every student name and SSID of the
fixture is searched for in the page and the files), "n<10" for every figure about fewer than 10
students, and no hidden figure derivable from what is published."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from seats.core.models import Student
from seats.domain.reports.suppression import SUPPRESSED, Grid
from seats.domain.statuses import Status
from seats.reports.models import AssessmentScore, ReportImport, SurveyAnswer
from seats.reports.selectors.annual import annual_report
from tests.domain.reports.test_suppression import derivable
from tests.factories import SY, build_world, make_offering, make_student

from .helpers import cca, every_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.SEATS_TODAY = "2026-03-02"
    w = build_world()
    every_status(w)
    big = make_offering(w, core_code="0800001", usbe_title="Algebra")
    for i in range(30):
        student = make_student(w, legal_first_name=f"Zelda{i}", legal_last_name=f"Quixote{i}")
        status = Status.PASS_ALL_COMPLETE if i < 25 else Status.COMPLETED_GRADE_TOO_LOW
        cca(w, status, student=student, offering=big, teacher=w.teacher,
            final_grade="A" if i < 20 else ("C" if i < 25 else "F"))  # fmt: skip
    batch = ReportImport.objects.create(
        kind="scores", file_name="s.csv", rows=0, loaded_at="2026-05-01T00:00Z"
    )
    for i, student in enumerate(Student.objects.filter(legal_first_name__startswith="Zelda")):
        AssessmentScore.objects.create(
            student=student, test="RISE Math", score=Decimal(300 + i), taken_on=date(2026, 4, 2),
            proficiency="Proficient" if i % 3 else "Below Proficient", school_year=SY, batch=batch,
        )  # fmt: skip
    survey = ReportImport.objects.create(
        kind="survey", file_name="v.csv", rows=2, loaded_at="2026-05-01T00:00Z"
    )
    for position, question, responses, share in ((1, "Did you like it?", 40, "85.0"),
                                                 (2, "Parents: happy?", 6, "50.0")):  # fmt: skip
        SurveyAnswer.objects.create(
            provider=w.provider, school_year=SY, position=position, question=question,
            responses=responses, favourable_percent=Decimal(share), batch=survey,
        )  # fmt: skip
    return w


def every_personal_word():
    words = []
    for s in Student.objects.all():
        words += [s.ssid, s.legal_first_name, s.legal_last_name]
    return [w for w in words if w]


def test_no_student_name_or_ssid_in_the_public_page_or_files(world):
    client = Client()  # nobody signed in
    query = {"provider": world.provider.code, "year": SY}
    page = client.get(reverse("web:public_report"), query)
    assert page.status_code == 200
    html = page.content.decode()
    assert SUPPRESSED.replace("<", "&lt;") in html and "Algebra" in html
    csv_text = client.get(reverse("web:public_report_file", args=["csv"]), query).content.decode()
    for word in every_personal_word():
        assert word not in html, word
        assert word not in csv_text, word
    assert len(every_personal_word()) > 60
    assert client.get(reverse("web:public_report_file", args=["pdf"]), query).content.startswith(
        b"%PDF"
    )
    assert client.get(reverse("web:public_reports")).status_code == 200
    assert client.get(reverse("web:public_report")).status_code == 302
    assert client.get(reverse("web:public_report"), {"provider": "NOPE"}).status_code == 404


def _grid(staff, public, first_count: int, width: int) -> Grid:
    """The counts of a staff table and the positions its public twin hides."""
    rows = [r[first_count : first_count + width] for r in staff.rows]
    hidden = set()
    for r, row in enumerate([*public.rows, public.foot]):
        for c, value in enumerate(row[first_count : first_count + width + 1]):
            if value == SUPPRESSED:
                hidden.add((r, c))
    return Grid(tuple(tuple(r) for r in rows), frozenset(hidden))


@pytest.mark.parametrize(("key", "first", "width"), [("completion", 2, 4), ("grades", 1, 7)])
def test_small_figures_are_hidden_and_cannot_be_derived(world, key, first, width):
    staff = annual_report(world.provider, SY, public=False)
    public = annual_report(world.provider, SY, public=True)
    s_table = next(t for sec in staff.sections for t in sec.tables if t.key == key)
    p_table = next(t for sec in public.sections for t in sec.tables if t.key == key)
    grid = _grid(s_table, p_table, first, width)
    assert grid.hidden, "the fixture has small cells"
    for r, row in enumerate([*s_table.rows, s_table.foot]):
        for c, value in enumerate(row[first : first + width + 1]):
            shown = p_table.rows[r] if r < len(p_table.rows) else p_table.foot
            if value < 10:
                assert shown[first + c] == SUPPRESSED
            else:
                assert shown[first + c] in (SUPPRESSED, value)
    assert derivable(grid) == set()


def test_rates_survey_and_ratio_follow_the_rule(world):
    public = annual_report(world.provider, SY, public=True)
    sections = {s.key: s for s in public.sections}
    survey = sections["survey"].tables[0].rows
    assert survey == [
        ["Did you like it?", 40, Decimal("85.0")],
        ["Parents: happy?", SUPPRESSED, SUPPRESSED],
    ]
    facts = dict(sections["ratio"].facts)
    assert facts["Pupil-teacher ratio"] != SUPPRESSED  # 40+ students, one teacher
    tests = sections["assessments"].tables[0].rows
    assert tests[0][0] == "RISE Math" and tests[0][1] == 25  # only students who completed
