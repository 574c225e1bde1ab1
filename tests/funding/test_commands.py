"""``seats payments``: preview, run, schedule, hold, release, why; bad input names the option."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from seats.funding.models import Entry, MspRun, PaymentHold
from tests.factories import build_world

from .helpers import LedgerSnapshot, confirmed_at, denver

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("payments", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def world():
    w = build_world()
    run("schedule", "--year", "2025", "--run", "2025-10=2025-10-20", "--run", "2025-11=2025-11-20")
    return w


def test_preview_run_and_rerun(world) -> None:
    cca = confirmed_at(world, denver(2025, 10, 7, 10))
    with freeze_time(denver(2025, 10, 15)):
        preview = run("preview", "--month", "2025-10")
        assert (
            "Would post 1 entries for 2025-10 (MSP run date 2025-10-20), total 170.00." in preview
        )
        assert "PRV1  170.00" in preview and "LEA1  -170.00" not in preview
        assert "LEA1  170.00" in preview and "Held back: 0 CCAs" in preview
        assert Entry.objects.count() == 0
        assert "Posted 1 entries" in run("run", "--month", "2025-10")
        assert "already posted; nothing to post" in run("run", "--month", "2025-10")
        assert Entry.objects.count() == 1
        why = run("why", "--cca", str(cca.pk))
        assert "paid: First half: 170.00 paid in the 2025-10 run" in why


def test_hold_and_release_from_the_console(world) -> None:
    cca = confirmed_at(world, denver(2025, 10, 7, 10))
    with freeze_time(denver(2025, 10, 8)):
        assert "Hold" in run("hold", "--cca", str(cca.pk), "--reason", "state_review")
    hold = PaymentHold.objects.get()
    with freeze_time(denver(2025, 10, 15)):
        out = run("preview", "--month", "2025-10")
    assert f"CCA {cca.pk}  170.00  State review (R277-726-6(11)), on the cca" in out
    with freeze_time(denver(2025, 10, 16)):
        assert "released" in run("release", "--hold", str(hold.pk))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("run", "--month", "Feb"), "--month: month must look like 2027-02"),
        (("run", "--month", "2026-03"), "--month: 2026-03 is not on the Minimum School Program"),
        (("hold", "--cca", "999999", "--reason", "fraud"), "--cca: There is no CCA 999999"),
        (("release", "--hold", "999999"), "--hold: There is no payment hold 999999"),
        (("why", "--cca", "999999"), "--cca: There is no CCA 999999"),
        (("schedule", "--year", "2025", "--run", "2025-12=2026-01-02"), "--run-date:"),
        (("schedule", "--year", "2025", "--run", "2025-12"), "--run: '2025-12' must be MONTH=DATE"),
    ],
)
def test_bad_input_names_the_option_and_writes_nothing(world, args, message) -> None:
    before = LedgerSnapshot.take()
    with freeze_time(denver(2025, 10, 15)), pytest.raises(CommandError) as err:
        run(*args)
    assert message in str(err.value)
    assert LedgerSnapshot.take() == before
    assert MspRun.objects.count() == 2
