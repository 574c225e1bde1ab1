"""The UTREx extract: a CSV of course records, one a line, as a provider's SIS or the state's
UTREx "examine" file gives them (docs/utrex.md lists the columns).

The parser never aborts on a bad value: a value it cannot read is reported as a ``ParseProblem``
(line, column, what was found) and the record carries the field name in ``bad`` so no rule
reports the same value twice. Only a file that cannot be read as a whole (wrong encoding, no
header, missing or repeated columns) is refused with an ``ExtractError``.
"""

from __future__ import annotations

import codecs
import csv
import io
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO

from seats.domain import dates
from seats.domain.errors import InvalidInput

#: Every column, in the order ``write_extract`` writes them, with what it holds.
COLUMNS: dict[str, str] = {
    "lea_number": "UTREx LEA number of the reporting LEA (informational)",
    "school_number": "UTREx school number of the reporting school (informational)",
    "ssid": "Statewide student id",
    "core_code": "USBE core code of the course",
    "course_title": "Course title as reported",
    "school_of_record": "Y / N; an SOEP record must be N (never blank)",
    "instructional_setting": "OP (Online Provider) identifies an SOEP record",
    "entry_date": "Course entry date (YYYY-MM-DD or M/D/YYYY)",
    "exit_date": "Course exit date; blank while the course is open",
    "term": "Session: Q1-Q4, S1 or S2",
    "school_year": "2026 (the year the school year ends, as UTREx names it) or 2025-26",
    "credit_attempted": "Credit attempted, e.g. 0.5",
    "credit_earned": "Credit earned; blank counts as 0",
    "membership_days": "School membership days; SOEP records carry 0",
    "enrollment_validation_type": "L (learner validated) for SOEP records",
    "grade": "Student grade level (informational)",
}
OPTIONAL = frozenset({"lea_number", "school_number", "grade"})
REQUIRED = tuple(c for c in COLUMNS if c not in OPTIONAL)
#: Other names SIS exports use for the same column (after normalising case and spaces).
ALIASES = {
    "session": "term",
    "student_ssid": "ssid",
    "course_code": "core_code",
    "school_of_record_flag": "school_of_record",
    "validation_type": "enrollment_validation_type",
    "school_membership_days": "membership_days",
    "lea": "lea_number",
    "school": "school_number",
}
MAX_CREDIT = Decimal(10)


class ExtractError(InvalidInput):
    """The file as a whole cannot be read: nothing is checked."""


@dataclass(frozen=True, slots=True)
class ParseProblem:
    line: int
    column: int  # 1-based; 0 when the problem is the whole line
    column_name: str
    value: str
    message: str

    def where(self) -> str:
        at = f"line {self.line}"
        return f"{at}, column {self.column} ({self.column_name})" if self.column else at


@dataclass(slots=True)
class ExtractRecord:
    """One course record. ``school_year`` follows SEATS (the year the school year starts in);
    text fields are stripped; a value that could not be read is ``None``/"" and named in ``bad``."""

    line: int
    ssid: str
    core_code: str
    course_title: str
    school_of_record: str
    instructional_setting: str
    entry_date: date | None
    exit_date: date | None
    term: str
    school_year: int | None
    credit_attempted: Decimal | None
    credit_earned: Decimal | None
    membership_days: Decimal | None
    enrollment_validation_type: str
    lea_number: str = ""
    school_number: str = ""
    grade: str = ""
    bad: frozenset[str] = frozenset()

    @property
    def is_soep(self) -> bool:
        """UTREx marks an SOEP course record with Instructional Setting OP (manual, "UTREx SOEP
        Record Identification"); every other record is the school's own and is not checked."""
        return self.instructional_setting == "OP"


def normalise_header(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return ALIASES.get(key, key)


def text_stream(data: bytes, *, source: str) -> io.TextIOWrapper:
    """The extract as text, decoded as it is read. UTF-8 (with or without a byte-order mark) is
    checked for the whole file first, so a bad byte is refused, with its line, before any record
    is checked; the check then never holds the whole file as text."""
    try:
        codecs.utf_8_decode(data, "strict", True)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ExtractError(
            f"{source}: line {line} is not UTF-8 (byte 0x{data[exc.start]:02x}). "
            "Save the extract as CSV UTF-8 and try again.",
            field="file",
        ) from None
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")


_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(text: str) -> date:
    try:
        match = _US_DATE.fullmatch(text)
        if match:
            month, number, year = (int(g) for g in match.groups())
            day = date(year, month, number)
        else:
            day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            "is not a date (use YYYY-MM-DD or M/D/YYYY, a real calendar day)"
        ) from None
    if not dates.in_range(day):
        raise ValueError(f"is outside the dates SEATS works with ({dates.RANGE_TEXT})")
    return day


