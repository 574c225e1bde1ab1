"""A month's attendance from a CSV file (issue 12 item 4): every row is checked first and each
problem reported by line and column; nothing is written unless every row passes (all or
nothing). A file with the wrong columns, too many rows or too many problems stops early with a
clear message, still writing nothing.

Columns (header required, any order): ``student_id`` (the adult-education student's id in the
program), ``day`` (YYYY-MM-DD), ``kind`` (instructional, intake, seop, assessment,
counseling), and ``hours`` or ``minutes`` (one of them per row).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from seats.core.services.actors import Actor
from seats.core.services.memo import reference_data_memoized
from seats.domain.calendars import school_year_of
from seats.domain.errors import InvalidInput

from ..models import Enrollment, Program
from .attendance import HourEntry, _write, stored_rows, validate_entries
from .authority import check_program

REQUIRED = ("student_id", "day", "kind")
AMOUNTS = ("hours", "minutes")
MAX_ROWS = 20_000
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, column {self.column}: {self.message}"


@dataclass
class UploadResult:
    rows: int = 0
    written: int = 0
    problems: list[Problem] = field(default_factory=list)
    stopped: str = ""  # why checking stopped before the end

    @property
    def ok(self) -> bool:
        return not self.problems and not self.stopped


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            "The file is not UTF-8 text (save it as CSV UTF-8).", field="file"
        ) from None


def parse(text: str) -> tuple[list[tuple[int, dict[str, str]]], UploadResult]:
    result = UploadResult()
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        result.stopped = "The file is empty."
        return [], result
    except csv.Error as error:
        result.stopped = f"Line 1 is not CSV: {error}."
        return [], result
    missing = [c for c in REQUIRED if c not in header]
    if missing or not any(a in header for a in AMOUNTS):
        want = ", ".join(REQUIRED) + " and hours or minutes"
        result.stopped = (
            f"Line 1 (the header) has the columns {', '.join(header) or 'none'}; "
            f"the file needs {want}."
        )
        return [], result
    rows = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            result.rows += 1
            if result.rows > MAX_ROWS:
                result.stopped = (
                    f"The file has more than {MAX_ROWS} rows: a month's attendance is fewer. "
                    "Nothing was written."
                )
                return [], result
            if len(values) != len(header):
                result.problems.append(
                    Problem(line, "-", f"{len(values)} values for {len(header)} columns")
                )
            else:
                rows.append((line, dict(zip(header, (v.strip() for v in values), strict=True))))
            if len(result.problems) >= MAX_PROBLEMS:
                result.stopped = f"Stopped after {MAX_PROBLEMS} problems; nothing was written."
                return [], result
    except csv.Error as error:
        result.stopped = f"Line {reader.line_num} is not CSV: {error}."
    return rows, result


def _entry(line: int, row: dict[str, str], result: UploadResult) -> HourEntry | None:
    before = len(result.problems)
    sid = row.get("student_id", "")
    if not sid.isdigit():
        result.problems.append(Problem(line, "student_id", f"{sid!r} is not a student id"))
    try:
        day = date.fromisoformat(row.get("day", ""))
    except ValueError:
        result.problems.append(Problem(line, "day", f"{row.get('day')!r} is not a YYYY-MM-DD date"))
        day = None
    hours, minutes = row.get("hours", ""), row.get("minutes", "")
    amount: Decimal | None = None
    mins: int | None = None
    if bool(hours) == bool(minutes):
        result.problems.append(Problem(line, "hours", "give the hours or the minutes (one)"))
    elif hours:
        try:
            amount = Decimal(hours)
            if not amount.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            result.problems.append(Problem(line, "hours", f"{hours!r} is not a number"))
    elif not minutes.isdigit():
        result.problems.append(Problem(line, "minutes", f"{minutes!r} is not whole minutes"))
    else:
        mins = int(minutes)
    if len(result.problems) > before or day is None:
        return None
    return HourEntry(int(sid), day, row.get("kind", "").lower(), hours=amount, minutes=mins)


@transaction.atomic
def upload_attendance(*, actor: Actor, program: Program, data: bytes) -> UploadResult:
    check_program(actor, program, what="upload attendance")
    with reference_data_memoized():  # one policy read per year, not per row
        return _upload(actor, program, data)


def _upload(actor: Actor, program: Program, data: bytes) -> UploadResult:
    rows, result = parse(_decode(data))
    if result.stopped:
        return result
    entries: list[tuple[int, HourEntry]] = []
    for line, row in rows:
        entry = _entry(line, row, result)
        if entry is not None:
            entries.append((line, entry))
        if len(result.problems) >= MAX_PROBLEMS:
            result.stopped = f"Stopped after {MAX_PROBLEMS} problems; nothing was written."
            return result
    # student id -> that student's enrollment of the program year of the day
    ids = {e.enrollment_id for _, e in entries}
    years = {school_year_of(e.day) for _, e in entries}
    by_student = {
        (en.student_id, en.fiscal_year): en
        for en in Enrollment.objects.filter(
            program=program, student_id__in=ids, fiscal_year__in=years
        ).select_related("program")
    }
    resolved: list[tuple[int, HourEntry]] = []
    for line, e in entries:
        en = by_student.get((e.enrollment_id, school_year_of(e.day)))
        if en is None:
            result.problems.append(
                Problem(
                    line,
                    "student_id",
                    f"no student {e.enrollment_id} enrolled in "
                    f"{program.code} in the program year of {e.day.isoformat()}",
                )
            )
            continue
        resolved.append((line, HourEntry(en.pk, e.day, e.kind, e.hours, e.minutes)))
    enrollments = {en.pk: en for en in by_student.values()}
    hour_entries = [e for _, e in resolved]
    stored = stored_rows(hour_entries, enrollments)  # one read for the checks and the write
    for index, error in validate_entries(hour_entries, enrollments, stored_on_days=stored):
        column = {"student": "student_id"}.get(error.field or "", error.field or "-")
        result.problems.append(Problem(resolved[index][0], column, error.message))
    result.problems.sort(key=lambda p: p.line)
    if result.problems:
        return result
    result.written = _write(actor, hour_entries, enrollments, stored_on_days=stored)
    return result
