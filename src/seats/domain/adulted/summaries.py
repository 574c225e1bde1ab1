"""Adult education's report figures beyond the NRS tables (issue 12 items 8-10): the WPU of
K-12 students aged 16-18 per district, the student-file checklist's missing items per program,
and the bars of the report charts.

- WPU: R277-733-6 A (quoted in 002), applied per student by ``funding.wpu_for``; a district's
  WPU is the sum of its eligible students' WPU (each already capped at 1 and rounded to four
  places, so the district total is exactly the sum of the lines shown).
- Checklist: 002, Section 6 "Student Records", per student by ``checklist.checklist``; a
  program's figure is the number of students with at least one missing item, and per item the
  number of students missing it.
- Bars: one scale per chart (the largest value shown), the funding statements' rule
  (``seats.domain.funding.statements.bar_percent``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..funding.statements import bar_percent
from .checklist import ITEMS, PERPETUAL, ItemState
from .funding import WpuResult

NO_DISTRICT = "No K-12 record linked"


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, the figure (the text) and its length (0-100)."""

    label: str
    value: Decimal
    percent: int


def bars(rows: Sequence[tuple[str, Decimal | int]]) -> list[Bar]:
    """Bars for (label, value), all on one scale: the largest value is 100."""
    values = [(label, Decimal(value)) for label, value in rows]
    largest = max((abs(v) for _, v in values), default=Decimal(0))
    return [Bar(label, v, bar_percent(v, largest)) for label, v in values]


# --- The WPU of K-12 students aged 16-18 -----------------------------------------------------


@dataclass(frozen=True)
class WpuLine:
    """One K-12 student's program year: who, where from, and the WPU that follows them."""

    key: int
    program: str
    name: str
    ssid: str
    district_code: str  # "" when no K-12 record is linked
    district: str
    age: int
    funding_code: int | None
    result: WpuResult

    @property
    def district_label(self) -> str:
        return self.district or NO_DISTRICT


@dataclass
class DistrictWpu:
    code: str
    name: str
    students: int = 0
    eligible: int = 0
    hours: Decimal = Decimal(0)  # the eligible students' hours
    wpu: Decimal = Decimal(0)

    @property
    def label(self) -> str:
        return self.name or NO_DISTRICT


def district_totals(lines: Iterable[WpuLine]) -> list[DistrictWpu]:
    """Per district (the student's K-12 LEA): students, those eligible, their hours and WPU;
    by district name, the students without a linked K-12 record last."""
    out: dict[str, DistrictWpu] = {}
    for line in lines:
        row = out.setdefault(line.district_code, DistrictWpu(line.district_code, line.district))
        row.students += 1
        if line.result.eligible:
            row.eligible += 1
            row.hours += line.result.hours
            row.wpu += line.result.wpu
    return sorted(out.values(), key=lambda d: (d.code == "", d.name, d.code))


# --- The student-file checklist per program --------------------------------------------------


@dataclass(frozen=True)
class MissingLine:
    """A student with at least one missing item of the student file."""

    key: int  # the enrollment of the program year
    program: str
    name: str
    missing: list[ItemState]

    @property
    def current_year(self) -> list[ItemState]:
        return [s for s in self.missing if not s.perpetual]

    @property
    def perpetual(self) -> list[ItemState]:
        return [s for s in self.missing if s.perpetual]


@dataclass
class ProgramChecklist:
    program: str
    name: str
    students: int = 0
    with_missing: int = 0
    by_item: Counter[str] = field(default_factory=Counter)

    @property
    def complete(self) -> int:
        return self.students - self.with_missing

    def item_counts(self) -> list[tuple[str, str, bool, int]]:
        """(item, label, kept in perpetuity, students missing it) in the document's order, for
        every item."""
        return [
            (key, label, key in PERPETUAL, self.by_item.get(key, 0)) for key, label in ITEMS.items()
        ]
