"""The Proposed Course and TOR spreadsheet: the prefilled workbook the state distributes on
July 1 and the row-by-row check of what the provider uploads (provider manual, "TOR
Accountability Timeline": core code and course title, educator name, CACTUS id; background
check documentation for concurrent enrollment instructors without a K-12 license)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from seats.core.models import CourseOffering, TeacherOfRecord

from ..models import TorCycle
from ..sheets import Sheet, cell_bool, cell_date, read_sheet

RULE = "Provider Manual, TOR Accountability Timeline"
REQUIRED = ("core_code", "usbe_course_title", "educator_name", "cactus_id")
OPTIONAL = ("concurrent_enrollment", "background_check_date", "background_check_document")
COLUMNS = (*REQUIRED, *OPTIONAL)


@dataclass(frozen=True)
class TorLine:
    line: int
    core_code: str
    usbe_title: str
    educator_name: str
    teacher: TeacherOfRecord
    concurrent_enrollment: bool
    background_check_date: date | None
    background_document: str


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def offerings_of(provider_id: int, school_year: int) -> dict[str, str]:
    """core code -> USBE title of the provider's courses offered in ``school_year``."""
    out: dict[str, str] = {}
    rows = CourseOffering.objects.filter(
        provider_id=provider_id, first_school_year__lte=school_year
    )
    for offering in rows.order_by("core_code", "pk"):
        if offering.offered_in(school_year):
            out.setdefault(offering.core_code, offering.usbe_title)
    return out


def parse_tor_sheet(
    data: bytes, file_name: str, *, provider_id: int, school_year: int
) -> tuple[list[TorLine], Sheet]:
    """Every line of the upload, or the problems (``sheet.problems``) when any line is wrong."""
    sheet = read_sheet(data, file_name, required=REQUIRED, optional=OPTIONAL)
    offered = offerings_of(provider_id, school_year)
    teachers = {
        t.cactus_id.casefold(): t for t in TeacherOfRecord.objects.filter(provider_id=provider_id)
    }
    lines: list[TorLine] = []
    seen: dict[tuple[str, int], int] = {}
    for line, row in sheet:
        before = len(sheet.problems)
        code = row.get("core_code", "")
        title = row.get("usbe_course_title", "")
        name = row.get("educator_name", "")
        cactus = row.get("cactus_id", "")
        for column in REQUIRED:
            if not row.get(column, ""):
                sheet.add(line, column, "Required.", RULE)
        if code and code not in offered:
            sheet.add(
                line,
                "core_code",
                f"Unknown core code {code!r}: not a course this provider offers in "
                f"{school_year}-{(school_year + 1) % 100:02d}.",
                "R277-726-7(11)",
            )
        elif code and title and _fold(title) != _fold(offered[code]):
            sheet.add(
                line,
                "usbe_course_title",
                f"The USBE title of {code} is {offered[code]!r}, not {title!r}.",
                RULE,
            )
        teacher = teachers.get(cactus.casefold()) if cactus else None
        if cactus and teacher is None:
            sheet.add(
                line,
                "cactus_id",
                f"CACTUS id {cactus!r} is not a teacher of record of this provider.",
                RULE,
            )
        elif teacher and name and _fold(name) != _fold(f"{teacher.first_name} {teacher.last_name}"):
            sheet.add(
                line,
                "educator_name",
                f"CACTUS id {cactus} is {teacher.first_name} {teacher.last_name}, not {name!r}.",
                RULE,
            )
        concurrent = cell_bool(
            sheet, line, "concurrent_enrollment", row.get("concurrent_enrollment", "")
        )
        checked = cell_date(
            sheet, line, "background_check_date", row.get("background_check_date", "")
        )
        document = row.get("background_check_document", "")
        if concurrent and teacher and not teacher.license_areas and not (checked and document):
            sheet.add(
                line,
                "background_check_document",
                "A concurrent enrollment instructor without a K-12 license needs the background "
                "check date and documentation.",
                RULE,
            )
        if teacher and code:
            first = seen.setdefault((code, teacher.pk), line)
            if first != line:
                sheet.add(line, "cactus_id", f"Repeats line {first} (same core code and teacher).")
        if len(sheet.problems) == before and teacher is not None:
            lines.append(
                TorLine(line, code, title, name, teacher, concurrent, checked, document[:255])
            )
    if not sheet.rows and not sheet.problems:
        sheet.add(0, "", "The spreadsheet has no assignment lines.", RULE)
    return lines, sheet


def prefilled_workbook(cycle: TorCycle) -> bytes:
    """The spreadsheet as the state distributes it: the provider's current lines (or one line per
    offered course, with the teacher its CCAs name when there is exactly one), and its TORs."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Proposed Course and TOR"
    sheet.append(list(COLUMNS))
    assignments = list(cycle.assignments.select_related("teacher"))
    if assignments:
        for a in assignments:
            sheet.append(
                [
                    a.core_code,
                    a.usbe_title,
                    a.educator_name,
                    a.teacher.cactus_id,
                    "yes" if a.concurrent_enrollment else "no",
                    a.background_check_date.isoformat() if a.background_check_date else "",
                    a.background_document,
                ]
            )
    else:
        for code, title in offerings_of(cycle.provider_id, cycle.school_year).items():
            sheet.append([code, title, "", "", "no", "", ""])
    tors = book.create_sheet("Teachers of record")
    tors.append(["cactus_id", "name", "license_areas", "endorsements", "background_check_date"])
    for t in TeacherOfRecord.objects.filter(provider_id=cycle.provider_id).order_by("last_name"):
        tors.append(
            [
                t.cactus_id,
                f"{t.first_name} {t.last_name}",
                "; ".join(t.license_areas),
                "; ".join(t.endorsements),
                t.background_check_date.isoformat() if t.background_check_date else "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
