"""Bad files: every kind of wrong input gets a clear answer with its line and column, never a
crash, and never a partial write (the import fuzz test of issue 4)."""

from __future__ import annotations

import os
import random
from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seats.core.models import CCA
from seats.core.services import bulk
from seats.integration.imports import ImportReport
from seats.integration.imports.columns import ALL_COLUMNS
from tests.core.helpers_lifecycle import (
    Snapshot,
    assert_nothing_written,
    check_history,
    confirmed,
    other_provider,
)
from tests.factories import SUBMITTED, build_world, make_offering
from tests.integration.test_imports import csv_bytes, enrolled, fresh, problems, run, xlsx_bytes

pytestmark = pytest.mark.django_db


def only(report: ImportReport) -> tuple[int, str, str]:
    found = problems(report)
    assert len(found) == 1, found
    return found[0]


# --- the file as a whole --------------------------------------------------------------------------


def test_latin1_file_is_refused_naming_the_byte_offset():
    world = build_world()
    data = "action,cca_id,reason\ntranscript,1,Año escolar\n".encode("latin-1")
    before = Snapshot.take()
    report = run(world, data)
    assert_nothing_written(before)
    line, column, message = only(report)
    offset = data.index("ñ".encode("latin-1"))
    assert line == 2 and column == ""
    assert f"byte 0xF1 at byte offset {offset} (line 2)" in message and "UTF-8" in message
    assert report.rows == [] and not report.written


def test_utf16_file_is_refused():
    world = build_world()
    report = run(world, "action,cca_id\n".encode("utf-16"))
    assert "UTF-16" in only(report)[2]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "The file is empty"),
        (b"\n\n ,  \n", "The file is empty"),
        (b"PK\x03\x04garbage", "not a readable .xlsx workbook"),
        (b"\xd0\xcf\x11\xe0rest", "old Excel .xls"),
        (b'action,cca_id\ntranscript,"unterminated\x00', "is not a whole number"),
        (b"action\n" + b"x" * 200_000 + b"\n", "Line 2 is not valid CSV (field larger"),
    ],
)
def test_unreadable_files_get_one_clear_problem(data, needle):
    world = build_world()
    before = Snapshot.take()
    report = run(world, data)
    assert_nothing_written(before)
    assert not report.ok and all(p.message for p in report.problems())
    assert needle in " ".join(p.message for p in report.problems())


# --- columns --------------------------------------------------------------------------------------


def test_header_without_action_or_cca_reference():
    world = build_world()
    report = run(world, b"ssid,reason\n123,x\n")
    found = problems(report)
    assert (1, "action", found[0][2]) in found and "no action column" in found[0][2]
    assert any(
        c == "cca_id" and "missing: core_code, school_year, session" in m for _, c, m in found
    )


def test_unknown_and_repeated_columns_refuse_the_file_but_rows_are_still_checked():
    world = build_world()
    cca = confirmed(world)
    data = csv_bytes([{"action": "transcript", "cca_id": cca.pk, "Colour": "red"}])
    data = data.replace(b"Colour", b"Colour,CCA_ID").replace(b",red", b",red,1")
    before = Snapshot.take()
    report = run(world, data)
    assert_nothing_written(before)
    found = problems(report)
    assert found[0][:2] == (1, "Colour") and "Unknown column 'Colour'" in found[0][2]
    assert found[1][:2] == (1, "cca_id") and "appears twice" in found[1][2]
    assert found[2][:2] == (2, "action") and "A transcript follows a closeout" in found[2][2]


def test_row_with_more_cells_than_header_and_values_under_unnamed_columns():
    world = build_world()
    cca = confirmed(world)
    data = f"action,cca_id,\nintent_to_withdraw,{cca.pk},,,\nintent_to_withdraw,{cca.pk},x,,y\n"
    report = run(world, data.encode())
    found = problems(report)
    assert (3, "#3", "A value under a column with no name: 'x'.") in found
    assert any(
        line == 3 and col == "#5" and "past the header's 3 columns" in m for line, col, m in found
    )


