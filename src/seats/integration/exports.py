"""Lists as files: CSV and Excel writers for any rows, and the CCA list a viewer may see.

Both writers stream (CSV row by row; Excel through openpyxl's write-only mode) so a state-wide
list does not sit in memory. Text that a spreadsheet would run as a formula (starting with =, +,
-, @, a tab or a carriage return) is written with a leading single quote: an export must never
be a way to plant a formula on a colleague's machine (CSV/formula injection).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, TextIO

from django.db.models import Q, QuerySet
from django.utils import timezone

from seats.core.models import CCA, AccessAction, AccessPurpose
from seats.core.replica import on_replica
from seats.core.selectors.access import Viewer, ccas_visible_to
from seats.core.services.audit import log_access
from seats.domain.statuses import Status

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_EXCEL_TEXT_LIMIT = 32_767


@dataclass(frozen=True)
class Column:
    """A file column: its header and how to get the value from a row."""

    name: str
    value: Callable[[Any], Any]


def field(path: str, name: str | None = None) -> Column:
    """A column reading ``path`` ("student.ssid") from an object, or a key from a mapping."""
    parts = path.split(".")

    def get(row: Any) -> Any:
        value = row
        for part in parts:
            if value is None:
                return None
            value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
        return value

    return Column(name or path.replace(".", "_"), get)


def as_columns(columns: Sequence[Column | str]) -> list[Column]:
    return [c if isinstance(c, Column) else field(c) for c in columns]


def neutralise(text: str) -> str:
    """Text a spreadsheet would read as a formula gets a leading quote (shown, never run)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _plain(value: Any) -> Any:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Status):
        return value.value
    return value


def csv_cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return neutralise(str(value))


def write_csv(rows: Iterable[Any], columns: Sequence[Column | str], stream: TextIO) -> int:
    """Header, then one line per row; returns the number of rows written. Open ``stream`` with
    ``newline=""`` (the csv module writes the line ends)."""
    cols = as_columns(columns)
    writer = csv.writer(stream)
    writer.writerow([neutralise(c.name) for c in cols])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(c.value(row)) for c in cols])
        count += 1
    return count


def xlsx_cell(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _plain(value)
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return neutralise(text)[:_EXCEL_TEXT_LIMIT]


def write_xlsx(
    rows: Iterable[Any], columns: Sequence[Column | str], stream: IO[bytes], *, title: str = "SEATS"
) -> int:
    """One sheet, header row frozen; dates are real Excel dates. Returns the rows written."""
    from openpyxl import Workbook

    cols = as_columns(columns)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    sheet.append([xlsx_cell(c.name) for c in cols])
    count = 0
    for row in rows:
        sheet.append([xlsx_cell(c.value(row)) for c in cols])
        count += 1
    book.save(stream)
    return count


Sheet = tuple[str, Sequence[Column | str], Iterable[Any]]


def write_xlsx_sheets(sheets: Iterable[Sheet], stream: IO[bytes]) -> int:
    """Several sheets in one workbook, each like ``write_xlsx``'s: (title, columns, rows), header
    row frozen, numbers and dates as Excel's own. Returns the rows written, every sheet."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    count = 0
    for title, columns, rows in sheets:
        cols = as_columns(columns)
        sheet = book.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        sheet.append([xlsx_cell(c.name) for c in cols])
        for row in rows:
            sheet.append([xlsx_cell(c.value(row)) for c in cols])
            count += 1
    book.save(stream)
    return count


# --- the CCA list ---------------------------------------------------------------------------

CCA_COLUMNS: dict[str, Column] = {
    c.name: c
    for c in (
        field("pk", "cca_id"),
        field("status"),
        Column("status_label", lambda c: Status(c.status).label),
        field("version"),
        field("school_year"),
        field("session"),
        field("student.ssid", "ssid"),
        Column("student_name", lambda c: c.student.display_name),
        field("student.grade", "grade"),
        field("provider.code", "provider"),
        field("offering.core_code", "core_code"),
        field("offering.provider_title", "course_title"),
        field("credit_attempted"),
        field("primary_lea.code", "primary_lea"),
        field("primary_school.code", "primary_school"),
        field("submitted_on"),
        field("lea_decision"),
        field("provider_decision"),
        field("noe_date"),
        field("course_start_date"),
        field("census_date"),
        field("confirmation_date"),
        field("teacher_of_record.cactus_id", "teacher_cactus_id"),
        field("grade_progress_percent"),
        field("grade_progress_letter"),
        field("grade_progress_as_of"),
        field("last_activity_on"),
        field("at_risk"),
        field("intent_to_withdraw_sent_on"),
        field("final_grade"),
        field("credit_earned"),
        field("completion_date"),
        field("transcript_issued_on"),
        field("closeout_date"),
        field("updated_at"),
    )
}
DEFAULT_CCA_COLUMNS = (
    "cca_id",
    "ssid",
    "student_name",
    "core_code",
    "course_title",
    "school_year",
    "session",
    "provider",
    "primary_lea",
    "status",
    "version",
    "course_start_date",
    "census_date",
    "teacher_cactus_id",
    "final_grade",
    "credit_earned",
    "completion_date",
)
_RELATED = (
    "student",
    "provider",
    "offering",
    "primary_lea",
    "primary_school",
    "teacher_of_record",
)
FORMATS = ("csv", "xlsx")


def cca_columns(names: Sequence[str] | None = None) -> list[Column]:
    """The named CCA columns (the defaults when none are named); unknown names are refused."""
    from seats.domain.errors import InvalidInput

    chosen = list(names or DEFAULT_CCA_COLUMNS)
    unknown = [n for n in chosen if n not in CCA_COLUMNS]
    if unknown:
        raise InvalidInput(
            f"Unknown column {', '.join(unknown)}. Known: {', '.join(CCA_COLUMNS)}.",
            field="columns",
        )
    return [CCA_COLUMNS[n] for n in chosen]


def visible_ccas(
    viewer: Viewer, *, statuses: Sequence[str] = (), where: Q | None = None
) -> QuerySet[CCA]:
    """The viewer's CCAs (the access layer), narrowed by status and ``where``, in id order."""
    query = ccas_visible_to(viewer)
    if statuses:
        query = query.filter(status__in=list(statuses))
    if where is not None:
        query = query.filter(where)
    return query.select_related(*_RELATED).order_by("pk")


@on_replica
def export_ccas(
    viewer: Viewer,
    stream: IO[Any],
    *,
    file_format: str = "csv",
    columns: Sequence[str] | None = None,
    statuses: Sequence[str] = (),
    where: Q | None = None,
    channel: str = "file",
) -> int:
    """Write the viewer's CCA list as CSV (text stream) or Excel (binary stream); the export
    is logged as an access to student records (SPEC 10). Returns the rows written."""
    cols = cca_columns(columns)
    rows = visible_ccas(viewer, statuses=statuses, where=where).iterator(chunk_size=2000)
    if file_format == "xlsx":
        count = write_xlsx(rows, cols, stream, title="CCAs")
    else:
        count = write_csv(rows, cols, stream)
    what = f"CCA list export ({file_format})"
    if statuses:
        what += f": status={','.join(statuses)}"
    log_access(
        viewer,
        action=AccessAction.EXPORT,
        what=what,
        rows=count,
        channel=channel,
        purpose=AccessPurpose.SIS_EXPORT,
    )
    return count
