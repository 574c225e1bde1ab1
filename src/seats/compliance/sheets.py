"""Reading the compliance spreadsheets with the bulk import's reader and its problem style
(``line N, column C: message (rule)``, docs/imports.md): one header row, columns matched
case-insensitively, an unknown, missing or repeated column refuses the file, and every row is
still checked so all problems show at once. Nothing is written when there is any problem."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from seats.integration.imports.columns import column_name
from seats.integration.imports.reader import FileRefused, read_table
from seats.integration.imports.report import Problem

__all__ = ["Problem", "Sheet", "SheetRefused", "cell_bool", "cell_date", "read_sheet"]

_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0", ""}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


class SheetRefused(Exception):
    """The spreadsheet has problems; nothing was written. ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("; ".join(p.text() for p in self.problems[:5]))


@dataclass
class Sheet:
    rows: list[tuple[int, dict[str, str]]]
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int, column: str, message: str, rule: str = "") -> None:
        self.problems.append(Problem(line, column, message, rule))

    def raise_if_any(self) -> None:
        if self.problems:
            raise SheetRefused(self.problems)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)


def read_sheet(
    data: bytes, file_name: str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Sheet:
    """The file's rows as ``{column: text}``; header problems are recorded, not raised."""
    try:
        table = read_table(data, file_name)
    except FileRefused as exc:
        raise SheetRefused([exc.problem]) from None
    names = [column_name(h) for h in table.header]
    sheet = Sheet(rows=[])
    known = set(required) | set(optional)
    seen: set[str] = set()
    for name in names:
        if not name:
            continue
        if name not in known:
            sheet.add(
                1, name, f"Unknown column. Known columns: {', '.join((*required, *optional))}."
            )
        elif name in seen:
            sheet.add(1, name, "The column is repeated.")
        seen.add(name)
    for name in required:
        if name not in seen:
            sheet.add(1, name, "This column is missing.")
    for line, cells in table.rows:
        row = {}
        for index, cell in enumerate(cells):
            if index >= len(names) or not names[index]:
                if cell.strip():
                    sheet.add(line, f"#{index + 1}", "A value past the last header column.")
                continue
            if "\x00" in cell:
                sheet.add(line, names[index], "The cell holds a NUL character.")
                cell = cell.replace("\x00", "")
            row.setdefault(names[index], cell.strip())
        sheet.rows.append((line, row))
    return sheet


def cell_date(sheet: Sheet, line: int, column: str, text: str) -> date | None:
    if not text:
        return None
    if _ISO.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    sheet.add(line, column, f"{text!r} is not a date like 2026-07-15.")
    return None


def cell_bool(sheet: Sheet, line: int, column: str, text: str) -> bool:
    folded = text.strip().casefold()
    if folded in _TRUE:
        return True
    if folded not in _FALSE:
        sheet.add(line, column, f"{text!r} is not yes or no.")
    return False