def parse_number(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("is not a number") from None
    if not number.is_finite() or number < 0 or number > MAX_CREDIT * 100:
        raise ValueError("is not a number between 0 and 1000")
    return number


def parse_school_year(text: str) -> int:
    """``2026`` (UTREx names a school year by the year it ends) or ``2025-26`` / ``2025-2026``;
    returns the SEATS school year (the year it starts)."""
    match = re.fullmatch(r"(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?", text)
    if not match:
        raise ValueError("is not a school year (use 2026 or 2025-26)")
    first = int(match.group(1))
    if match.group(2) is None:
        first -= 1
    elif int(match.group(2)) % 100 != (first + 1) % 100:
        raise ValueError("names two years that do not follow each other")
    if not 2000 <= first <= 2099:
        raise ValueError("is outside 2000-2099")
    return first


#: The typed columns, in the order ``_record`` unpacks them, with their parsers.
_TYPED = (
    ("entry_date", parse_date),
    ("exit_date", parse_date),
    ("school_year", parse_school_year),
    ("credit_attempted", parse_number),
    ("credit_earned", parse_number),
    ("membership_days", parse_number),
)
_NOTHING_BAD: frozenset[str] = frozenset()


class ExtractReader:
    """Iterates the records of an extract. The header is checked on construction (so a wrong
    file is refused before anything is checked); every unreadable value goes to ``on_problem``."""

    def __init__(
        self,
        data: bytes,
        *,
        source: str = "extract",
        on_problem: Callable[[ParseProblem], None] | None = None,
    ) -> None:
        self.source = source
        self.problems: list[ParseProblem] = []
        self.on_problem = on_problem or self.problems.append
        self._reader = csv.reader(text_stream(data, source=source))
        self.positions = self._header()
        self._pick = operator.itemgetter(*(self.positions.get(c, -1) for c in COLUMNS))
        # Each distinct text is parsed once: an extract repeats a few dates and numbers.
        self._typed = tuple((n, self.positions[n], p, {}) for n, p in _TYPED)

    def _header(self) -> dict[str, int]:
        try:
            return self._read_header()
        except csv.Error as exc:
            raise ExtractError(
                f"{self.source}: the header cannot be read as CSV ({exc}).", field="header"
            ) from None

    def _read_header(self) -> dict[str, int]:
        for cells in self._reader:
            if any(c.strip() for c in cells):
                break
        else:
            raise ExtractError(f"{self.source}: the file is empty; expected a header line.")
        positions: dict[str, int] = {}
        for i, cell in enumerate(cells):
            name = normalise_header(cell)
            if name in positions and name in COLUMNS:
                raise ExtractError(
                    f"{self.source}: line {self._reader.line_num}: the column {name!r} appears "
                    "twice in the header.",
                    field="header",
                )
            positions.setdefault(name, i)
        missing = [c for c in REQUIRED if c not in positions]
        if missing:
            raise ExtractError(
                f"{self.source}: line {self._reader.line_num}: the header lacks "
                f"{', '.join(missing)}. Expected columns (any case): {', '.join(COLUMNS)}.",
                field="header",
            )
        self.header_line = self._reader.line_num
        self.width = len(cells)
        return {c: positions[c] for c in COLUMNS if c in positions}

    def __iter__(self) -> Iterator[ExtractRecord]:
        try:
            yield from self._records()
        except csv.Error as exc:
            raise ExtractError(
                f"{self.source}: line {self._reader.line_num} cannot be read as CSV ({exc}).",
                field="file",
            ) from None

    def _records(self) -> Iterator[ExtractRecord]:
        for cells in self._reader:
            if not any(cells):
                continue
            line = self._reader.line_num
            if len(cells) < self.width:
                if any(c.strip() for c in cells):
                    self.on_problem(
                        ParseProblem(
                            line, 0, "", "", f"has {len(cells)} values, the header has {self.width}"
                        )
                    )
                continue
            yield self._record(line, cells)

    def _record(self, line: int, cells: list[str]) -> ExtractRecord:
        """Written for speed (it runs once per record): positional, with parse caches."""
        bad: list[str] | None = None
        typed: list[object] = []
        for name, i, parse, cache in self._typed:
            text = cells[i].strip()
            value = cache.get(text) if text else None
            if value is None and text:
                try:
                    value = cache[text] = parse(text)
                except ValueError as exc:
                    bad = [*(bad or ()), name]
                    self.on_problem(ParseProblem(line, i + 1, name, text, f"{text!r} {exc}"))
            typed.append(value)
        entry, exit_, year, attempted, earned, membership = typed
        cells.append("")  # what an absent optional column (index -1) reads
        (lea, school, ssid, code, title, sor, setting, _, _, term, _, _, _, _, evt, grade) = [
            c.strip() for c in self._pick(cells)
        ]
        return ExtractRecord(
            line,
            ssid,
            code,
            title,
            sor.upper(),
            setting.upper(),
            entry,  # type: ignore[arg-type]
            exit_,  # type: ignore[arg-type]
            term.upper(),
            year,  # type: ignore[arg-type]
            attempted,  # type: ignore[arg-type]
            earned,  # type: ignore[arg-type]
            membership,  # type: ignore[arg-type]
            evt.upper(),
            lea,
            school,
            grade,
            frozenset(bad) if bad else _NOTHING_BAD,
        )


def read_extract(
    data: bytes, *, source: str = "extract"
) -> tuple[list[ExtractRecord], list[ParseProblem]]:
    """The whole extract at once (tests and small files); the check streams instead."""
    reader = ExtractReader(data, source=source)
    records = list(reader)
    return records, reader.problems


def write_extract(rows: Iterable[Mapping[str, object]], stream: IO[str]) -> int:
    """Write records in the extract format (the header, then one line per mapping; missing keys
    are blank). Used to produce sample and benchmark extracts from SEATS data."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in COLUMNS])
        n += 1
    return n
