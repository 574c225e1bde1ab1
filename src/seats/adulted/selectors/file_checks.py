"""The student-file checklist's missing items per program (002, Section 6 "Student Records";
issue 12 item 8): for a program year, each program's students with a missing current-year or
perpetual item, and which. Two queries (the year's students, then their checklist rows); the
rule per student is ``seats.domain.adulted.checklist``, the same the record page shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from seats.domain.adulted import checklist as rules
from seats.domain.adulted.summaries import MissingLine, ProgramChecklist

from ..models import ChecklistItem, Enrollment


@dataclass(frozen=True)
class ChecklistReport:
    fiscal_year: int
    programs: list[ProgramChecklist]
    missing: list[MissingLine]

    @property
    def students(self) -> int:
        return sum(p.students for p in self.programs)

    @property
    def with_missing(self) -> int:
        return sum(p.with_missing for p in self.programs)


def checklist_report(enrollments: QuerySet[Enrollment], fiscal_year: int) -> ChecklistReport:
    """Every student enrolled in the program year among ``enrollments`` (already scoped)."""
    year_rows = enrollments.filter(fiscal_year=fiscal_year)
    students = list(
        year_rows.order_by("program__code", "student__last_name", "student__first_name", "pk")
        .values_list(
            "pk",
            "student_id",
            "program__code",
            "program__name",
            "student__first_name",
            "student__last_name",
        )
        .iterator(chunk_size=5000)
    )
    received: dict[int, list[rules.Received]] = defaultdict(list)
    items = ChecklistItem.objects.filter(
        student_id__in=year_rows.values("student_id"), fiscal_year__in=[0, fiscal_year]
    ).values_list("student_id", "item", "received_on", "not_applicable")  # who: not shown here
    for student_id, item, received_on, not_applicable in items.iterator(chunk_size=5000):
        received[student_id].append(rules.Received(item, received_on, "", not_applicable))
    programs: dict[str, ProgramChecklist] = {}
    missing: list[MissingLine] = []
    for pk, student_id, code, name, first, last in students:
        program = programs.setdefault(code, ProgramChecklist(code, name))
        program.students += 1
        gaps = rules.missing(rules.checklist(received[student_id], fiscal_year=fiscal_year))
        if gaps:
            program.with_missing += 1
            program.by_item.update(s.item for s in gaps)
            missing.append(MissingLine(pk, code, f"{first} {last}", gaps))
    return ChecklistReport(fiscal_year, list(programs.values()), missing)
