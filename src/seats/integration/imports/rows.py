"""From a row of text cells to a typed request (action, CCA reference, values), collecting every
problem of the row's shape and syntax with its column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seats.core.services import bulk

from .columns import (
    ACTION_COLUMNS,
    COMMON_COLUMNS,
    IDENTITY_COLUMNS,
    KEY_COLUMNS,
    CellError,
    Header,
    parse_cell,
)
from .report import Problem

#: (ssid, core_code, school_year, session)
Key = tuple[str, str, int, str]


@dataclass
class ParsedRow:
    line: int
    action: str
    values: dict[str, Any] = field(default_factory=dict)
    cca_id: int | None = None
    key: Key | None = None
    expected_version: int | None = None
    problems: list[Problem] = field(default_factory=list)

    def problem(self, column: str, message: str, rule: str = "") -> None:
        self.problems.append(Problem(self.line, column, message, rule))


def parse_row(header: Header, line: int, cells: list[str]) -> ParsedRow:
    """Every shape and syntax problem of the row (not the rules: the service checks those)."""
    named, row = _cells(header, line, cells)
    action = named.get("action", "").strip().lower()
    row.action = action
    if not action:
        row.problem("action", f"The action is missing. Use one of: {', '.join(bulk.ACTIONS)}.")
    elif action not in ACTION_COLUMNS:
        row.problem("action", f"Unknown action {action!r}. Use one of: {', '.join(bulk.ACTIONS)}.")
    typed = _typed(named, row)
    _identity(typed, row)
    row.expected_version = typed.get("expected_version")
    if action in ACTION_COLUMNS:
        _fields(header, named, typed, row)
    return row


def _cells(header: Header, line: int, cells: list[str]) -> tuple[dict[str, str], ParsedRow]:
    row = ParsedRow(line, "")
    named: dict[str, str] = {}
    width = len(header.columns)
    for position, raw in enumerate(cells):
        text = raw.strip()
        if position >= width:
            if text:
                row.problem(
                    f"#{position + 1}",
                    f"The row has a value in column {position + 1}, past the header's "
                    f"{width} columns: {_short(text)}.",
                )
            continue
        name = header.columns[position]
        if name is None:
            continue  # an unknown or repeated column: reported once, on the header line
        if name == "":
            if text:
                row.problem(
                    f"#{position + 1}", f"A value under a column with no name: {_short(text)}."
                )
            continue
        named[name] = text
    return named, row


def _typed(named: dict[str, str], row: ParsedRow) -> dict[str, Any]:
    typed: dict[str, Any] = {}
    for name, text in named.items():
        if not text or name == "action":
            continue
        try:
            typed[name] = parse_cell(name, text)
        except CellError as exc:
            row.problem(name, str(exc))
    return typed


def _identity(typed: dict[str, Any], row: ParsedRow) -> None:
    row.cca_id = typed.get("cca_id")
    parts = [typed.get(c) for c in KEY_COLUMNS]
    if all(p is not None for p in parts):
        row.key = (str(parts[0]), str(parts[1]), int(parts[2]), str(parts[3]))  # type: ignore[arg-type]
    if row.cca_id is not None or row.key is not None:
        return
    if any(p.column in IDENTITY_COLUMNS for p in row.problems):
        return  # the bad cell is already reported
    given = [c for c in KEY_COLUMNS if typed.get(c) is not None]
    if given:
        missing = ", ".join(c for c in KEY_COLUMNS if c not in given)
        row.problem(missing.split(", ")[0], f"To name the CCA without cca_id, also give {missing}.")
    else:
        row.problem(
            "cca_id",
            "The row names no CCA: give cca_id, or ssid, core_code, school_year and session.",
        )


def _fields(header: Header, named: dict[str, str], typed: dict[str, Any], row: ParsedRow) -> None:
    """Required columns filled, no value in a column the action does not use."""
    required, optional = ACTION_COLUMNS[row.action]
    for name in required:
        if name not in header.present:
            row.problem(name, f"A {row.action} row needs a {name} column; the header has none.")
        elif not named.get(name):
            row.problem(name, f"A {row.action} row needs {name}.")
    used = set(required) | set(optional) | set(COMMON_COLUMNS)
    for name, text in named.items():
        if text and name not in used:
            row.problem(name, f"{name} is not used by {row.action} rows; leave it empty.")
    row.values = {n: typed[n] for n in (*required, *optional) if n in typed}


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
