"""The state's uploads: scores and surveys validated row by row (line and column), nothing
written when any row is wrong, a good file written whole; only the state may load."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from seats.domain.errors import NotPermitted
from seats.domain.roles import Role
from seats.reports.models import AssessmentScore, ReportImport, SurveyAnswer
from seats.reports.services.imports import load_scores, load_survey
from tests.factories import SY, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def state(world):
    return world.actor(Role.STATE_SPECIALIST)


def test_a_good_scores_file_is_loaded_and_a_reload_replaces(world):
    ssid = world.student.ssid
    data = f"SSID,Test,Score,Proficiency,Date\n{ssid},RISE Math 8,301.5,3,2026-04-15\n".encode()
    result = load_scores(actor=state(world), data=data, file_name="scores.csv")
    assert result.ok and result.rows == 1
    score = AssessmentScore.objects.get()
    assert (score.proficiency, score.school_year, score.score) == (
        "Proficient",
        SY,
        Decimal("301.5"),
    )
    again = f"ssid,test,score,proficiency,date\n{ssid},RISE Math 8,310,4,04/15/2026\n".encode()
    assert load_scores(actor=state(world), data=again, file_name="fix.csv").ok
    assert AssessmentScore.objects.get().proficiency == "Highly Proficient"
    assert ReportImport.objects.count() == 2


def test_every_problem_has_its_line_and_column_and_nothing_is_written(world):
    ssid = world.student.ssid
    data = (
        "ssid,test,score,proficiency,date\n"
        f"{ssid},RISE Math 8,301,3,2026-04-15\n"
        "9999999,RISE Math 8,abc,7,2026-13-01\n"
        f"{ssid},,-1,3,2026-04-15\n"
        f"{ssid},RISE Math 8,301,3,2026-04-15\n"
    ).encode()
    result = load_scores(actor=state(world), data=data, file_name="bad.csv")
    where = {(p.line, p.column) for p in result.problems}
    assert where == {(3, "ssid"), (3, "score"), (3, "proficiency"), (3, "date"),
                     (4, "test"), (4, "score"), (5, "ssid")}  # fmt: skip
    assert AssessmentScore.objects.count() == 0 and ReportImport.objects.count() == 0


def test_wrong_columns_and_garbage(world):
    wrong = load_scores(actor=state(world), data=b"ssid,test,mark\n1,2,3\n", file_name="w.csv")
    assert {(p.line, p.column) for p in wrong.problems} >= {(1, "score"), (1, "mark")}
    garbage = "ssid,test,score,proficiency,date\n" + "x,y,z,w,v\n" * 10_000
    result = load_scores(actor=state(world), data=garbage.encode(), file_name="g.csv")
    assert not result.ok and len(result.problems) + result.more_problems == 40_000
    assert AssessmentScore.objects.count() == 0
    assert not load_scores(actor=state(world), data=b"\xff\xfe", file_name="u.csv").ok


def test_the_survey(world):
    head = b"question,responses,share favourable\n"
    data = head + b"I would recommend it,40,85.5%\nHelpful teachers,12,90\n"
    result = load_survey(actor=state(world), provider_id=world.provider.pk, school_year=SY,
                         data=data, file_name="survey.csv")  # fmt: skip
    assert result.ok and SurveyAnswer.objects.count() == 2
    bad = head + b"I would recommend it,4.5,101\nI would recommend it,3,50\n"
    result = load_survey(actor=state(world), provider_id=world.provider.pk, school_year=SY,
                         data=bad, file_name="bad.csv")  # fmt: skip
    assert {(p.line, p.column) for p in result.problems} == {
        (2, "responses"),
        (2, "share favourable"),
        (3, "question"),
    }
    assert SurveyAnswer.objects.count() == 2  # the earlier survey stays


def test_only_the_state_loads(world):
    with pytest.raises(NotPermitted):
        load_scores(actor=world.actor(Role.PROVIDER_ADMIN), data=b"", file_name="x.csv")
    with pytest.raises(NotPermitted):
        load_scores(actor=world.actor(Role.AUDITOR), data=b"", file_name="x.csv")


def test_the_upload_page(world):
    client = Client()
    client.force_login(world.actor(Role.STATE_ADMIN).user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("s.csv", b"ssid,test,score,proficiency,date\nnope,T,1,1,2026-01-01\n")
    answer = client.post(reverse("web:report_imports"), {"kind": "scores", "scores-file": bad})
    assert (
        answer.status_code == 400 and "No student in SEATS has the SSID" in answer.content.decode()
    )
    good = SimpleUploadedFile("v.csv", b"question,responses,share favourable\nQ,20,75\n")
    answer = client.post(reverse("web:report_imports"), {
        "kind": "survey", "survey-provider": world.provider.pk, "survey-school_year": SY,
        "survey-file": good,
    })  # fmt: skip
    assert answer.status_code == 200 and "1 row loaded" in answer.content.decode()