def test_missing_column_for_an_action_and_values_an_action_does_not_use():
    world = build_world()
    cca = confirmed(world)
    rows = [
        {"action": "status_move", "cca_id": cca.pk, "percent": "50"},
        {"action": "course_start", "cca_id": cca.pk, "percent": ""},
    ]
    report = run(world, csv_bytes(rows))
    found = problems(report)
    assert (
        2,
        "to_status",
        "A status_move row needs a to_status column; the header has none.",
    ) in found
    assert (2, "percent", "percent is not used by status_move rows; leave it empty.") in found
    assert (
        3,
        "course_start_date",
        "A course_start row needs a course_start_date column; the header has none.",
    ) in found


# --- cells ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "needle"),
    [
        ("completion_date", "2025-02-30", "is not a date"),
        ("completion_date", "12/01/2025", "is not a date"),
        ("completion_date", "1899-12-31", "not a plausible date"),
        ("cca_id", "12.5", "is not a whole number"),
        ("expected_version", "-1", "is not a whole number"),
        ("final_grade", "Z", "'Z' is not a grade"),
        ("to_status", "graduated", "Unknown status 'graduated'"),
        ("action", "delete_everything", "Unknown action 'delete_everything'"),
    ],
)
def test_bad_cells_name_their_column(column, value, needle):
    world = build_world()
    cca = confirmed(world)
    row = {"action": "final_grade", "cca_id": cca.pk, "final_grade": "A", column: value}
    before = Snapshot.take()
    report = run(world, csv_bytes([row]), as_of=date(2026, 1, 20))
    assert_nothing_written(before)
    found = problems(report)
    expected_column = "cca_id" if column == "cca_id" else column
    assert any(c == expected_column and needle in m for _, c, m in found), found


def test_unknown_ids_codes_and_teachers():
    world = build_world()
    cca = enrolled(world)
    rows = [
        {"action": "teacher_of_record", "cca_id": cca.pk, "teacher_cactus_id": "C404"},
        {"action": "transcript", "cca_id": 987654321},
        {
            "action": "transcript",
            "ssid": "0000",
            "core_code": "X",
            "school_year": "2025",
            "session": "S1",
        },
        {
            "action": "transcript",
            "ssid": "1",
            "core_code": "X",
            "school_year": "2025-27",
            "session": "S9",
        },
    ]
    report = run(world, csv_bytes(rows), as_of=SUBMITTED)
    found = problems(report)
    assert (
        2,
        "teacher_cactus_id",
        "Teacher C404 is not a teacher of record of this provider.",
    ) in found
    assert (3, "cca_id", "There is no CCA 987654321 that you can see.") in found
    assert any(
        line == 4 and c == "ssid" and "There is no CCA for SSID 0000" in m for line, c, m in found
    )
    assert any(line == 5 and c == "school_year" for line, c, _ in found)
    assert any(line == 5 and c == "session" for line, c, _ in found)


def test_ccas_of_another_provider_look_like_missing_ones():
    world = build_world()
    other, _, _ = other_provider(world)
    theirs = confirmed(world)
    # Hand the CCA to the other provider (test setup: the services never move a CCA).
    CCA.objects.filter(pk=theirs.pk).update(provider=other)
    row = {"action": "intent_to_withdraw", "cca_id": theirs.pk}
    before = Snapshot.take()
    report = run(world, csv_bytes([row]), as_of=date(2025, 11, 3))
    assert only(report) == (2, "cca_id", f"There is no CCA {theirs.pk} that you can see.")
    assert_nothing_written(before)


def test_duplicate_rows_refuse_both():
    world = build_world()
    cca = confirmed(world)
    rows = [
        {"action": "grade_progress", "cca_id": cca.pk, "percent": "70"},
        {"action": "intent_to_withdraw", "cca_id": cca.pk},
        {
            "action": "grade_progress",
            "ssid": world.student.ssid,
            "core_code": cca.offering.core_code,
            "school_year": "2025",
            "session": "S1",
            "percent": "71",
        },
    ]
    before = Snapshot.take()
    report = run(world, csv_bytes(rows), partial=True, as_of=date(2025, 11, 3))
    found = problems(report)
    assert [line for line, _, _ in found] == [2, 4]
    assert "Line 4 repeats grade_progress" in found[0][2]
    assert "Line 2 already has grade_progress" in found[1][2]
    assert report.written and report.rows_applied == 1  # only the notice of intent
    assert fresh(cca).grade_progress_percent is None
    assert Snapshot.take().history == before.history + 1


