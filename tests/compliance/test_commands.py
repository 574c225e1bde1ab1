"""`seats compliance`: the sweep, the alignment table, the console steps; bad input writes
nothing and exits with a message."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seats.compliance.models import AlignmentRequirement, ObligationDone, TorCycle
from tests.factories import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_the_console_steps(world, tmp_path, capsys) -> None:
    table = tmp_path / "req.csv"
    table.write_text(
        f"core_code,license_areas,endorsements\n{world.offering.core_code},Secondary,Math\n"
    )
    call_command("compliance", "requirements", str(table))
    assert AlignmentRequirement.objects.get().endorsements == ["Math"]
    call_command("compliance", "sweep", "--as-of", "2025-07-01")
    assert "opened 1" in capsys.readouterr().out and TorCycle.objects.get().opened_on
    sheet = tmp_path / "tor.csv"
    sheet.write_text(
        "core_code,usbe_course_title,educator_name,cactus_id\n"
        f"{world.offering.core_code},{world.offering.usbe_title},Tess Teacher,C1000\n"
    )
    call_command(
        "compliance",
        "upload",
        str(sheet),
        "--provider",
        "PRV1",
        "--year",
        "2025",
        "--as-of",
        "2025-07-14",
    )
    assert "1 assignments recorded; 0 not aligned" in capsys.readouterr().out
    call_command(
        "compliance",
        "done",
        "--provider",
        "PRV1",
        "--year",
        "2025",
        "--obligation",
        "monitoring_visit",
        "--as-of",
        "2026-04-10",
    )
    assert ObligationDone.objects.filter(obligation="monitoring_visit").exists()
    call_command(
        "compliance",
        "final-review",
        "--provider",
        "PRV1",
        "--year",
        "2025",
        "--as-of",
        "2025-10-15",
    )
    assert TorCycle.objects.get().final_review_on.isoformat() == "2025-10-15"


def test_a_bad_table_is_refused_whole(world, tmp_path, capsys) -> None:
    table = tmp_path / "req.csv"
    table.write_text("core_code,license_areas,endorsements\nA1,,\nA1,Secondary,\n")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("compliance", "requirements", str(table))
    err = capsys.readouterr().err
    assert "line 2, column license_areas" in err and "line 3, column core_code" in err
    assert not AlignmentRequirement.objects.exists()
    with pytest.raises(CommandError, match="--provider"):
        call_command("compliance", "open", "--provider", "NOPE", "--year", "2025")
