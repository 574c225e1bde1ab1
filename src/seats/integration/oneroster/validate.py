"""Check a OneRoster 1.2 CSV zip before anyone imports it: the manifest, the columns of each file
(present, in spec order), required values, value formats, unique sourcedIds, and every reference
between files. Each problem names the file, the line, the column and what is wrong, so the
producer can fix the data instead of guessing from an LMS's import log.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from . import spec
from .archive import decode, read_zip
from .spec import Column, FileSpec, Kind, Mode

#: A report keeps this many problems in full; the rest are counted.
KEEP = 1000
MANIFEST = spec.MANIFEST_FILE
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1 = the header line; 0 = the file (or archive) as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = self.file or "zip"
        if self.line:
            where += f" line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    total: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # data rows per file read

    @property
    def ok(self) -> bool:
        return self.total == 0

    def add(self, file: str, line: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.problems) < KEEP:
            self.problems.append(Problem(file, line, column, message))

    def summary(self, limit: int = 20) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        if self.total > len(lines):
            lines.append(f"... and {self.total - len(lines)} more problems")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Ref:
    file: str
    line: int
    column: str
    target: str
    value: str


@dataclass
class _State:
    report: Report
    ids: dict[str, set[str]] = field(default_factory=dict)  # file name -> sourcedIds
    refs: list[_Ref] = field(default_factory=list)


def validate_zip(data: bytes) -> Report:
    report = Report()
    unpacked = read_zip(data)
    for entry, message in unpacked.errors:
        report.add(entry, 0, "", message)
    if not unpacked.files and unpacked.errors:
        return report
    texts: dict[str, str] = {}
    for name, content in unpacked.files.items():
        try:
            texts[name] = decode(content)
        except UnicodeDecodeError as exc:
            report.add(name, 0, "", f"is not UTF-8 text (byte {exc.start})")
    if MANIFEST not in texts:
        if MANIFEST not in unpacked.files:
            report.add(MANIFEST, 0, "", "the zip has no manifest.csv")
        return report
    modes = _check_manifest(texts[MANIFEST], set(unpacked.files), report)
    state = _State(report)
    for name, text in sorted(texts.items()):
        if name == MANIFEST:
            continue
        file_spec = spec.SPECS.get(name.removesuffix(".csv"))
        mode = modes.get(name.removesuffix(".csv"), Mode.BULK)
        _check_file(name, text, file_spec, mode, state)
    _resolve(state)
    return report


# --- manifest ---------------------------------------------------------------------------------


def _check_manifest(text: str, present: set[str], report: Report) -> dict[str, Mode]:
    records = list(_records(MANIFEST, text, report))
    if not records or tuple(records[0][1]) != spec.MANIFEST_HEADER:
        report.add(MANIFEST, 1, "", "the header must be exactly: propertyName,value")
        return {}
    props: dict[str, str] = {}
    for line, row in records[1:]:
        if len(row) != 2:
            report.add(MANIFEST, line, "", f"has {len(row)} fields; a property has 2")
            continue
        name, value = row
        if name in props:
            report.add(MANIFEST, line, "propertyName", f"{name} is declared twice")
        props[name] = value
        _check_property(name, value, line, report)
    _expect(props, "manifest.version", spec.MANIFEST_VERSION, report)
    _expect(props, "oneroster.version", spec.ONEROSTER_VERSION, report)
    modes = {}
    for name in spec.ALL_FILES:
        value = props.get(f"file.{name}")
        if value is None:
            report.add(MANIFEST, 0, "", f"file.{name} is missing (declare it, 'absent' if unused)")
            continue
        if value in tuple(Mode):
            modes[name] = Mode(value)
    _check_presence(modes, present, report)
    return modes


def _check_property(name: str, value: str, line: int, report: Report) -> None:
    if name.startswith("file."):
        if name.removeprefix("file.") not in spec.ALL_FILES:
            report.add(MANIFEST, line, "propertyName", f"{name} is not a OneRoster 1.2 file")
        elif value not in tuple(Mode):
            report.add(MANIFEST, line, "value", f"{name} is {value!r}; use bulk, delta or absent")
    elif name not in (*spec.SOURCE_PROPERTIES, "manifest.version", "oneroster.version"):
        report.add(MANIFEST, line, "propertyName", f"{name!r} is not a manifest property")


def _expect(props: dict[str, str], name: str, wanted: str, report: Report) -> None:
    if props.get(name) != wanted:
        got = "missing" if name not in props else repr(props[name])
        report.add(MANIFEST, 0, "", f"{name} must be {wanted} ({got})")


def _check_presence(modes: dict[str, Mode], present: set[str], report: Report) -> None:
    for name, mode in modes.items():
        file_name = f"{name}.csv"
        if mode is Mode.ABSENT and file_name in present:
            report.add(file_name, 0, "", f"is in the zip but the manifest says file.{name} absent")
        if mode is not Mode.ABSENT and file_name not in present:
            report.add(file_name, 0, "", f"the manifest says file.{name} {mode} but it is missing")
    for file_name in sorted(present - {MANIFEST}):
        if file_name.removesuffix(".csv") not in spec.ALL_FILES:
            report.add(file_name, 0, "", "is not a OneRoster 1.2 file")


# --- data files -------------------------------------------------------------------------------


def _records(name: str, text: str, report: Report) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, fields); a record the csv module cannot parse (a NUL
    byte, an unclosed quote, a huge field) ends the file with a problem, not a crash."""
    reader = csv.reader(io.StringIO(text), strict=True)
    end = 0
    try:
        for row in reader:
            yield end + 1, row
            end = reader.line_num
    except csv.Error as exc:
        report.add(name, end + 1, "", f"cannot be read as CSV ({exc})")


