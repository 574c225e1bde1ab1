"""`seats utrex check` and `seats utrex quarterly`: readable CSV and Excel files with a summary,
formulas from the extract neutralised, the quarterly report's dates and contents, and clear
refusals of bad input that leave no file behind."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from seats.core.models import CCA
from seats.core.selectors.access import Viewer
from seats.domain.errors import InvalidInput
from seats.domain.roles import Role
from seats.integration.utrex.expected import expected_records
from seats.integration.utrex.extract import write_extract
from seats.integration.utrex.findings import SET_RULES
from seats.integration.utrex.output import FINDING_HEADERS, neutralise
from seats.integration.utrex.report import HEADERS, check_report_date
from seats.integration.utrex.rules import RULES
from tests.core.helpers_lifecycle import confirmed
from tests.factories import World, build_world
from tests.integration.test_utrex_check import _passed

pytestmark = pytest.mark.django_db


@dataclass
class Setup:
    world: World
    confirmed: CCA
    passed: CCA
    rows: list[dict[str, str]]


@pytest.fixture
def setup() -> Setup:
    world = build_world()
    first, passed = confirmed(world), _passed(world)
    state = world.actor(Role.STATE_SPECIALIST)
    v = Viewer(state.user, Role.STATE_SPECIALIST, state.organisation)
    return Setup(world, first, passed, list(expected_records(v, school_year=2025)))


def write(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    write_extract(rows, out)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def utrex(*args: str) -> str:
    out = io.StringIO()
    call_command("utrex", *args, stdout=out, skip_checks=False)  # as `seats utrex` runs
    return out.getvalue()


def spoiled(setup: Setup) -> list[dict[str, str]]:
    rows = [dict(r) for r in setup.rows]
    for r in rows:
        if r["ssid"] == setup.passed.student.ssid:
            r["course_title"] = '=HYPERLINK("http://x","y")'
        else:
            r["membership_days"] = "4"
    return [*rows, dict(setup.rows[0], ssid="+123")]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_check_to_csv_with_a_summary_file(setup: Setup, tmp_path: Path) -> None:
    extract = write(tmp_path / "utrex.csv", spoiled(setup))
    out = utrex(
        "check", str(extract), "--output", str(tmp_path / "report.csv"), "--as-of", "2026-02-18"
    )
    assert "records read: 3 (3 SOEP" in out and "COURSE_TITLE: 1" in out
    rows = read_csv(tmp_path / "report.csv")
    assert list(rows[0]) == list(FINDING_HEADERS)
    assert sorted(r["rule"] for r in rows) == [
        "COURSE_TITLE",
        "MEMBERSHIP_DAYS",
        "SSID",
    ]
    title = next(r for r in rows if r["rule"] == "COURSE_TITLE")
    assert title["found"] == '\'=HYPERLINK("http://x","y")'  # neutralised
    assert title["cca_id"] == str(setup.passed.pk) and title["school_year"] == "2025-26"
    assert next(r for r in rows if r["rule"] == "SSID")["found"] == "'+123"
    summary = {r["rule"]: r for r in read_csv(tmp_path / "report-summary.csv")}
    assert set(summary) == {r.code for r in RULES} | set(SET_RULES)
    assert summary["MEMBERSHIP_DAYS"]["findings"] == "1" and summary["SESSION"]["findings"] == "0"


def test_check_to_excel_with_a_summary_sheet(setup: Setup, tmp_path: Path) -> None:
    extract = write(tmp_path / "utrex.csv", spoiled(setup))
    utrex("check", str(extract), "--output", str(tmp_path / "report.xlsx"))
    book = load_workbook(tmp_path / "report.xlsx", read_only=True)
    assert book.sheetnames == ["Summary", "Findings"]
    rows = list(book["Findings"].iter_rows(values_only=True))
    assert rows[0] == FINDING_HEADERS and len(rows) == 4
    found = {r[0]: r for r in rows[1:]}
    assert found["COURSE_TITLE"][9].startswith("'=") and found["COURSE_TITLE"][6] == setup.passed.pk
    summary = [r for r in book["Summary"].iter_rows(values_only=True) if r and r[0]]
    assert summary[0][0].startswith("UTREx check of utrex.csv for all providers")
    counts = {r[0]: r[2] for r in summary if r[0] in {x.code for x in RULES}}
    assert counts["COURSE_TITLE"] == 1 and counts["CORE_CODE"] == 0


def test_check_without_output_prints_the_first_findings(setup: Setup, tmp_path: Path) -> None:
    extract = write(tmp_path / "utrex.csv", spoiled(setup))
    out = utrex("check", str(extract), "--school-year", "2025-26")
    assert "First 3 findings" in out and "MEMBERSHIP_DAYS" in out
    clean = write(tmp_path / "clean.csv", setup.rows)
    out = utrex("check", str(clean), "--provider", "PRV1", "--school-year", "2026")
    assert "no mismatches" in out and "for provider PRV1" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "{tmp}/nope.csv"], "FILE: cannot read"),
        (["check", "{extract}", "--provider", "NOPE"], "--provider: no online provider"),
        (["check", "{extract}", "--provider", "LEA1"], "--provider: no online provider"),
        (["check", "{extract}", "--school-year", "soon"], "--school-year: 'soon' is not"),
        (["check", "{extract}", "--as-of", "2026-02-30"], "--as-of"),
        (["check", "{extract}", "--output", "{tmp}/r.txt"], "--output: r.txt must end in"),
        (["check", "{extract}", "--output", "{tmp}/none/r.csv"], "does not exist"),
        (["check", "{latin}", "--output", "{tmp}/r.csv"], "line 2 is not UTF-8"),
        (["check", "{headless}", "--output", "{tmp}/r.csv"], "the header lacks"),
        (["quarterly", "--provider", "PRV1", "--date", "2025-11-02"], "November 1, February 1"),
        (["quarterly", "--provider", "PRV1", "--date", "2025-11-31"], "--date"),
        (["quarterly", "--provider", "PRV1", "--date", "2025-11-01", "--output", "q.pdf"], "pdf"),
    ],
)
def test_bad_input_is_refused_clearly_and_writes_nothing(
    setup: Setup, tmp_path: Path, args: list[str], message: str
) -> None:
    files = {
        "tmp": str(tmp_path),
        "extract": str(write(tmp_path / "e.csv", setup.rows)),
        "latin": str(
            write(tmp_path / "l.csv", [dict(setup.rows[0], course_title="Español")], "latin-1")
        ),
        "headless": str(tmp_path / "h.csv"),
    }
    (tmp_path / "h.csv").write_text("ssid,term\n1,S1\n")
    before = set(tmp_path.iterdir())
    with pytest.raises(CommandError, match=message):
        utrex(*(a.format(**files) for a in args))
    assert set(tmp_path.iterdir()) == before  # no report, no temporary file left


def test_report_dates() -> None:
    for day in (date(2025, 11, 1), date(2026, 2, 1), date(2026, 4, 1), date(2026, 6, 1)):
        check_report_date(day)
    with pytest.raises(InvalidInput, match="November 1, February 1, April 1, June 1"):
        check_report_date(date(2026, 3, 1))
    check_report_date(date(2026, 3, 1), any_date=True)


def test_quarterly_report_lists_the_providers_ccas_as_of_the_date(
    setup: Setup, tmp_path: Path
) -> None:
    out = utrex(
        "quarterly",
        "--provider",
        "PRV1",
        "--date",
        "2026-02-01",
        "--output",
        str(tmp_path / "q.csv"),
    )
    assert "Quarterly data report of PRV1 as of 2026-02-01 (school year 2025-26): 2 CCAs" in out
    rows = {r["cca_id"]: r for r in read_csv(tmp_path / "q.csv")}
    assert list(next(iter(rows.values()))) == list(HEADERS)
    passed = rows[str(setup.passed.pk)]
    assert passed["ssid"] == setup.passed.student.ssid and passed["student"] == ""
    assert (passed["status"], passed["final_grade"], passed["credit_earned"]) == (
        "Pass All Complete",
        "A",
        "1.00",
    )
    assert passed["usbe_title"] == setup.passed.offering.usbe_title and passed["session"] == "S2"
    first = rows[str(setup.confirmed.pk)]
    assert first["status"] == "Confirmed" and first["final_grade"] == first["credit_earned"] == ""
    assert first["confirmation_date"] == setup.confirmed.confirmation_date.isoformat()
    assert first["census_date"] == setup.confirmed.census_date.isoformat()


def test_quarterly_report_before_a_confirmation_leaves_it_blank(
    setup: Setup, tmp_path: Path
) -> None:
    day = setup.confirmed.confirmation_date.replace(day=1)
    assert day < setup.confirmed.confirmation_date
    utrex(
        "quarterly",
        "--provider",
        "PRV1",
        "--date",
        day.isoformat(),
        "--any-date",
        "--output",
        str(tmp_path / "q.xlsx"),
    )
    book = load_workbook(tmp_path / "q.xlsx", read_only=True)
    rows = list(book["Quarterly data"].iter_rows(values_only=True))
    assert rows[0] == HEADERS
    by_cca = {r[-1]: dict(zip(HEADERS, r, strict=True)) for r in rows[1:]}
    assert by_cca[setup.confirmed.pk]["confirmation_date"] is None
    assert by_cca[setup.passed.pk]["final_grade"] is None  # completed later


def test_quarterly_report_of_another_provider_is_empty_for_it(setup: Setup, tmp_path: Path) -> None:
    from tests.core.helpers_lifecycle import other_provider

    other_provider(setup.world)
    out = utrex(
        "quarterly",
        "--provider",
        "PRV9",
        "--date",
        "2026-02-01",
        "--output",
        str(tmp_path / "q.csv"),
    )
    assert ": 0 CCAs" in out and read_csv(tmp_path / "q.csv") == []


def test_student_names_only_where_the_ssid_is_missing(setup: Setup) -> None:
    from seats.integration.utrex.report import _row

    values = (1, None, "Ana", "Lopez", "01", "Bio", 2025, "S1", "confirmed", None, 1, None)
    row = _row((*values, None, None, None, "", None, None), date(2025, 11, 1))[1]
    assert row[:2] == ["", "A. Lopez"]
    row = _row(((1, "123", "Ana", "Lopez", *values[4:]) + (None,) * 6), date(2025, 11, 1))[1]
    assert row[:2] == ["123", ""]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("a=b", "a=b"),
        (5, 5),
        (None, None),
    ],
)
def test_neutralise(value, expected) -> None:
    assert neutralise(value) == expected
