"""Figures beside the NRS tables (issue 12 item 10): the enrollee count, contact hours and
funding-eligible hours per program, and the bars of the report charts. They read the figures
``reports.nrs_report`` already computed (plus one count query), so a figure is the same on the
table, the chart, the files and the API."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from seats.domain.adulted.summaries import Bar, bars

from ..models import Enrollment
from .reports import NrsReport


@dataclass(frozen=True)
class ProgramTotal:
    code: str
    name: str
    students: int
    enrollees: int
    enrollee_hours: Decimal  # contact hours of the enrollees counted (all levels)
    funding_hours: Decimal  # of enrollees whose code may use state funds, from the enrollee date


def program_totals(enrollments: QuerySet[Enrollment], report: NrsReport) -> list[ProgramTotal]:
    """Per program of ``enrollments`` (scoped as the report was): students enrolled in the year,
    enrollees counted (the students less those left out of the tables), their contact hours and
    the funding-eligible hours."""
    left_out = Counter(s.program for s, _ in report.not_counted)
    hours: dict[str, Decimal] = defaultdict(Decimal)
    for (program, _level), h in report.hours.items():
        hours[program] += h
    rows = (
        enrollments.filter(fiscal_year=report.fiscal_year)
        .values("program__code", "program__name")
        .annotate(n=Count("pk"))
        .order_by("program__code")
        .values_list("program__code", "program__name", "n")
    )
    return [
        ProgramTotal(
            code,
            name,
            n,
            n - left_out.get(code, 0),
            hours.get(code, Decimal(0)),
            report.funding_hours.get(code) or Decimal(0),
        )
        for code, name, n in rows
    ]


def gain_bars(report: NrsReport) -> list[Bar]:
    """Percent of each entering level's enrollees with a level gain (scale: the largest)."""
    return bars([(row.level, row.percent) for row in report.gains])


def level_hours_bars(report: NrsReport) -> list[Bar]:
    """Contact hours of enrollees by entering level, every program together, in the order of
    the gains table (the ladders' order)."""
    by_level: dict[str, Decimal] = defaultdict(Decimal)
    for (_program, level), h in report.hours.items():
        by_level[level] += h
    order = [row.level for row in report.gains]
    levels = order + sorted(set(by_level) - set(order))
    return bars([(level, by_level[level]) for level in levels if level in by_level])


def program_bars(totals: list[ProgramTotal]) -> list[Bar]:
    """Enrollees counted per program."""
    return bars([(t.name, t.enrollees) for t in totals])