def _check_file(name: str, text: str, file_spec: FileSpec | None, mode: Mode, st: _State) -> None:
    records = _records(name, text, st.report)
    _, header = next(records, (0, []))
    if not header:
        st.report.add(name, 0, "", "is empty; it needs a header line")
        return
    _check_header(name, header, file_spec, st.report)
    index = {c: i for i, c in reversed(list(enumerate(header)))}
    columns = [c for c in file_spec.columns if c.name in index] if file_spec else []
    ids = st.ids.setdefault(name.removesuffix(".csv"), set())
    first_line: dict[str, int] = {}
    count = 0
    for line, row in records:
        count += 1
        if len(row) != len(header):
            st.report.add(name, line, "", f"has {len(row)} fields; the header has {len(header)}")
            continue
        sourced = row[index["sourcedId"]] if "sourcedId" in index else ""
        if sourced:
            if sourced in first_line:
                msg = f"sourcedId {sourced} is used again (first on line {first_line[sourced]})"
                st.report.add(name, line, "sourcedId", msg)
            else:
                first_line[sourced] = line
                ids.add(sourced)
        for column in columns:
            _check_cell(name, line, column, row[index[column.name]], mode, st)
        if file_spec is not None:
            _check_row_dates(name, line, row, index, st.report)
    st.report.rows[name] = count
    if count == 0:
        st.report.add(name, 0, "", "has no data rows (the binding forbids empty files)")


def _check_header(name: str, header: list[str], file_spec: FileSpec | None, rep: Report) -> None:
    seen: set[str] = set()
    for column in header:
        if column in seen:
            rep.add(name, 1, column, "the column appears twice in the header")
        seen.add(column)
    if file_spec is None:
        return
    expected = file_spec.header
    for column in expected:
        if column not in seen:
            rep.add(name, 1, column, "the column is missing from the header")
    present = [c for c in header if c in expected]
    if present != [c for c in expected if c in seen]:
        rep.add(name, 1, "", f"columns are out of order; the spec order is {','.join(expected)}")
    elif header[: len(present)] != present:
        rep.add(name, 1, "", "extension columns must follow the spec's columns")
    for column in header:
        if column not in expected and not column.startswith("metadata."):
            rep.add(name, 1, column, "not a column of this file (extensions are metadata.*)")


