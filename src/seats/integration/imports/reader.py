"""Reading an uploaded file into a header and rows of text cells, whatever its format.

CSV must be UTF-8 (a byte order mark is fine: Excel writes one). Anything else is refused whole,
naming the first byte that is not UTF-8, because guessing an encoding silently corrupts names.
Excel files (.xlsx) are read in openpyxl's read-only mode so a large sheet is streamed, to the
sheet's real last row whatever its ``<dimension>`` declares.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from .report import Problem

MAX_ROWS = 200_000  # well above a state-wide session of one provider
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


class FileRefused(Exception):
    """The file cannot be read at all; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class Table:
    file_format: str  # "csv" or "xlsx"
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line or sheet row number, cells as text)


def read_table(data: bytes, file_name: str = "") -> Table:
    """The file's header and non-blank rows; ``FileRefused`` for an unreadable file."""
    name = file_name.lower()
    if data.startswith(_OLE_MAGIC) or name.endswith(".xls"):
        raise FileRefused(_whole("An old Excel .xls file: save it as .xlsx or CSV UTF-8."))
    if data.startswith(_ZIP_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        return _table("xlsx", _xlsx_rows(data))
    return _table("csv", _csv_rows(_decode(data)))


def _whole(message: str, line: int = 0) -> Problem:
    return Problem(line, "", message)


def _table(file_format: str, rows: Iterator[tuple[int, list[str]]]) -> Table:
    header: list[str] | None = None
    body: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = cells
            continue
        if len(body) >= MAX_ROWS:
            raise FileRefused(
                _whole(f"The file has more than {MAX_ROWS:,} rows; split it.", line=line)
            )
        body.append((line, cells))
    if header is None:
        raise FileRefused(_whole("The file is empty: it needs a header row and data rows."))
    return Table(file_format, header, body)


def _decode(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        raise FileRefused(
            _whole("The file is UTF-16 (Unicode text); save it as CSV UTF-8.", line=1)
        )
    body = data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(body))
        line = data.count(b"\n", 0, offset) + 1
        raise FileRefused(
            _whole(
                f"The file is not UTF-8: byte 0x{data[offset]:02X} at byte offset {offset} "
                f"(line {line}) is not valid UTF-8. Save the file as CSV UTF-8 and upload it "
                "again; nothing was read.",
                line=line,
            )
        ) from None


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FileRefused(
            _whole(f"Line {reader.line_num} is not valid CSV ({exc}).", line=reader.line_num)
        ) from None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileRefused(
            _whole(f"The file is not a readable .xlsx workbook ({type(exc).__name__}).")
        ) from None
    try:
        sheet = book.worksheets[0]
        # The sheet's <dimension> is the writer's claim, not the data: a file declaring fewer
        # rows than it holds would be read short (and applied short). Read to the real end.
        sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, [cell_text(v) for v in values]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileRefused(
            _whole(f"The workbook could not be read to the end ({type(exc).__name__}).")
        ) from None
    finally:
        book.close()


def cell_text(value: object) -> str:
    """An Excel cell as the text a CSV would hold: dates ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(Decimal(repr(value)))
    return str(value)
