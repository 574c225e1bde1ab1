"""The validator catches each kind of defect: a good export (built by the same roster code the
export uses, no database needed) is mutated one way at a time, and the report must name the
file, line and column of exactly that defect."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seats.domain.catalog import Session
from seats.integration.oneroster import spec
from seats.integration.oneroster.archive import write_zip
from seats.integration.oneroster.export import pack_zip
from seats.integration.oneroster.roster import (
    Enrollment,
    Offering,
    Org,
    Person,
    RosterBuilder,
    Term,
)
from seats.integration.oneroster.validate import Problem, validate_zip

Files = dict[str, list[list[str]]]


def good_zip() -> bytes:
    term = Term(
        2025,
        Session.S1,
        date(2025, 8, 20),
        date(2026, 5, 29),
        date(2025, 8, 20),
        date(2026, 1, 9),
    )
    builder = RosterBuilder(Org(7, "PRV7", "Summit Online"), Org(3, "LEA3", "Ridge SD"), term)
    offerings = [Offering(11, "0301010", "Algebra I", 8, 10), Offering(12, "0701", "Art", 6, 12)]
    people = [
        Person("student:1", "1000001", "Ana", "Ames", "", "1000001", "SSID", "a@x.org", 9),
        Person("student:2", "1000002", "Bo", "Bell", "Bo", "1000002", "SSID", "", 12),
        Person("teacher:5", "t@x.org", "Tia", "Toms", "", "C55", "CACTUS", "t@x.org", None),
    ]
    enrollments = [
        Enrollment(101, 11, "student:1", "teacher:5", date(2025, 9, 2), None),
        Enrollment(102, 12, "student:2", "teacher:5", date(2025, 9, 3), date(2025, 12, 1)),
        Enrollment(103, 11, "student:2", None, None, None),
    ]
    return pack_zip(builder.tables(offerings, people, enrollments), 2025)


GOOD = good_zip()


def unpack(data: bytes = GOOD) -> Files:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            n: list(csv.reader(io.StringIO(archive.read(n).decode()))) for n in archive.namelist()
        }


def pack(files: Files) -> bytes:
    out = []
    for name, rows in files.items():
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(rows)
        out.append((name, text.getvalue().encode()))
    return write_zip(out, stamp=date(2025, 7, 1))


def problems(files: Files) -> list[Problem]:
    report = validate_zip(pack(files))
    assert not report.ok
    return report.problems


def col(files: Files, name: str, column: str) -> int:
    return files[name][0].index(column)


def test_the_good_export_is_valid() -> None:
    report = validate_zip(GOOD)
    assert report.ok, report.summary()
    assert report.rows == {
        "orgs.csv": 2,
        "academicSessions.csv": 2,
        "courses.csv": 2,
        "classes.csv": 2,
        "users.csv": 3,
        "roles.csv": 3,
        "enrollments.csv": 5,
    }
    assert validate_zip(pack(unpack())).ok  # the round trip in the tests changes nothing


def test_missing_column() -> None:
    files = unpack()
    i = col(files, "users.csv", "givenName")
    files["users.csv"] = [row[:i] + row[i + 1 :] for row in files["users.csv"]]
    found = problems(files)
    assert Problem("users.csv", 1, "givenName", "the column is missing from the header") in found


def test_columns_out_of_order() -> None:
    files = unpack()
    files["orgs.csv"] = [[r[0], r[1], r[2], r[4], r[3], *r[5:]] for r in files["orgs.csv"]]
    assert any(
        p.file == "orgs.csv" and p.line == 1 and "out of order" in p.message
        for p in problems(files)
    )


def test_unknown_column_and_metadata_extension() -> None:
    files = unpack()
    files["courses.csv"] = [[*r, "x"] for r in files["courses.csv"]]
    files["courses.csv"][0][-1] = "metadata.seats.tier"
    assert validate_zip(pack(files)).ok
    files["courses.csv"][0][-1] = "tier"
    assert ("courses.csv", 1, "tier") in [(p.file, p.line, p.column) for p in problems(files)]


def test_blank_required_value() -> None:
    files = unpack()
    files["classes.csv"][2][col(files, "classes.csv", "title")] = ""
    assert problems(files) == [Problem("classes.csv", 3, "title", "a value is required")]


@pytest.mark.parametrize(
    ("file", "column", "value", "fragment"),
    [
        ("academicSessions.csv", "startDate", "2025-13-01", "not a date"),
        ("academicSessions.csv", "endDate", "1/9/2026", "not a date"),
        ("enrollments.csv", "beginDate", "2025-02-30", "not a date"),
        ("academicSessions.csv", "schoolYear", "25-26", "not a year"),
        ("classes.csv", "classType", "lecture", "not one of"),
        ("orgs.csv", "type", "campus", "not one of"),
        ("roles.csv", "roleType", "ext:main", "not one of"),  # roleType is not extensible
        ("users.csv", "enabledUser", "yes", "not one of"),
        ("users.csv", "grades", "9", "CEDS grade"),
        ("users.csv", "userIds", "SSID:1000001", "{type:identifier}"),
        ("users.csv", "sourcedId", "a b", "not a valid sourcedId"),
        ("users.csv", "givenName", "Ana\nBeth", "line breaks"),
        ("users.csv", "familyName", "Ames\x00", "control characters"),
    ],
)
def test_bad_formats(file: str, column: str, value: str, fragment: str) -> None:
    files = unpack()
    files[file][1][col(files, file, column)] = value
    found = problems(files)
    assert any(
        (p.file, p.line, p.column) == (file, 2, column) and fragment in p.message for p in found
    ), found


def test_extension_tokens_pass_where_the_enumeration_is_extensible() -> None:
    files = unpack()
    files["orgs.csv"][1][col(files, "orgs.csv", "type")] = "ext:program"
    assert validate_zip(pack(files)).ok


def test_status_and_date_are_blank_in_bulk_and_required_in_delta() -> None:
    files = unpack()
    files["courses.csv"][1][col(files, "courses.csv", "status")] = "active"
    assert problems(files) == [Problem("courses.csv", 2, "status", "must be blank in a bulk file")]
    files = unpack()
    files["manifest.csv"] = [
        [k, "delta" if k == "file.courses" else v] for k, v in files["manifest.csv"]
    ]
    found = {(p.line, p.column) for p in problems(files) if p.file == "courses.csv"}
    assert found == {(2, "status"), (2, "dateLastModified"), (3, "status"), (3, "dateLastModified")}
    for row in files["courses.csv"][1:]:
        row[1:3] = ["active", "2025-09-01T12:00:00.000Z"]
    assert validate_zip(pack(files)).ok


def test_dangling_references_name_the_target_file() -> None:
    files = unpack()
    users = {r[0] for r in files["users.csv"][1:]}
    ghost = "00000000-0000-5000-8000-000000000000"
    files["enrollments.csv"][1][col(files, "enrollments.csv", "userSourcedId")] = ghost
    assert problems(files) == [
        Problem("enrollments.csv", 2, "userSourcedId", f"no row of users.csv has {ghost}")
    ]
    # A real id of the wrong file: a user's sourcedId is not an academic session.
    files = unpack()
    files["classes.csv"][1][col(files, "classes.csv", "termSourcedIds")] = sorted(users)[0]
    assert [p.column for p in problems(files)] == ["termSourcedIds"]


def test_every_reference_column_is_checked() -> None:
    for file_spec in spec.SPECS.values():
        for column in file_spec.columns:
            if column.kind not in (spec.Kind.GUID_REF, spec.Kind.GUID_REFS):
                continue
            files = unpack()
            files[file_spec.file_name][1][col(files, file_spec.file_name, column.name)] = "nope-1"
            found = problems(files)
            assert [(p.file, p.line, p.column) for p in found] == [
                (file_spec.file_name, 2, column.name)
            ], (file_spec.name, column.name, found)


def test_duplicate_sourced_id() -> None:
    files = unpack()
    files["courses.csv"].append(list(files["courses.csv"][1]))
    sourced = files["courses.csv"][1][0]
    assert problems(files) == [
        Problem(
            "courses.csv", 4, "sourcedId", f"sourcedId {sourced} is used again (first on line 2)"
        )
    ]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda m: [[k, "1.1" if k == "oneroster.version" else v] for k, v in m], "must be 1.2"),
        (lambda m: [[k, "2.0" if k == "manifest.version" else v] for k, v in m], "must be 1.0"),
        (lambda m: [r for r in m if r[0] != "file.roles"], "file.roles is missing"),
        (lambda m: [[k, "absent" if k == "file.users" else v] for k, v in m], "absent"),
        (lambda m: [[k, "bulk" if k == "file.results" else v] for k, v in m], "is missing"),
        (lambda m: [[k, "full" if k == "file.orgs" else v] for k, v in m], "bulk, delta or absent"),
        (lambda m: [*m, ["file.grades", "bulk"]], "not a OneRoster 1.2 file"),
        (lambda m: [*m, ["file.orgs", "bulk"]], "declared twice"),
        (lambda m: [["name", "value"], *m[1:]], "header must be"),
    ],
)
def test_wrong_manifest(change, fragment: str) -> None:
    files = unpack()
    files["manifest.csv"] = change(files["manifest.csv"])
    found = problems(files)
    assert any(fragment in p.message for p in found), found


def test_files_and_manifest_must_agree() -> None:
    files = unpack()
    del files["roles.csv"]
    assert any(p.file == "roles.csv" and "it is missing" in p.message for p in problems(files))
    files = unpack()
    del files["manifest.csv"]
    assert problems(files) == [Problem("manifest.csv", 0, "", "the zip has no manifest.csv")]


def test_empty_file_and_short_row() -> None:
    files = unpack()
    files["orgs.csv"] = files["orgs.csv"][:1]
    found = problems(files)
    assert Problem("orgs.csv", 0, "", "has no data rows (the binding forbids empty files)") in found
    files = unpack()
    files["roles.csv"][2] = files["roles.csv"][2][:-1]
    assert problems(files)[0].line == 3


def test_unparseable_csv_is_reported_not_raised() -> None:
    report = validate_zip(_rewrite(GOOD))  # a quote in the middle of a quoted value
    unread, *rest = report.problems
    assert unread.file == "courses.csv" and "cannot be read as CSV" in unread.message
    # The rows after it are not read, so classes of those courses point at nothing.
    assert all(p.file == "classes.csv" and p.message.startswith("no row of") for p in rest)


def _rewrite(data: bytes) -> bytes:
    files = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            content = archive.read(name)
            if name == "courses.csv":
                content = content.replace(b",Algebra I,", b',"Algebra" I,')
            files.append((name, content))
    return write_zip(files, stamp=date(2025, 7, 1))


def test_a_file_for_another_file_that_is_absent() -> None:
    files = unpack()
    files["users.csv"][1][col(files, "users.csv", "resourceSourcedIds")] = "res-1,res-2"
    files["users.csv"][2][col(files, "users.csv", "resourceSourcedIds")] = "res-3"
    assert problems(files) == [
        Problem(
            "users.csv", 2, "resourceSourcedIds", "refers to resources.csv, which is not in the zip"
        )
    ]


def test_not_a_zip_and_nested_folders() -> None:
    assert validate_zip(b"PK not really").problems[0].message == "the file is not a zip archive"
    files = unpack()
    nested = pack({f"roster/{k}": v for k, v in files.items()})
    messages = {p.message for p in validate_zip(nested).problems}
    assert "files must be at the top level of the zip, not in a folder" in messages


def test_a_byte_order_mark_is_tolerated() -> None:
    files = unpack()
    data = []
    for name, rows in files.items():
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(rows)
        data.append((name, b"\xef\xbb\xbf" + text.getvalue().encode()))
    assert validate_zip(write_zip(data, stamp=date(2025, 7, 1))).ok


REQUIRED = [(f.file_name, c.name) for f in spec.SPECS.values() for c in f.columns if c.required]


@settings(max_examples=60, deadline=None)
@given(target=st.sampled_from(REQUIRED), pick=st.integers(min_value=0, max_value=50))
def test_any_blanked_required_value_is_reported_where_it_is(target, pick: int) -> None:
    file, column = target
    files = unpack()
    line = 2 + pick % (len(files[file]) - 1)
    files[file][line - 1][col(files, file, column)] = ""
    found = problems(files)
    assert Problem(file, line, column, "a value is required") in found
    # Blanking a sourcedId also leaves whatever pointed at it dangling, and nothing else.
    assert all(p.message.startswith("no row of") for p in found if p.column != column)