def _check_cell(name: str, line: int, column: Column, value: str, mode: Mode, st: _State) -> None:
    add = st.report.add
    if _CONTROL.search(value):
        add(name, line, column.name, "line breaks and control characters are not allowed")
        return
    if column.name in ("status", "dateLastModified"):
        if mode is Mode.BULK and value:
            add(name, line, column.name, "must be blank in a bulk file")
            return
        if mode is Mode.DELTA and not value:
            add(name, line, column.name, "is required in a delta file")
            return
    if not value:
        if column.required:
            add(name, line, column.name, "a value is required")
        return
    message = _format_problem(column, value)
    if message:
        add(name, line, column.name, message)
    elif column.kind is Kind.GUID_REF:
        st.refs.append(_Ref(name, line, column.name, column.ref, value))
    elif column.kind is Kind.GUID_REFS:
        for item in value.split(","):
            st.refs.append(_Ref(name, line, column.name, column.ref, item.strip()))


def _format_problem(column: Column, value: str) -> str:
    """What is wrong with a non-blank ``value`` for ``column``, or ''."""
    kind = column.kind
    if kind in (Kind.GUID, Kind.GUID_REF):
        return "" if spec.GUID.match(value) else f"{value!r} is not a valid sourcedId"
    if kind is Kind.GUID_REFS:
        bad = [v for v in value.split(",") if not spec.GUID.match(v.strip())]
        return f"{bad[0]!r} is not a valid sourcedId" if bad else ""
    if kind is Kind.DATE:
        return "" if _is_date(value) else f"{value!r} is not a date (YYYY-MM-DD)"
    if kind is Kind.DATETIME:
        ok = spec.DATETIME.match(value) and _is_date(value[:10])
        return "" if ok else f"{value!r} is not a UTC date-time (YYYY-MM-DDTHH:MM:SS.sssZ)"
    if kind is Kind.YEAR:
        return "" if spec.YEAR.match(value) else f"{value!r} is not a year (YYYY)"
    if kind in (Kind.ENUM, Kind.STATUS, Kind.BOOLEAN):
        if value in column.values or (column.extensible and spec.EXTENSION.match(value)):
            return ""
        return f"{value!r} is not one of: {', '.join(column.values)}"
    if kind is Kind.GRADES:
        bad = [g for g in value.split(",") if g.strip() not in spec.GRADES]
        return f"{bad[0]!r} is not a CEDS grade level (KG, 01-13, ...)" if bad else ""
    if kind is Kind.USER_IDS:
        bad = [u for u in value.split(",") if not spec.USER_ID.match(u.strip())]
        return f"{bad[0]!r} is not written {{type:identifier}}" if bad else ""
    return ""


def _is_date(value: str) -> bool:
    if not spec.DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_row_dates(name: str, line: int, row: list[str], index: dict[str, int], rep: Report):
    for start, end in (("startDate", "endDate"), ("beginDate", "endDate")):
        if start in index and end in index:
            first, last = row[index[start]], row[index[end]]
            if _is_date(first) and _is_date(last) and last < first:
                rep.add(name, line, end, f"{last} is before the {start} {first}")


def _resolve(st: _State) -> None:
    """Every reference names a row of the file its column points at."""
    told: set[tuple[str, str]] = set()  # (file, column) already reported as naming no file
    for ref in st.refs:
        ids = st.ids.get(ref.target)
        if ids is None:
            if (ref.file, ref.column) not in told:
                told.add((ref.file, ref.column))
                message = f"refers to {ref.target}.csv, which is not in the zip"
                st.report.add(ref.file, ref.line, ref.column, message)
        elif ref.value not in ids:
            st.report.add(
                ref.file, ref.line, ref.column, f"no row of {ref.target}.csv has {ref.value}"
            )
