"""The import file's columns: which exist, which each action uses, and how a cell becomes a value.

Everything here is about the file's shape and cell syntax (a date that is not a date, a column
nobody knows). Whether a change is allowed is the services' business, so a rule is never checked
twice in two places.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from seats.core.services import bulk
from seats.domain.catalog import Session
from seats.domain.statuses import STATUS_INFO

from .report import Problem

#: Columns that name the CCA: ``cca_id``, or all four of the natural key.
KEY_COLUMNS = ("ssid", "core_code", "school_year", "session")
IDENTITY_COLUMNS = ("cca_id", *KEY_COLUMNS)
COMMON_COLUMNS = ("action", *IDENTITY_COLUMNS, "expected_version")

#: action -> (required columns, optional columns)
ACTION_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    bulk.STATUS_MOVE: (
        ("to_status",),
        ("reason", "document_ref", "final_grade", "completion_date", "withdrawal_date"),
    ),
    bulk.FINAL_GRADE: (
        ("final_grade",),
        ("completion_date", "to_status", "reason", "document_ref"),
    ),
    bulk.COURSE_START: (("course_start_date",), ()),
    bulk.TEACHER_OF_RECORD: (("teacher_cactus_id",), ()),
    bulk.GRADE_PROGRESS: ((), ("percent", "letter", "last_activity", "at_risk", "reason")),
    bulk.INTENT_TO_WITHDRAW: ((), ("reason",)),
    bulk.TRANSCRIPT: ((), ("transcript_issued_on",)),
}
FIELD_COLUMNS = tuple(
    dict.fromkeys(c for required, optional in ACTION_COLUMNS.values() for c in required + optional)
)
ALL_COLUMNS = (*COMMON_COLUMNS, *FIELD_COLUMNS)
DATE_COLUMNS = frozenset(
    {
        "completion_date",
        "course_start_date",
        "last_activity",
        "transcript_issued_on",
        "withdrawal_date",
    }
)
#: A service's error ``field`` -> the file column to point at.
FIELD_TO_COLUMN = {
    "to": "to_status",
    "cca": "cca_id",
    "teacher_of_record": "teacher_cactus_id",
    "course_start": "course_start_date",
}
_TEXT_LIMIT = 2000
_EARLIEST, _LATEST = date(2000, 1, 1), date(2100, 12, 31)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = {"true", "yes", "y", "1", "t", "x"}
_FALSE = {"false", "no", "n", "0", "f"}
_STATUS_LABELS = {info.label.lower(): status.value for status, info in STATUS_INFO.items()}


def column_name(raw: str) -> str:
    """Header cells match case-insensitively and trimmed; spaces and hyphens count as '_'."""
    return re.sub(r"[\s\-]+", "_", raw.strip().lower())


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message is shown as is."""


@dataclass(frozen=True)
class Header:
    columns: list[str | None]  # per position: a known column, "" (no name) or None (unknown)
    problems: list[Problem]

    @property
    def present(self) -> set[str]:
        return {c for c in self.columns if c}


def read_header(cells: list[str], line: int = 1) -> Header:
    """Map header cells to known columns; unknown, repeated or missing key columns are
    problems of line 1 (the rows are still checked, but nothing is applied)."""
    columns: list[str | None] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for position, raw in enumerate(cells, 1):
        name = column_name(raw)
        if not name:
            columns.append("")  # an unnamed column is an error only where a row fills it
            continue
        if name not in ALL_COLUMNS:
            problems.append(
                Problem(line, raw.strip(), f"Unknown column {raw.strip()!r}. {_known()}")
            )
            columns.append(None)
            continue
        if name in seen:
            message = f"Column {name} appears twice (again in column {position})."
            problems.append(Problem(line, name, message))
            columns.append(None)
            continue
        seen.add(name)
        columns.append(name)
    if "action" not in seen:
        problems.append(Problem(line, "action", f"The header has no action column. {_known()}"))
    if "cca_id" not in seen and not set(KEY_COLUMNS) <= seen:
        missing = ", ".join(c for c in KEY_COLUMNS if c not in seen)
        problems.append(
            Problem(
                line,
                "cca_id",
                "The header names no CCA: give a cca_id column, or all of ssid, core_code, "
                f"school_year and session (missing: {missing}).",
            )
        )
    return Header(columns, problems)


def _known() -> str:
    return f"Known columns: {', '.join(ALL_COLUMNS)}."


# --- cell parsers: text -> value, or CellError -------------------------------------------------


def parse_date(text: str) -> date:
    try:
        if not _ISO.fullmatch(text):
            raise ValueError
        value = date.fromisoformat(text)
    except ValueError:
        raise CellError(f"{text!r} is not a date (use YYYY-MM-DD, a real calendar day).") from None
    if not _EARLIEST <= value <= _LATEST:
        raise CellError(f"{text} is not a plausible date for SEATS.")
    return value


def parse_int(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,18}", text):
        raise CellError(f"{text!r} is not a whole number.")
    return int(text)


def parse_school_year(text: str) -> int:
    """2025, 2025-26 or 2025-2026 (the year the school year starts in)."""
    match = re.fullmatch(r"(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?", text)
    if match:
        start = int(match.group(1))
        end = match.group(2)
        if 2000 <= start <= 2100 and (end is None or int(end) % 100 == (start + 1) % 100):
            return start
    raise CellError(f"{text!r} is not a school year (use 2025 or 2025-26).")


def parse_session(text: str) -> str:
    value = text.upper()
    if value not in {s.value for s in Session}:
        raise CellError(f"{text!r} is not a session ({', '.join(s.value for s in Session)}).")
    return value


def parse_bool(text: str) -> bool:
    value = text.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(f"{text!r} is not yes or no (use true/false, yes/no or 1/0).")


def parse_status(text: str) -> str:
    """A status by its code or its label as SEATS shows it; the service refuses unknown ones."""
    return _STATUS_LABELS.get(text.lower(), column_name(text))


def parse_text(text: str) -> str:
    if len(text) > _TEXT_LIMIT:
        raise CellError(f"The value is {len(text):,} characters; at most {_TEXT_LIMIT:,}.")
    return text


PARSERS: dict[str, Callable[[str], Any]] = {
    "cca_id": parse_int,
    "school_year": parse_school_year,
    "session": parse_session,
    "expected_version": parse_int,
    "to_status": parse_status,
    "at_risk": parse_bool,
    **{name: parse_date for name in DATE_COLUMNS},
}


def parse_cell(column: str, text: str) -> Any:
    return PARSERS.get(column, parse_text)(text)
