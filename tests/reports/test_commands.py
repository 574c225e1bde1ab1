"""``seats reports``: rates, and loading scores and surveys from a file (all or nothing)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seats.reports.models import AssessmentScore, SurveyAnswer
from tests.factories import SY, build_world

from .helpers import every_status

pytestmark = pytest.mark.django_db


def test_rates_scores_and_survey(tmp_path):
    world = build_world()
    every_status(world)
    out = StringIO()
    call_command("reports", "rates", "--year", str(SY), stdout=out)
    assert "PRV1\t53.8\t13\t75.0\t12\tyes" in out.getvalue()
    good = tmp_path / "scores.csv"
    good.write_text(
        f"ssid,test,score,proficiency,date\n{world.student.ssid},RISE,300,3,2026-04-01\n"
    )
    out = StringIO()
    call_command("reports", "scores", str(good), stdout=out)
    assert "1 row loaded" in out.getvalue() and AssessmentScore.objects.count() == 1
    bad = tmp_path / "survey.csv"
    bad.write_text("question,responses,share favourable\nQ,many,50\n")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("reports", "survey", "--provider", "PRV1", "--year", str(SY), str(bad),
                     stderr=err)  # fmt: skip
    assert "line 2, column responses" in err.getvalue() and SurveyAnswer.objects.count() == 0
    with pytest.raises(CommandError, match="no provider"):
        call_command("reports", "survey", "--provider", "NOPE", "--year", str(SY), str(bad))
