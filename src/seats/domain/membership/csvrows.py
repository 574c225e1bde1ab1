"""Reading an engagement CSV (a teacher's or clerk's upload): one event a line under the header
``ssid,program,date,kind[,minutes][,external_id][,note]`` (any order, case-insensitive). Each
row becomes a dict the ingest service checks; problems are named by line and column."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import InvalidInput

REQUIRED = ("ssid", "program", "date", "kind")
OPTIONAL = ("minutes", "external_id", "note")


@dataclass(frozen=True)
class CsvRows:
    rows: list[dict[str, str]]
    lines: list[int]  # the file line of each row
    columns: dict[str, int]  # 1-based column of each header

    def locate(self) -> Callable[[int, str], str]:
        def where(i: int, field: str) -> str:
            column = self.columns.get(field)
            at = f", column {column} ({field})" if column else f" ({field})"
            return f"line {self.lines[i]}{at}"

        return where


def parse_events_csv(text: str, *, source: str = "file") -> CsvRows:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    names = [c.strip().lower() for c in header] if header else []
    missing = [c for c in REQUIRED if c not in names]
    unknown = [c for c in names if c not in REQUIRED + OPTIONAL]
    if missing or unknown or len(set(names)) != len(names):
        raise InvalidInput(
            f"{source}, line 1: the header needs {', '.join(REQUIRED)} (and may add "
            f"{', '.join(OPTIONAL)}); got {','.join(names) or 'an empty line'!r}.",
            field="file",
        )
    columns = {name: i + 1 for i, name in enumerate(names)}
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    for row in reader:
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(names):
            # kept as a row whose shape is wrong: the service names it with the others
            rows.append({"__shape__": f"expected {len(names)} columns, found {len(row)}"})
        else:
            rows.append(dict(zip(names, row, strict=True)))
        lines.append(reader.line_num)
    if not rows:
        raise InvalidInput(f"{source}: the file lists no events.", field="file")
    return CsvRows(rows, lines, columns)
