"""The NRS tables of a program year, live from the enrollments' stored figures (recomputed on
every change): per program or statewide, with "why not counted" for every student left out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from seats.core.services.policy import policy_for
from seats.domain.adulted import counting
from seats.domain.adulted import funding as funding_rules
from seats.domain.adulted.enrollee import status_from_dates
from seats.domain.adulted.funding import age_on
from seats.domain.calendars import school_year_bounds

from ..models import Enrollment

_FIELDS = (
    "pk",
    "fiscal_year",
    "program__code",
    "student__first_name",
    "student__last_name",
    "student__date_of_birth",
    "student__sex",
    "student__ethnicity",
    "area_of_focus",
    "hours_total",
    "hours_reached_on",
    "efl_code",
    "efl_number",
    "efl_on",
    "levels_gained",
    "no_gain_reason",
    "seop_on",
    "funding_code",
    "funding_code_on",
)


def student_years(
    enrollments: QuerySet[Enrollment], fiscal_year: int
) -> list[counting.StudentYear]:
    needed = policy_for(fiscal_year).adulted_enrollee_hours
    first, _ = school_year_bounds(fiscal_year)
    out = []
    rows = enrollments.filter(fiscal_year=fiscal_year).order_by("program__code", "pk")
    for r in rows.values_list(*_FIELDS).iterator(chunk_size=5000):
        (
            pk,
            fy,
            program,
            first_name,
            last_name,
            born,
            sex,
            ethnicity,
            focus,
            hours,
            hours_on,
            efl_code,
            efl_number,
            efl_on,
            gained,
            no_gain,
            seop_on,
            code,
            code_on,
        ) = r
        status = status_from_dates(
            fiscal_year=fy,
            hours_on=hours_on,
            hours_total=hours,
            efl_day=efl_on,
            seop_core_goal_day=seop_on,
            funding_code_day=code_on if code else None,
            needed_hours=needed,
        )
        out.append(
            counting.StudentYear(
                key=pk,
                program=program,
                name=f"{first_name} {last_name}",
                age=age_on(born, first),
                sex=sex,
                ethnicity=ethnicity,
                area_of_focus=focus,
                status=status,
                efl_code=efl_code,
                efl_number=efl_number,
                efl_ladder="ESOL" if efl_code.startswith("ESOL") else "ABE",
                levels_gained=gained,
                no_gain_reason=no_gain,
                hours=hours,
            )
        )
    return out


@dataclass(frozen=True)
class NrsReport:
    fiscal_year: int
    students: int
    enrollees: int
    gains: list[counting.GainRow]
    participants: dict[str, dict[str, int]]
    hours: dict[tuple[str, str], Decimal]
    not_counted: list[tuple[counting.StudentYear, list[str]]]
    funding_hours: dict[str, Decimal]


def nrs_report(enrollments: QuerySet[Enrollment], fiscal_year: int) -> NrsReport:
    years = student_years(enrollments, fiscal_year)
    counted = [y for y in years if counting.is_counted(y)]
    return NrsReport(
        fiscal_year,
        len(years),
        len(counted),
        counting.efl_gain_table(years),
        counting.participants_table(years),
        counting.hours_table(years),
        counting.not_counted(years),
        _funding_hours(enrollments, fiscal_year),
    )


def _funding_hours(enrollments: QuerySet[Enrollment], fiscal_year: int) -> dict[str, Decimal]:
    """Hours of enrollees whose funding code may use state funds, per program (state funding
    is figured from the enrollee date: the hours on and after it)."""
    from django.db.models import F, Sum

    rows = (
        enrollments.filter(
            fiscal_year=fiscal_year,
            enrollee_on__isnull=False,
            funding_code__in=sorted(funding_rules.STATE_FUNDS),
            hours__day__gte=F("enrollee_on"),
        )
        .values("program__code")
        .annotate(total=Sum("hours__hours"))
    )
    return {r["program__code"]: r["total"] or Decimal(0) for r in rows}


def gain_rows_csv(report: NrsReport) -> Iterable[list[str]]:
    yield ["table", "group", "value", "count"]
    for row in report.gains:
        yield ["efl_gains", row.level, "enrollees", str(row.enrollees)]
        yield ["efl_gains", row.level, "with_gain", str(row.with_gain)]
        yield ["efl_gains", row.level, "levels_gained", str(row.levels_gained)]
        yield ["efl_gains", row.level, "percent_with_gain", str(row.percent)]
    for dimension, counts in report.participants.items():
        for key, count in sorted(counts.items()):
            yield ["participants", dimension, key, str(count)]
    for (program, level), hours in sorted(report.hours.items()):
        yield ["contact_hours", program, level, str(hours)]
    for program, hours in sorted(report.funding_hours.items()):
        yield ["funding_eligible_hours", program, "", str(hours)]
    for student, reasons in report.not_counted:
        yield ["not_counted", student.program, student.name, "; ".join(reasons)]
