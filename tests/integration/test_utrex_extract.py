"""Reading a UTREx extract: the header (any case, aliases, BOM), typed values with line and column
for what cannot be read, and clear refusals of files that cannot be read at all."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seats.integration.utrex.extract import (
    COLUMNS,
    ExtractError,
    parse_school_year,
    read_extract,
    write_extract,
)

GOOD = {
    "ssid": "1234567",
    "core_code": "0100",
    "course_title": "Biology",
    "school_of_record": "N",
    "instructional_setting": "op",
    "entry_date": "2025-08-25",
    "exit_date": "1/10/2026",
    "term": "s1",
    "school_year": "2026",
    "credit_attempted": ".50",
    "credit_earned": "",
    "membership_days": "0",
    "enrollment_validation_type": "L",
}


def csv_bytes(rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    write_extract(rows, out)
    return out.getvalue().encode(encoding)


def test_a_good_line_is_read_into_typed_values() -> None:
    records, problems = read_extract(csv_bytes([GOOD]))
    assert problems == []
    [r] = records
    assert (r.line, r.ssid, r.core_code, r.term, r.school_year) == (
        2,
        "1234567",
        "0100",
        "S1",
        2025,
    )
    assert r.is_soep and r.instructional_setting == "OP"
    assert (r.entry_date, r.exit_date) == (date(2025, 8, 25), date(2026, 1, 10))
    assert r.credit_attempted == Decimal("0.5") and r.credit_earned is None
    assert r.membership_days == 0 and r.bad == frozenset()


def test_header_is_case_and_space_insensitive_with_aliases_and_a_bom() -> None:
    header = [c.upper().replace("_", " ") for c in COLUMNS]
    header[header.index("TERM")] = "Session"
    line = ",".join(GOOD.get(c, "") for c in COLUMNS)
    data = ("\ufeff" + ",".join(header) + "\r\n" + line + "\r\n").encode("utf-8")
    records, problems = read_extract(data)
    assert problems == [] and records[0].term == "S1"


@pytest.mark.parametrize(
    ("year", "expected"),
    [("2026", 2025), ("2025-26", 2025), ("2025-2026", 2025), ("2025/26", 2025)],
)
def test_school_years_in_both_notations(year, expected) -> None:
    assert parse_school_year(year) == expected


@pytest.mark.parametrize("year", ["26", "2025-27", "twenty", "1999-00", "2025-2027"])
def test_bad_school_years_are_refused(year) -> None:
    with pytest.raises(ValueError):
        parse_school_year(year)


def test_bad_values_are_warnings_with_line_and_column_and_the_rest_is_read() -> None:
    rows = [
        GOOD,
        GOOD | {"entry_date": "2025-02-30", "credit_attempted": "half"},
        GOOD | {"school_year": "next"},
        GOOD | {"membership_days": "-1"},
    ]
    records, problems = read_extract(csv_bytes(rows))
    assert len(records) == 4
    where = [(p.line, p.column, p.column_name, p.value) for p in problems]
    col = {c: i + 1 for i, c in enumerate(COLUMNS)}
    assert where == [
        (3, col["entry_date"], "entry_date", "2025-02-30"),
        (3, col["credit_attempted"], "credit_attempted", "half"),
        (4, col["school_year"], "school_year", "next"),
        (5, col["membership_days"], "membership_days", "-1"),
    ]
    assert problems[0].where() == f"line 3, column {col['entry_date']} (entry_date)"
    assert "is not a date" in problems[0].message
    assert records[1].bad == {"entry_date", "credit_attempted"}
    assert records[1].entry_date is None and records[1].exit_date == date(2026, 1, 10)


def test_a_short_line_is_a_warning_and_blank_lines_are_skipped() -> None:
    data = csv_bytes([GOOD]) + b"\n1234567,0100\n\n , ,\n"
    records, problems = read_extract(data)
    assert len(records) == 1
    assert [(p.line, p.column) for p in problems] == [(4, 0)]
    assert "the header has" in problems[0].message


def test_extra_columns_are_ignored() -> None:
    header = ",".join([*COLUMNS, "district_note"])
    line = ",".join([*(GOOD.get(c, "") for c in COLUMNS), "hello"])
    records, problems = read_extract(f"{header}\n{line}\n".encode())
    assert problems == [] and records[0].ssid == "1234567"


def test_wrong_encoding_is_refused_with_the_line() -> None:
    data = csv_bytes([GOOD, GOOD | {"course_title": "Español"}], encoding="latin-1")
    with pytest.raises(ExtractError, match=r"line 3 is not UTF-8.*CSV UTF-8"):
        read_extract(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\n", "the file is empty"),
        (b"ssid,core_code\n1,2\n", "the header lacks course_title"),
        (
            ("ssid," + ",".join(COLUMNS) + "\n").encode(),
            "the column 'ssid' appears twice",
        ),
    ],
)
def test_a_wrong_header_refuses_the_file(data, message) -> None:
    with pytest.raises(ExtractError, match=message):
        read_extract(data, source="x.csv")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({c: st.text(max_size=12) for c in COLUMNS}), min_size=1, max_size=8
    )
)
def test_any_cell_content_reads_without_crashing(rows) -> None:
    """Arbitrary text in every cell: each line is a record or a warning, never an exception."""
    try:
        records, problems = read_extract(csv_bytes(rows))
    except ExtractError as exc:  # only when a cell made the header unreadable: never here
        pytest.fail(str(exc))
    assert all(r.line >= 2 for r in records)
    assert all(p.line >= 2 and p.message for p in problems)
