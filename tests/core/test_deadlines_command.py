"""``seats deadlines`` and the policy services it reads (SPEC 3.3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seats.core.models import Organisation, OrgKind, PolicySetting
from seats.core.services.calendars import import_calendar
from seats.core.services.policy import policy_for, set_policy
from seats.domain.errors import InvalidInput
from seats.domain.policy import DayUnit, MonthDay, Tier

D = date.fromisoformat
SEATS = Path(sys.executable).with_name("seats")
ALLOWED = {
    "lea_decision_due",
    "provider_decision_due",
    "withdrawal_period_end",
    "census_day",
    "confirmation_due",
    "second_half_start",
    "second_withdrawal_period_end",
    "second_census_day",
    "second_withdrawal_record_by",
    "transcript_due",
    "closeout",
    "late_pass_final_due",
}


SECOND_WINDOW = {k for k in ALLOWED if k.startswith("second_")}


def run(*args: str) -> str:
    out = StringIO()
    call_command("deadlines", *args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> dict[str, str]:
    text = run(*args, "--json").strip()
    assert "\n" not in text, "one JSON object on one line"
    got = json.loads(text)
    assert set(got) <= ALLOWED
    return got


def every_weekday_csv(first: str, count: int) -> bytes:
    day, lines = D(first), ["date"]
    while len(lines) <= count:
        if day.weekday() < 5:
            lines.append(day.isoformat())
        day += timedelta(days=1)
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.django_db
def test_only_submission_gives_only_the_decisions_and_fixed_dates() -> None:
    assert run_json("--submitted", "2025-11-25") == {
        "lea_decision_due": "2025-12-01",
        "provider_decision_due": "2025-12-01",
        "closeout": "2026-06-30",
        "late_pass_final_due": "2026-08-01",
    }


@pytest.mark.django_db
def test_a_full_credit_course_shows_its_second_window() -> None:
    base = ("--submitted", "2025-08-25", "--course-start", "2025-09-08")
    assert "second_half_start" not in run_json(*base)
    derived = run_json(*base, "--credit", "1.0")
    assert {"second_half_start", "second_census_day", "second_withdrawal_record_by"} <= set(derived)
    entered = run_json(*base, "--credit", "1.0", "--second-half-start", "2026-01-12")
    assert entered["second_half_start"] == "2026-01-12"
    assert entered["second_withdrawal_period_end"] > "2026-02-01"
    assert entered["second_census_day"] > entered["second_withdrawal_period_end"]
    text = run(*base, "--credit", "1.0", "--second-half-start", "2026-01-12")
    assert "Day of Census of the second 0.5 credit" in text and "entered by the provider" in text


@pytest.mark.django_db
def test_default_state_calendar_counts_the_withdrawal_period() -> None:
    got = run_json("--submitted", "2025-10-20", "--course-start", "2025-11-03")
    # Default calendar: no Veterans Day (11-11) and no Thanksgiving Wed-Fri.
    assert got["withdrawal_period_end"] == "2025-12-05"
    assert got["census_day"] == "2025-12-08"
    assert got["confirmation_due"] == "2025-12-15"
    assert "transcript_due" not in got


@pytest.mark.django_db
def test_an_organisations_calendar_and_a_calendar_file_decide(tmp_path: Path) -> None:
    Organisation.objects.create(kind=OrgKind.LEA, code="ALPINE", name="Alpine")
    data = every_weekday_csv("2025-08-20", 200)  # in session on Veterans Day and Thanksgiving
    import_calendar(organisation_code="ALPINE", file_name="alpine.csv", data=data)
    args = ("--submitted", "2025-10-20", "--course-start", "2025-11-03")
    by_org = run_json(*args, "--calendar", "ALPINE")
    assert by_org["withdrawal_period_end"] == "2025-12-01"
    assert by_org["census_day"] == "2025-12-02"
    assert by_org["confirmation_due"] == "2025-12-09"
    path = tmp_path / "mine.csv"
    path.write_bytes(data)
    assert run_json(*args, "--calendar-file", str(path)) == by_org
    text = run(*args, "--calendar-file", str(path))
    assert "calendar file mine.csv" in text


@pytest.mark.django_db
def test_transcript_deadlines() -> None:
    got = run_json("--submitted", "2025-08-25", "--completed", "2026-01-09")
    assert got["transcript_due"] == "2026-02-09"
    senior = run_json(
        "--submitted", "2025-08-25", "--grade", "12", "--transcript-due", "2026-05-29"
    )
    assert senior["transcript_due"] == "2026-05-29"
    both = ("--grade", "12", "--transcript-due", "2026-05-29", "--completed", "2026-04-10")
    assert run_json("--submitted", "2025-08-25", *both)["transcript_due"] == "2026-05-11"


@pytest.mark.django_db
def test_human_output_has_label_weekday_rule_and_calendar() -> None:
    text = run("--submitted", "2027-07-21", "--course-start", "2027-09-07")
    assert "Primary LEA approves or rejects: 2027-07-27 (Tuesday)" in text
    assert "rule: 3 business days after submission (2027-07-21), that day not counted" in text
    assert "calendar: Utah business days" in text
    assert "Day of Census:" in text and "calendar: school calendar: Default state calendar" in text
    assert "Anticipated Late Pass finalized: 2028-08-01 (Tuesday)" in text


@pytest.mark.django_db
def test_policy_settings_change_the_numbers_and_are_named() -> None:
    set_policy(
        school_year=2025,
        key="lea_decision_days",
        value=5,
        effective_on=D("2025-07-01"),
        reason="Board rule R277-726",
    )
    got = run_json("--submitted", "2025-11-25")
    assert got["lea_decision_due"] == "2025-12-03"
    assert got["provider_decision_due"] == "2025-12-01"
    assert "[setting of 2025-07-01: Board rule R277-726]" in run("--submitted", "2025-11-25")
    assert run_json("--submitted", "2025-06-02")["lea_decision_due"] == "2025-06-05"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((), "--submitted: the submission date is required"),
        (("--submitted", "2025-02-30"), "--submitted: '2025-02-30' is not a date"),
        (("--submitted", "20250820"), "--submitted"),
        (("--submitted", "2025-08-20", "--course-start", "soon"), "--course-start"),
        (("--submitted", "2025-08-20", "--completed", "2025-13-01"), "--completed"),
        (("--submitted", "2025-08-20", "--completed", "2025-08-01"), "--completed"),
        (("--submitted", "2025-08-20", "--grade", "5"), "--grade: 5 is outside grades 6-12"),
        (("--submitted", "2025-08-20", "--grade", "13"), "--grade"),
        (("--submitted", "2025-08-20", "--grade", "senior"), "--grade"),
        (("--submitted", "2025-08-20", "--transcript-due", "2026-05-01"), "--transcript-due"),
        (("--submitted", "2025-08-20", "--grade", "12", "--transcript-due", "x"), "--transcript"),
        (("--submitted", "2025-08-20", "--calendar", "NOPE"), "--calendar: no organisation"),
        (("--submitted", "2025-08-20", "--credit", "2"), "--credit"),
        (
            (
                "--submitted",
                "2025-08-20",
                "--course-start",
                "2025-09-08",
                "--second-half-start",
                "2026-01-12",
            ),
            "--second-half-start: Only a 1.0-credit course",
        ),
        (
            (
                "--submitted",
                "2025-08-20",
                "--course-start",
                "2025-09-08",
                "--credit",
                "1",
                "--second-half-start",
                "2025-09-01",
            ),
            "--second-half-start: The second 0.5 credit starts after",
        ),
        (("--submitted", "2025-08-20", "--calendar-file", "/no/such.csv"), "--calendar-file"),
    ],
)
def test_bad_input_is_one_line_naming_the_option(args: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(CommandError) as err:
        run(*args)
    assert err.value.returncode == 2
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.django_db
def test_bad_or_short_calendar_files_name_the_option(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"date\n2025-09-01\nlater\n")
    with pytest.raises(CommandError, match=r"--calendar-file: bad\.csv: line 3, column 1") as err:
        run("--submitted", "2025-08-20", "--calendar-file", str(bad))
    assert err.value.returncode == 2
    short = tmp_path / "short.csv"
    short.write_bytes(every_weekday_csv("2025-09-01", 10))
    with pytest.raises(CommandError, match=r"--calendar-file: .*fewer than 20 school days"):
        run(
            "--submitted",
            "2025-08-20",
            "--course-start",
            "2025-09-01",
            "--calendar-file",
            str(short),
        )


# --- The policy services -----------------------------------------------------------------------


@pytest.mark.django_db
def test_policy_for_picks_the_setting_in_force() -> None:
    assert policy_for(2025, as_of=D("2025-09-01")).lea_decision_days == 3
    kw = {"school_year": 2025, "key": "lea_decision_days"}
    set_policy(**kw, value=4, effective_on=D("2025-08-01"), reason="first")
    set_policy(**kw, value="6", effective_on=D("2025-10-01"), reason="second")
    set_policy(**kw, value=7, effective_on=D("2025-10-01"), reason="same day, later")
    set_policy(
        school_year=2026,
        key="lea_decision_days",
        value=9,
        effective_on=D("2025-01-01"),
        reason="other year",
    )
    assert policy_for(2025, as_of=D("2025-07-31")).lea_decision_days == 3
    august = policy_for(2025, as_of=D("2025-08-01"))
    assert august.lea_decision_days == 4
    assert august.source("lea_decision_days") == "setting of 2025-08-01: first"
    october = policy_for(2025, as_of=D("2025-10-01"))
    assert october.lea_decision_days == 7
    assert october.source("lea_decision_days") == "setting of 2025-10-01: same day, later"
    assert october.source("confirmation_days") == "state default"
    assert PolicySetting.objects.count() == 4, "append-only: every change is a row"


@pytest.mark.django_db
def test_set_policy_stores_normalised_values() -> None:
    day = D("2025-07-01")
    unit = set_policy(
        school_year=2025,
        key="iep_forwarding_unit",
        value=" Business ",
        effective_on=day,
        reason="r",
    )
    fee = set_policy(school_year=2025, key="fee_tier_I", value=350.5, effective_on=day, reason="r")
    md = set_policy(
        school_year=2025, key="late_pass_final", value="9-30", effective_on=day, reason="r"
    )
    unit.refresh_from_db()
    fee.refresh_from_db()
    md.refresh_from_db()
    assert (unit.value, fee.value, md.value) == ("business", "350.5", "09-30")
    policy = policy_for(2025, as_of=day)
    assert policy.iep_forwarding_unit is DayUnit.BUSINESS
    assert policy.late_pass_final == MonthDay(9, 30)
    assert str(policy.fees[Tier.I]) == "350.5"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"key": "lea_days"}, "key"),
        ({"value": "three"}, "lea_decision_days"),
        ({"value": 0}, "lea_decision_days"),
        ({"reason": "  "}, "reason"),
        ({"school_year": 25}, "school_year"),
        ({"effective_on": "2025-07-01"}, "effective_on"),
    ],
)
def test_set_policy_validates_before_writing(changes: dict[str, object], field: str) -> None:
    kw: dict[str, object] = {
        "school_year": 2025,
        "key": "lea_decision_days",
        "value": 5,
        "effective_on": D("2025-07-01"),
        "reason": "ok",
    }
    with pytest.raises(InvalidInput) as err:
        set_policy(**{**kw, **changes})  # type: ignore[arg-type]
    assert err.value.field == field
    assert not PolicySetting.objects.exists()


@pytest.mark.django_db
def test_a_bad_stored_row_is_reported_not_ignored() -> None:
    row = PolicySetting.objects.create(
        school_year=2025, key="closeout", value="June", effective_on=D("2025-07-01"), reason="x"
    )
    with pytest.raises(InvalidInput, match=f"#{row.pk} \\(closeout for 2025\\)"):
        policy_for(2025, as_of=D("2025-08-01"))


# --- The console command itself -----------------------------------------------------------------


@pytest.fixture(scope="module")
def console_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A migrated SQLite file of its own: the console command never touches the test database."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('console') / 'seats.sqlite3'}"
    subprocess.run([str(SEATS), "migrate", "-v0"], env=env, check=True, timeout=120)
    return env


def test_console_command_prints_json(console_env: dict[str, str]) -> None:
    done = subprocess.run(
        [
            str(SEATS),
            "deadlines",
            "--submitted",
            "2027-07-21",
            "--course-start",
            "2027-09-07",
            "--json",
        ],
        env=console_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["lea_decision_due"] == "2027-07-27"  # Pioneer Day observed Fri 07-23
    assert set(got) == ALLOWED - {"transcript_due"} - SECOND_WINDOW  # a 0.5-credit default


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--submitted", "2025-02-30"], "--submitted"),
        (["--submitted", "2025-08-20", "--grade", "4"], "--grade"),
        (["--submitted", "2025-08-20", "--calendar", "NOPE"], "--calendar"),
        (["--submitted", "2025-08-20", "--calendar-file", "/no/such.ics"], "--calendar-file"),
    ],
)
def test_console_errors_exit_2_without_a_traceback(
    console_env: dict[str, str], args: list[str], option: str
) -> None:
    done = subprocess.run(
        [str(SEATS), "deadlines", *args],
        env=console_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and option in lines[0]
    assert done.stdout == ""
