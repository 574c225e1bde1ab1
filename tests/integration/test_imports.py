"""Provider bulk files: every action end to end, dry runs, all-or-nothing and --partial.

Each test builds CCAs through the services (tests/core/helpers_lifecycle), writes a real CSV or
.xlsx file, runs the import as the provider's staff member, and reads the database back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seats.core.models import CCA, CCAHistory, Notice
from seats.core.selectors.access import Viewer
from seats.domain.roles import Role
from seats.domain.statuses import Status
from seats.integration.imports import ImportReport, run_import
from seats.integration.models import ImportRun
from tests.core.helpers_lifecycle import (
    Snapshot,
    assert_nothing_written,
    check_history,
    confirmed,
    ready_to_confirm,
)
from tests.factories import SUBMITTED, World, build_world, make_offering

pytestmark = pytest.mark.django_db

COURSE_START = date(2025, 9, 8)


# --- helpers shared by the other test_imports* files ------------------------------------------


def csv_bytes(rows: Sequence[dict[str, Any]], *, bom: bool = False) -> bytes:
    """A CSV file with the union of the rows' keys as header (in first-seen order)."""
    header = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(k) is None else str(row.get(k)) for k in header])
    data = out.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def xlsx_bytes(rows: Sequence[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value: Any) -> Any:
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    header = list(dict.fromkeys(k for row in rows for k in row))
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([cell(row.get(k)) for k in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def staff(world: World) -> Viewer:
    actor = world.actor(Role.PROVIDER_STAFF)
    return Viewer(actor.user, Role.PROVIDER_STAFF, world.provider)


def run(world: World, data: bytes, **kw: Any) -> ImportReport:
    kw.setdefault("file_name", "rows.csv")
    return run_import(data, viewer=staff(world), **kw)


def problems(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(p.line, p.column, p.message) for p in report.problems()]


def fresh(cca: CCA) -> CCA:
    return CCA.objects.get(pk=cca.pk)


def another(world: World, stage: Any = confirmed) -> CCA:
    """One more CCA of the world's student at ``stage``, on its own offering."""
    return stage(world, offering=make_offering(world))


def enrolled(world: World) -> CCA:
    cca = world.enrolled(offering=make_offering(world))
    return fresh(cca)


def last_entry(cca: CCA) -> CCAHistory:
    return CCAHistory.objects.filter(cca=cca).order_by("-seq").first()  # type: ignore[return-value]


# --- every action, applied ----------------------------------------------------------------------


def test_course_start_and_teacher_of_record_then_confirm_in_one_file():
    """Rows of one CCA see the effect of earlier rows: start date and TOR, then Confirmed."""
    world = build_world()
    cca = enrolled(world)
    census = date(2025, 10, 7)  # 20 school days after Mon 2025-09-08 on the default calendar
    rows = [
        {"action": "course_start", "cca_id": cca.pk, "course_start_date": "2025-09-08"},
        {"action": "teacher_of_record", "cca_id": cca.pk, "teacher_cactus_id": "C1000"},
    ]
    report = run(world, csv_bytes(rows), as_of=SUBMITTED)
    assert report.ok and report.written, problems(report)
    cca = fresh(cca)
    assert cca.course_start_date == COURSE_START
    assert cca.census_date == census
    assert cca.teacher_of_record_id == world.teacher.pk
    actions = [e.action for e in check_history(cca.pk)]
    assert actions[-2:] == ["set_course_start", "set_teacher_of_record"]
    confirm = [{"action": "status_move", "cca_id": cca.pk, "to_status": "confirmed"}]
    report = run(world, csv_bytes(confirm), as_of=census)
    assert report.ok, problems(report)
    cca = fresh(cca)
    assert cca.status == Status.CONFIRMED and cca.confirmation_date == census
    assert last_entry(cca).action == "confirm"
    check_history(cca.pk)


def test_grade_progress_with_at_risk_flag_writes_two_entries_and_notices():
    world = build_world()
    cca = confirmed(world)
    day = cca.confirmation_date + timedelta(days=14)
    row = {
        "action": "grade_progress",
        "cca_id": cca.pk,
        "percent": "62.5",
        "letter": "d+",
        "last_activity": day.isoformat(),
        "at_risk": "yes",
        "reason": "missing three assignments",
    }
    report = run(world, csv_bytes([row]), as_of=day)
    assert report.ok and report.rows[0].entries == 2, problems(report)
    cca = fresh(cca)
    assert cca.grade_progress_percent == Decimal("62.50")
    assert cca.grade_progress_letter == "D+"
    assert cca.grade_progress_as_of == day and cca.last_activity_on == day
    assert cca.at_risk and cca.at_risk_since == day
    entries = check_history(cca.pk)
    assert [e.action for e in entries[-2:]] == ["grade_progress", "flag_at_risk"]
    assert entries[-1].reason == "missing three assignments"
    audiences = set(
        Notice.objects.filter(cca=cca, kind="at_risk").values_list("audience", flat=True)
    )
    assert audiences == {"counselor", "guardians", "lea"}


def test_unchanged_at_risk_alone_is_no_change_and_clearing_is_recorded():
    world = build_world()
    cca = confirmed(world)
    same = [{"action": "grade_progress", "cca_id": cca.pk, "at_risk": "no"}]
    before = Snapshot.take(cca)
    report = run(world, csv_bytes(same), as_of=cca.confirmation_date)
    assert report.ok and report.rows[0].entries == 0
    assert_nothing_written(before, cca)
    flag = [{"action": "grade_progress", "cca_id": cca.pk, "at_risk": "1"}]
    assert run(world, csv_bytes(flag), as_of=cca.confirmation_date).ok
    clear = [{"action": "grade_progress", "cca_id": cca.pk, "at_risk": "false"}]
    assert run(world, csv_bytes(clear), as_of=cca.confirmation_date).ok
    assert not fresh(cca).at_risk and fresh(cca).at_risk_since is None
    assert [e.action for e in check_history(cca.pk)[-2:]] == ["flag_at_risk", "clear_at_risk"]


@pytest.mark.parametrize(
    ("grade", "status", "credit"),
    [
        ("A-", Status.PASS_ALL_COMPLETE, Decimal("0.50")),
        ("F", Status.COMPLETED_GRADE_TOO_LOW, Decimal("0.00")),
        ("NG", Status.FAILED_TO_COMPLETE, Decimal("0.00")),
    ],
)
def test_final_grade_closes_the_cca_with_the_status_the_grade_means(grade, status, credit):
    world = build_world()
    cca = confirmed(world)
    done = date(2026, 1, 15)
    row = {"action": "final_grade", "cca_id": cca.pk, "final_grade": grade}
    row["completion_date"] = done.isoformat()
    report = run(world, csv_bytes([row]), as_of=date(2026, 1, 20))
    assert report.ok, problems(report)
    cca = fresh(cca)
    assert (cca.status, cca.final_grade, cca.credit_earned) == (status, grade, credit)
    assert cca.completion_date == done
    entry = check_history(cca.pk)[-1]
    assert entry.details["final_grade"] == grade
    assert entry.details["completion_date"] == done.isoformat()


def test_final_grade_after_anticipated_late_pass_is_a_late_pass():
    world = build_world()
    cca = confirmed(world)
    alp = [{"action": "status_move", "cca_id": cca.pk, "to_status": "Anticipated Late Pass"}]
    report = run(world, csv_bytes(alp), as_of=date(2026, 6, 25))  # set before June 30
    assert report.ok, problems(report)
    grade = [{"action": "final_grade", "cca_id": cca.pk, "final_grade": "B"}]
    report = run(world, csv_bytes(grade), as_of=date(2026, 7, 10))
    assert report.ok, problems(report)
    assert fresh(cca).status == Status.LATE_PASS
    assert [e.action for e in check_history(cca.pk)[-2:]] == ["anticipated_late_pass", "late_pass"]


def test_status_move_with_document_and_reason():
    world = build_world()
    cca = confirmed(world)
    row = {
        "action": "status_move",
        "cca_id": cca.pk,
        "to_status": "student_withdrawal_after_20",
        "reason": "family moved",
        "document_ref": "withdrawal-4411.pdf",
        "withdrawal_date": "2025-10-31",
    }
    report = run(world, csv_bytes([row]), as_of=date(2025, 11, 3))
    assert report.ok, problems(report)
    assert fresh(cca).withdrawal_date == date(2025, 10, 31)
    entry = check_history(cca.pk)[-1]
    assert (entry.action, entry.reason, entry.document_ref) == (
        "student_withdrawal",
        "family moved",
        "withdrawal-4411.pdf",
    )
    assert fresh(cca).credit_earned == Decimal("0.00")


def test_intent_to_withdraw_then_transcript_after_pass():
    world = build_world()
    inactive = confirmed(world)
    passed = another(world)
    day = date(2025, 11, 20)
    rows = [
        {"action": "intent_to_withdraw", "cca_id": inactive.pk, "reason": "no login in 12 days"},
        {"action": "final_grade", "cca_id": passed.pk, "final_grade": "P"},
        {"action": "transcript", "cca_id": passed.pk, "transcript_issued_on": "2025-11-20"},
    ]
    report = run(world, csv_bytes(rows), as_of=day)
    assert report.ok, problems(report)
    assert fresh(inactive).intent_to_withdraw_sent_on == day
    assert Notice.objects.filter(cca=inactive, kind="intent_to_withdraw").count() == 3
    assert fresh(passed).transcript_issued_on == day
    assert Notice.objects.filter(cca=passed, kind="transcript_issued").exists()
    for cca in (inactive, passed):
        check_history(cca.pk)


def test_natural_key_and_xlsx_with_real_dates():
    """An Excel file naming the CCA by SSID, core code, school year and session."""
    world = build_world()
    cca = enrolled(world)
    row = {
        "Action": "course_start",
        " SSID ": world.student.ssid,
        "Core Code": cca.offering.core_code,
        "school_year": "2025-26",
        "session": "s1",
        "course_start_date": COURSE_START,  # a real Excel date cell
    }
    report = run(world, xlsx_bytes([row]), file_name="rows.xlsx", as_of=SUBMITTED)
    assert report.ok and report.file_format == "xlsx", problems(report)
    assert report.rows[0].cca_id == cca.pk
    assert fresh(cca).course_start_date == COURSE_START


def test_csv_with_byte_order_mark_is_read():
    world = build_world()
    cca = enrolled(world)
    row = {"action": "teacher_of_record", "cca_id": cca.pk, "teacher_cactus_id": "C1000"}
    report = run(world, csv_bytes([row], bom=True), as_of=SUBMITTED)
    assert report.ok, problems(report)
    assert fresh(cca).teacher_of_record_id == world.teacher.pk


# --- dry run, all-or-nothing, partial ------------------------------------------------------------


def _mixed_file(world: World) -> tuple[bytes, CCA, CCA]:
    good = ready_to_confirm(world)
    bad = another(world, ready_to_confirm)
    rows = [
        {"action": "status_move", "cca_id": good.pk, "to_status": "confirmed"},
        {"action": "status_move", "cca_id": bad.pk, "to_status": "pass_all_complete"},
    ]
    return csv_bytes(rows), good, bad


def test_dry_run_reports_per_row_and_writes_nothing():
    world = build_world()
    data, good, _ = _mixed_file(world)
    before = Snapshot.take()
    report = run(world, data, dry_run=True, as_of=good.census_date)
    assert_nothing_written(before)
    assert [r.ok for r in report.rows] == [True, False]
    assert report.rows[0].entries == 1
    (line, column, message) = problems(report)[0]
    assert (line, column) == (3, "to_status")
    assert "cannot move to Pass All Complete" in message
    assert ImportRun.objects.get().outcome == "check_failed"


def test_one_bad_row_means_nothing_is_written():
    world = build_world()
    data, good, _ = _mixed_file(world)
    before = Snapshot.take()
    report = run(world, data, as_of=good.census_date)
    assert_nothing_written(before)
    assert not report.written and report.rows_applied == 0
    assert "Nothing was written" in report.summary()
    assert fresh(good).status == Status.ENROLLMENT_COMPLETE
    assert ImportRun.objects.get().outcome == "refused"


def test_partial_applies_the_valid_rows_only():
    world = build_world()
    data, good, bad = _mixed_file(world)
    report = run(world, data, partial=True, as_of=good.census_date)
    assert report.written and report.rows_applied == 1 and report.rows_with_errors == 1
    assert fresh(good).status == Status.CONFIRMED
    assert fresh(bad).status == Status.ENROLLMENT_COMPLETE
    assert fresh(bad).version == bad.version
    check_history(good.pk)
    run_record = ImportRun.objects.get()
    assert (run_record.outcome, run_record.rows_applied) == ("partially_applied", 1)


def test_partial_later_rows_see_the_cca_without_the_refused_row():
    """A refused row is undone in memory: the next row of the same CCA is judged without it."""
    world = build_world()
    cca = enrolled(world)
    rows = [
        {"action": "course_start", "cca_id": cca.pk, "course_start_date": "2031-01-01"},
        {"action": "teacher_of_record", "cca_id": cca.pk, "teacher_cactus_id": "C1000"},
        {"action": "status_move", "cca_id": cca.pk, "to_status": "confirmed"},
    ]
    report = run(world, csv_bytes(rows), partial=True, as_of=date(2025, 10, 7))
    assert [r.ok for r in report.rows] == [False, True, False]
    assert "No course start date is set" in report.rows[2].problems[0].message
    cca = fresh(cca)
    assert cca.course_start_date is None and cca.teacher_of_record_id == world.teacher.pk
    check_history(cca.pk)


def test_stale_expected_version_is_refused_on_its_column():
    world = build_world()
    cca = ready_to_confirm(world)
    row = {"action": "status_move", "cca_id": cca.pk, "to_status": "confirmed"}
    row["expected_version"] = cca.version - 1
    report = run(world, csv_bytes([row]), as_of=cca.census_date)
    (line, column, message) = problems(report)[0]
    assert (line, column) == (2, "expected_version") and "changed by someone else" in message


# --- the command ---------------------------------------------------------------------------------


def test_command_dry_run_then_apply(tmp_path, capsys):
    world = build_world()
    cca = ready_to_confirm(world)
    path = tmp_path / "moves.csv"
    path.write_bytes(
        csv_bytes([{"action": "status_move", "cca_id": cca.pk, "to_status": "confirmed"}])
    )
    args = ["import", str(path), "--provider", "PRV1", "--user", "provider"]
    args += ["--as-of", cca.census_date.isoformat()]
    call_command(*args, "--dry-run")
    assert "Dry run: every row can be applied" in capsys.readouterr().out
    assert fresh(cca).status == Status.ENROLLMENT_COMPLETE
    call_command(*args)
    assert "Applied: 1 history entries written." in capsys.readouterr().out
    assert fresh(cca).status == Status.CONFIRMED


def test_command_prints_problems_and_exits_1(tmp_path, capsys):
    world = build_world()
    cca = confirmed(world)
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes([{"action": "course_start", "cca_id": cca.pk, "course_start_date": "31/12/2025"}])
    )
    report = tmp_path / "report.csv"
    with pytest.raises(CommandError) as caught:
        call_command(
            "import", str(path), "--provider", "PRV1", "--user", "provider", "--report", str(report)
        )
    assert caught.value.returncode == 1
    out = capsys.readouterr().out
    assert "line 2, column course_start_date: '31/12/2025' is not a date" in out
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "line,column,message,rule" and lines[1].startswith("2,course_start_date,")


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--provider", "NOPE", "--user", "provider"], "No provider has the code"),
        (["--provider", "PRV1", "--user", "counselor"], "is not provider staff of PRV1"),
        (["--provider", "PRV1"], "--user USERNAME is required"),
        (["--provider", "PRV1", "--user", "provider", "--as-of", "2025-02-30"], "--as-of"),
    ],
)
def test_command_usage_errors_exit_2(tmp_path, extra, needle):
    build_world()
    path = tmp_path / "x.csv"
    path.write_bytes(b"action,cca_id\n")
    with pytest.raises(CommandError, match=needle) as caught:
        call_command("import", str(path), *extra)
    assert caught.value.returncode == 2


