"""Writing the check's findings and the quarterly report as CSV or Excel files.

Files are written to a temporary name beside the target and renamed at the end, so a failed run
never leaves half a report. Every text cell that a spreadsheet would read as a formula (starting
with =, +, -, @, a tab or a carriage return) gets a leading apostrophe: an extract is outside
data, and opening the report must not run anything from it.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from seats.domain.errors import InvalidInput

from .findings import RULE_TITLES, SET_RULES, CheckSummary, Finding
from .rules import RULES

FINDING_HEADERS = (
    "rule",
    "severity",
    "ssid",
    "core_code",
    "school_year",
    "session",
    "cca_id",
    "line",
    "expected",
    "found",
    "message",
    "provider",
)
FORMATS = (".csv", ".xlsx")
EXCEL_MAX_ROWS = 1_048_576
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell that cannot be taken for a formula; numbers and blanks pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def file_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(
            f"--output: {Path(path).name} must end in .csv or .xlsx.", field="output"
        )
    return suffix


def finding_row(f: Finding) -> list[Any]:
    return [
        f.rule,
        f.severity,
        f.ssid,
        f.core_code,
        f.school_year_label,
        f.session,
        f.cca_id,
        f.line,
        f.expected,
        f.found,
        f.message,
        f.provider,
    ]


def summary_rows(summary: CheckSummary) -> list[list[Any]]:
    """One row per rule (every rule, with 0 where it found nothing), for the summary table."""
    rows: list[list[Any]] = []
    for rule in RULES:
        rows.append([rule.code, rule.title, summary.by_rule[rule.code], rule.explanation])
    for code, (title, explanation) in SET_RULES.items():
        rows.append([code, title, summary.by_rule[code], explanation])
    return rows


SUMMARY_HEADERS = ("rule", "title", "findings", "what it checks")


class _AtomicFile:
    """A temporary file beside ``path``, renamed onto it by ``commit``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        handle, name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent or Path(".")
        )
        os.close(handle)
        self.temp = Path(name)

    def commit(self) -> None:
        os.replace(self.temp, self.path)

    def discard(self) -> None:
        self.temp.unlink(missing_ok=True)


class TableWriter:
    """Rows to one CSV file or one Excel sheet (write-only, streamed), with an optional second
    table (a summary): in Excel a first sheet, beside a CSV a ``-summary.csv`` file."""

    def __init__(self, path: str | Path, headers: Sequence[str], *, sheet: str) -> None:
        self.path = Path(path)
        self.format = file_format(self.path)
        if not self.path.parent.is_dir():
            raise InvalidInput(
                f"--output: the folder {self.path.parent} does not exist.", field="output"
            )
        self.file = _AtomicFile(self.path)
        self.rows = 0
        self.truncated = 0
        if self.format == ".csv":
            self._stream = self.file.temp.open("w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._stream)
            self._csv.writerow(headers)
        else:
            self._book = Workbook(write_only=True)
            self._summary_sheet = self._book.create_sheet("Summary")
            self._sheet = self._book.create_sheet(sheet)
            self._sheet.append(list(headers))

    def write(self, row: Sequence[Any]) -> None:
        cells = [neutralise(v) for v in row]
        if self.format == ".csv":
            self._csv.writerow(cells)
        elif self.rows + 1 < EXCEL_MAX_ROWS:
            self._sheet.append(cells)
        else:
            self.truncated += 1
            return
        self.rows += 1

    def finish(
        self,
        summary: Iterable[Sequence[Any]] = (),
        *,
        summary_headers: Sequence[str] = (),
        notes: Sequence[str] = (),
    ) -> list[Path]:
        """Write the summary, then move the files into place; returns the paths written."""
        written = [self.path]
        try:
            if self.format == ".csv":
                self._stream.close()
                if summary_headers:
                    written.append(self._write_csv_summary(summary, summary_headers))
            else:
                for note in notes:
                    self._summary_sheet.append([neutralise(note)])
                if self.truncated:
                    self._summary_sheet.append(
                        [f"{self.truncated:,} more rows did not fit in Excel; use a .csv output."]
                    )
                if summary_headers:
                    self._summary_sheet.append([])
                    self._summary_sheet.append(list(summary_headers))
                    for row in summary:
                        self._summary_sheet.append([neutralise(v) for v in row])
                self._book.save(self.file.temp)
            self.file.commit()
        except BaseException:
            self.abort()
            raise
        return written

    def _write_csv_summary(self, rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> Path:
        path = self.path.with_name(f"{self.path.stem}-summary.csv")
        side = _AtomicFile(path)
        try:
            with side.temp.open("w", encoding="utf-8-sig", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow(headers)
                writer.writerows([neutralise(v) for v in row] for row in rows)
            side.commit()
        except BaseException:
            side.discard()
            raise
        return path

    def abort(self) -> None:
        if self.format == ".csv" and not self._stream.closed:
            self._stream.close()
        self.file.discard()


def findings_writer(path: str | Path) -> TableWriter:
    return TableWriter(path, FINDING_HEADERS, sheet="Findings")


def finish_findings(writer: TableWriter, summary: CheckSummary) -> list[Path]:
    return writer.finish(
        summary_rows(summary), summary_headers=SUMMARY_HEADERS, notes=summary.lines()
    )


__all__ = ["FINDING_HEADERS", "RULE_TITLES", "TableWriter", "findings_writer", "neutralise"]
