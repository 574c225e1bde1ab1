"""The WPU of K-12 students aged 16-18 in adult education (R277-733-6 A, quoted in 002; issue 12
item 9): per student and per district (the student's K-12 LEA) for a program year, live from the
enrollments' stored hours. One query; the rule is ``seats.domain.adulted.funding.wpu_for``, the
same the student's record page shows (``records.wpu_of``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from seats.core import clock
from seats.core.services.policy import policy_for
from seats.domain.adulted import funding
from seats.domain.adulted.summaries import DistrictWpu, WpuLine, district_totals

from ..models import Enrollment

_FIELDS = (
    "pk",
    "program__code",
    "student__first_name",
    "student__last_name",
    "student__ssid",
    "student__date_of_birth",
    "student__k12_enrolled",
    "student__graduated",
    "student__k12_student__primary_lea__code",
    "student__k12_student__primary_lea__name",
    "hours_total",
    "funding_code",
)


def age_day(fiscal_year: int) -> date:
    """The day the age is taken: today, or the year's last day (June 30) for a past year."""
    return min(clock.today(), date(fiscal_year + 1, 6, 30))


@dataclass(frozen=True)
class WpuReport:
    fiscal_year: int
    hours_per_wpu: int
    age_on: date
    lines: list[WpuLine]
    districts: list[DistrictWpu]

    @property
    def eligible(self) -> int:
        return sum(1 for line in self.lines if line.result.eligible)

    @property
    def total(self) -> Decimal:
        return funding.total_wpu(line.result for line in self.lines)


def wpu_report(enrollments: QuerySet[Enrollment], fiscal_year: int) -> WpuReport:
    """Every K-12 student's program year among ``enrollments`` (already scoped to the viewer),
    eligible or not (with the reason), and the totals per district."""
    per_wpu = policy_for(fiscal_year).adulted_wpu_hours
    on = age_day(fiscal_year)
    rows = (
        enrollments.filter(fiscal_year=fiscal_year, student__k12_enrolled=True)
        .order_by("student__last_name", "student__first_name", "pk")
        .values_list(*_FIELDS)
    )
    lines = []
    for (pk, program, first, last, ssid, born, k12, graduated, lea_code, lea_name, hours,
         code) in rows.iterator(chunk_size=5000):  # fmt: skip
        result = funding.wpu_for(
            born=born,
            on=on,
            k12_enrolled=k12,
            graduated=graduated,
            hours=hours,
            hours_per_wpu=per_wpu,
        )
        lines.append(
            WpuLine(
                key=pk,
                program=program,
                name=f"{first} {last}",
                ssid=ssid,
                district_code=lea_code or "",
                district=lea_name or "",
                age=funding.age_on(born, on),
                funding_code=code,
                result=result,
            )
        )
    return WpuReport(fiscal_year, per_wpu, on, lines, district_totals(lines))