def test_command_shows_a_progress_bar_for_large_files(tmp_path):
    world = build_world()
    rows = [{"action": "transcript", "cca_id": 10_000_000 + n} for n in range(1500)]
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import",
            str(path),
            "--provider",
            world.provider.code,
            "--user",
            "provider",
            "--dry-run",
            stderr=err,
            stdout=io.StringIO(),
        )
    bar = err.getvalue()
    assert bar.count("\r[") >= 1 and "100% 1,500/1,500 rows" in bar
    small = tmp_path / "small.csv"
    small.write_bytes(csv_bytes(rows[:10]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import",
            str(small),
            "--provider",
            world.provider.code,
            "--user",
            "provider",
            "--dry-run",
            stderr=err,
            stdout=io.StringIO(),
        )
    assert "rows" not in err.getvalue()


def test_the_documented_example_file_has_the_documented_shape():
    """docs/imports.md's example parses: no header or cell problems, only the CCAs (which do
    not exist here) and the row the text says is incomplete."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "imports.md").read_text(encoding="utf-8")
    example = text.split("```csv\n", 1)[1].split("```", 1)[0]
    world = build_world()
    report = run(world, example.encode("utf-8"), dry_run=True)
    assert not report.file_problems and len(report.rows) == 9
    columns = {(p.line, p.column) for p in report.problems()}
    assert (4, "to_status") in columns
    assert {c for _, c in columns} <= {"cca_id", "ssid", "to_status"}, columns
    assert all(r.problems for r in report.rows)