# --- 100,000 rows ---------------------------------------------------------------------------------

_GARBAGE = [
    {"action": "status_move", "to_status": "confirmed"},  # unknown or missing cca
    {"action": "final_grade", "final_grade": "Q"},
    {"action": "course_start", "course_start_date": "2025-13-01"},
    {"action": "teleport"},
    {"action": "grade_progress", "percent": "lots"},
    {"action": "transcript", "transcript_issued_on": "yesterday"},
    {"action": "", "reason": "no action"},
]


def test_a_100000_row_file_of_mostly_bad_rows_reports_every_row_and_writes_nothing():
    world = build_world()
    good = [confirmed(world)] + [confirmed(world, offering=make_offering(world)) for _ in range(2)]
    rng = random.Random(4)
    rows = []
    for n in range(100_000):
        if n % 40_000 == 0:
            rows.append(
                {"action": "grade_progress", "cca_id": good[n // 40_000].pk, "percent": "90"}
            )
            continue
        garbage = dict(rng.choice(_GARBAGE))
        # Ids far above any real CCA: on PostgreSQL the sequence does not restart per test, so
        # a small id could name one of the good CCAs and make a garbage row valid.
        garbage["cca_id"] = str(rng.choice([n + 10**8, -n, "x", ""]))
        rows.append(garbage)
    before = Snapshot.take()
    report = run(world, csv_bytes(rows), as_of=date(2025, 11, 3))
    assert_nothing_written(before)
    assert len(report.rows) == 100_000 and not report.written
    assert report.rows_ok == 3 and report.rows_with_errors == 99_997
    lines = [r.line for r in report.rows]
    assert lines == list(range(2, 100_002))
    for row in report.rows:
        assert row.ok or all(p.line == row.line and p.column and p.message for p in row.problems)
    assert "Nothing was written (all-or-nothing)" in report.summary()


# --- hypothesis: garbage in every cell ------------------------------------------------------------

_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "2025-10-07",
            "2025-02-30",
            "confirmed",
            "A",
            "true",
            "=1+2",
            "C1000",
            "S1",
            "2025-26",
            "1e9",
            "NaN",
            "99.999",
            " ",
            "\t",
        ]
    ),
)


@settings(
    max_examples=int(os.environ.get("SEATS_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_garbage_cells_never_crash_and_never_write_partly(data: st.DataObject) -> None:
    columns = data.draw(st.lists(st.sampled_from(ALL_COLUMNS), min_size=1, max_size=8, unique=True))
    n_rows = data.draw(st.integers(1, 4))
    partial = data.draw(st.booleans())
    as_of = data.draw(st.sampled_from([SUBMITTED, date(2025, 10, 7), date(2026, 1, 20)]))
    xlsx = data.draw(st.booleans())
    with transaction.atomic():
        world = build_world()
        cca = confirmed(world)
        rows = []
        for _ in range(n_rows):
            row = {c: data.draw(_CELL) for c in columns}
            if data.draw(st.booleans()):
                row["action"] = data.draw(st.sampled_from(bulk.ACTIONS))
                row["cca_id"] = str(cca.pk)
            rows.append(row)
        payload = xlsx_bytes(rows) if xlsx else csv_bytes(rows)
        before = Snapshot.take()
        report = run(
            world, payload, partial=partial, as_of=as_of, file_name="f.xlsx" if xlsx else "f.csv"
        )
        for problem in report.problems():
            assert problem.message and (problem.line <= 1 or problem.column)
        if not report.written:
            assert_nothing_written(before)
        elif not partial:
            assert report.ok
        if report.written:
            check_history(cca.pk)
        transaction.set_rollback(True)
