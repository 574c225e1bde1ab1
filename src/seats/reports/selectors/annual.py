"""The annual report on an online provider for a school year (Provider Manual, "Annual Report on
Online Providers"), built once as plain sections and tables that the web page, the PDF, the CSV
and the Excel file all lay out. The public version is the same report after the "n<10" rule
(``seats.domain.reports.suppression``): no student is named, no figure for fewer than 10
students is shown, and no hidden figure can be recovered from the totals.

Sources: the CCAs of the provider's school year (completion, grades, pupil-teacher ratio), the
statewide assessment scores the state loads (``AssessmentScore``), the provider's satisfaction
survey (``SurveyAnswer``) and the text the state enters (``ReportText``). See docs/reports.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count

from seats.core import clock
from seats.core.models import CCA, Organisation
from seats.core.services.policy import policy_for
from seats.domain.calendars import school_year_label
from seats.domain.reports.completion import COUNTING, Counts
from seats.domain.reports.figures import (
    GRADE_BANDS,
    PROFICIENCY_LEVELS,
    distribution,
    pupil_teacher_ratio,
    summarise,
)
from seats.domain.reports.suppression import SUPPRESSED, Grid, suppress
from seats.domain.statuses import PAID_THROUGH_CONFIRMED, PASSING, Status

from ..models import AssessmentScore, ReportText, SurveyAnswer
from .completion import course_rates, minimum, rates_of

NOT_DEFINED = "—"
Value = int | Decimal | str | None


@dataclass
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[list[Value]]
    foot: list[Value] | None = None


@dataclass
class Section:
    key: str
    heading: str
    intro: str
    facts: list[tuple[str, Value]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    text: str = ""


@dataclass
class AnnualReport:
    provider_name: str
    provider_code: str
    school_year: int
    public: bool
    prepared_on: date
    minimum_rate: Decimal
    minimum_group: int
    below_minimum: bool
    sections: list[Section]

    @property
    def year_label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def title(self) -> str:
        return f"Annual report on {self.provider_name}, school year {self.year_label}"


def _pct(num: int | None, den: int | None) -> Value:
    if num is None or den is None:
        return SUPPRESSED
    if den == 0:
        return NOT_DEFINED
    return (Decimal(num * 100) / Decimal(den)).quantize(Decimal("0.1"))


def _shown(grid: Grid | None, r: int, c: int, value: int) -> int | None:
    return value if grid is None else grid.shown(r, c)


def _cells(grid: Grid | None, counts: list[list[int]], r: int) -> list[int | None]:
    return [_shown(grid, r, c, v) for c, v in enumerate(counts[r])]


def _total(grid: Grid | None, counts: list[list[int]], r: int) -> int | None:
    return sum(counts[r]) if grid is None else grid.row_total(r)


def _foot(grid: Grid | None, counts: list[list[int]]) -> tuple[list[int | None], int | None]:
    width = len(counts[0]) if counts else 0
    sums = [sum(row[c] for row in counts) for c in range(width)]
    if grid is None:
        return sums, sum(sums)
    return [grid.column_total(c) for c in range(width)], grid.grand_total


def _display(values: list[int | None]) -> list[Value]:
    return [SUPPRESSED if v is None else v for v in values]


def _grid(counts: list[list[int]], public: bool, floor: int) -> Grid | None:
    return suppress(counts, floor) if public and counts else None


# Completion ----------------------------------------------------------------------------------

#: The completion table's count columns and the statuses in each.
_COMPLETION_COLUMNS = (
    ("Pass All Complete", {Status.PASS_ALL_COMPLETE}),
    ("Late Pass", {Status.LATE_PASS}),
    ("Anticipated Late Pass", {Status.ANTICIPATED_LATE_PASS}),
    ("Not completed (F, I/NG, .25 not passing)",
     {s for s, c in COUNTING.items() if c == (Counts.NOT_COMPLETED, Counts.NOT_COMPLETED)}),
)  # fmt: skip


def _completion_row(rates_counts: dict[Status, int]) -> list[int]:
    return [sum(rates_counts.get(s, 0) for s in group) for _, group in _COMPLETION_COLUMNS]


def _rates_from(cells: list[int | None], total: int | None) -> tuple[Value, Value]:
    pac, late, alp, _ = cells
    timely = _pct(pac, total)
    if None in (pac, late, alp, total):
        return timely, SUPPRESSED
    return timely, _pct(pac + late, total - alp)  # type: ignore[operator]


def _completion(provider: Organisation, year: int, public: bool, floor: int) -> Section:
    per_status: dict[str, dict[Status, int]] = defaultdict(dict)
    rows = (
        CCA.objects.filter(
            provider=provider, school_year=year, status__in=[s.value for s in COUNTING]
        )
        .values("offering__core_code", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    for r in rows:
        per_status[r["offering__core_code"]][Status(r["status"])] = r["n"]
    titles = {c.core_code: c.title for c in course_rates(provider, year)}
    codes = sorted(per_status)
    counts = [_completion_row(per_status[c]) for c in codes]
    grid = _grid(counts, public, floor)
    table_rows: list[list[Value]] = []
    for i, code in enumerate(codes):
        cells, total = _cells(grid, counts, i), _total(grid, counts, i)
        table_rows.append(
            [code, titles.get(code, ""), *_display(cells), _or(total), *_rates_from(cells, total)]
        )
    foot_cells, grand = _foot(grid, counts)
    foot = (
        ["All courses", "", *_display(foot_cells), _or(grand), *_rates_from(foot_cells, grand)]
        if codes
        else None
    )
    timely, extended = (foot[-2], foot[-1]) if foot else (NOT_DEFINED, NOT_DEFINED)
    return Section(
        "completion",
        "Course completion rates",
        "Timely: Pass All Complete (a passing grade by June 30) out of every counted CCA. "
        "Extended: Pass All Complete and Late Pass (after June 30, before graduation) out of "
        "every counted CCA except those still working (Anticipated Late Pass). Counted: F, I/NG, "
        ".25 Earned Not Passing, Anticipated Late Pass and the passes; withdrawals and Not "
        "Confirmed Closed are not counted.",
        facts=[
            ("Timely completion rate (%)", timely),
            ("Extended completion rate (%)", extended),
            ("Minimum completion rate (%)", minimum(year)),
        ],
        tables=[
            Table(
                "completion",
                f"Completion per course, school year {school_year_label(year)}",
                ["Core code", "Course", *(n for n, _ in _COMPLETION_COLUMNS), "Counted",
                 "Timely (%)", "Extended (%)"],
                table_rows,
                foot,
            )
        ],
    )  # fmt: skip


def _or(v: int | None) -> Value:
    return SUPPRESSED if v is None else v


# Grades -------------------------------------------------------------------------------------


def _grades(provider: Organisation, year: int, public: bool, floor: int) -> Section:
    grades: dict[str, list[str]] = defaultdict(list)
    rows = (
        CCA.objects.filter(provider=provider, school_year=year)
        .exclude(final_grade="")
        .values_list("offering__core_code", "final_grade")
    )
    for code, grade in rows.iterator(chunk_size=5000):
        grades[code].append(grade)
    codes = sorted(grades)
    counts = [distribution(grades[c]) for c in codes]
    grid = _grid(counts, public, floor)
    body = [
        [c, *_display(_cells(grid, counts, i)), _or(_total(grid, counts, i))]
        for i, c in enumerate(codes)
    ]
    foot_cells, grand = _foot(grid, counts)
    return Section(
        "grades",
        "Student grade distributions",
        "Final grades of the year's CCAs per course (USBE core code), by letter: A+, A and A- "
        "are A; I and NG are one column; P and other marks are Other.",
        tables=[
            Table(
                "grades",
                "Final grades per course",
                ["Core code", *GRADE_BANDS, "Graded"],
                body,
                ["All courses", *_display(foot_cells), _or(grand)] if codes else None,
            )
        ],
    )  # fmt: skip


# Pupil-teacher ratio -------------------------------------------------------------------------


def ratio_counts(provider: Organisation, year: int) -> tuple[int, int]:
    """(students, teachers): distinct students with a CCA that reached Confirmed, and the
    distinct teachers of record on those CCAs (see seats.domain.reports.figures)."""
    taught = CCA.objects.filter(
        provider=provider, school_year=year, status__in=[s.value for s in PAID_THROUGH_CONFIRMED]
    )
    students = taught.values("student_id").distinct().count()
    teachers = (
        taught.exclude(teacher_of_record=None).values("teacher_of_record_id").distinct().count()
    )
    return students, teachers


def _ratio(provider: Organisation, year: int, public: bool, floor: int) -> Section:
    students, teachers = ratio_counts(provider, year)
    ratio = pupil_teacher_ratio(students, teachers)
    hidden = public and students < floor
    shown_ratio: Value = NOT_DEFINED if ratio is None else f"{ratio} to 1"
    return Section(
        "ratio",
        "Pupil-teacher ratio",
        "Students taught (distinct students with a CCA that reached Confirmed) divided by the "
        "teachers of record assigned to those CCAs, for all the provider's online courses.",
        facts=[
            ("Students taught", SUPPRESSED if hidden else students),
            ("Teachers of record", SUPPRESSED if hidden else teachers),
            ("Pupil-teacher ratio", SUPPRESSED if hidden else shown_ratio),
        ],
    )


# Assessments --------------------------------------------------------------------------------


def _assessments(provider: Organisation, year: int, public: bool, floor: int) -> Section:
    completers = CCA.objects.filter(
        provider=provider, school_year=year, status__in=[s.value for s in PASSING]
    ).values("student_id")
    latest: dict[tuple[str, int], tuple[date, Decimal, str]] = {}
    scores = AssessmentScore.objects.filter(
        school_year=year, student_id__in=completers
    ).values_list("test", "student_id", "taken_on", "score", "proficiency")
    for test, student, taken, score, level in scores.iterator(chunk_size=5000):
        key = (test, student)
        if key not in latest or taken > latest[key][0]:
            latest[key] = (taken, score, level)
    by_test: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    for (test, _), (_, score, level) in latest.items():
        by_test[test].append((score, level))
    summaries = [summarise(t, by_test[t]) for t in sorted(by_test)]
    counts = [list(s.levels) for s in summaries]
    grid = _grid(counts, public, floor)
    body: list[list[Value]] = []
    for i, s in enumerate(summaries):
        cells, total = _cells(grid, counts, i), _total(grid, counts, i)
        mean: Value = (
            SUPPRESSED
            if total is None
            else (s.mean_score if s.mean_score is not None else NOT_DEFINED)
        )
        prof = _pct(None if None in cells[2:] else cells[2] + cells[3], total)  # type: ignore[operator]
        body.append([s.test, _or(total), mean, *_display(cells), prof])
    return Section(
        "assessments",
        "Statewide assessment scores",
        "Scores of the statewide assessments (R277-404) taken in the school year by students "
        "who completed one of the provider's online courses (Pass All Complete or Late Pass), "
        "summarised by test: each student's latest score per test.",
        tables=[
            Table(
                "assessments",
                "Assessment results by test",
                ["Test", "Students tested", "Mean score", *PROFICIENCY_LEVELS,
                 "Proficient or above (%)"],
                body,
            )
        ],
    )  # fmt: skip


# Survey and text ----------------------------------------------------------------------------


def _survey(provider: Organisation, year: int, public: bool, floor: int) -> Section:
    body: list[list[Value]] = []
    for a in SurveyAnswer.objects.filter(provider=provider, school_year=year):
        if public and a.responses < floor:
            body.append([a.question, SUPPRESSED, SUPPRESSED])
        else:
            body.append([a.question, a.responses, a.favourable_percent])
    return Section(
        "survey",
        "Satisfaction survey results",
        "The provider's student and parent satisfaction survey as the state loaded it: per "
        "question, how many answered and the share of favourable answers.",
        tables=[
            Table("survey", "Survey results", ["Question", "Responses", "Favourable (%)"], body)
        ],
    )


def _texts(provider: Organisation, year: int) -> list[Section]:
    text = ReportText.objects.filter(provider=provider, school_year=year).first()
    plan = text.improvement_plan if text else ""
    audit = text.audit_results if text else ""
    return [
        Section("plan", "Improvement plan summary", "Entered by the state, if applicable.",
                text=plan or "No improvement plan for this school year."),
        Section("audit", "Audit results", "Results of the state board's sample audits of the "
                "provider's courses, entered by the state.",
                text=audit or "No audit results recorded."),
    ]  # fmt: skip


def annual_report(provider: Organisation, school_year: int, *, public: bool) -> AnnualReport:
    floor = policy_for(school_year).report_minimum_group
    sections = [
        _assessments(provider, school_year, public, floor),
        _completion(provider, school_year, public, floor),
        _ratio(provider, school_year, public, floor),
        _grades(provider, school_year, public, floor),
        _survey(provider, school_year, public, floor),
        *_texts(provider, school_year),
    ]
    floor_rate = minimum(school_year)
    return AnnualReport(
        provider_name=provider.name,
        provider_code=provider.code,
        school_year=school_year,
        public=public,
        prepared_on=clock.today(),
        minimum_rate=floor_rate,
        minimum_group=floor,
        below_minimum=rates_of(provider, school_year).below(floor_rate),
        sections=sections,
    )


def flat_rows(report: AnnualReport) -> list[list[Any]]:
    """Every figure as rows for a CSV: section, table, then the table's cells."""
    out: list[list[Any]] = [[report.title], ["Prepared on", report.prepared_on.isoformat()]]
    for s in report.sections:
        out.append([])
        out.append([s.heading])
        out.extend([label, v] for label, v in s.facts)
        if s.text:
            out.append([s.text])
        for t in s.tables:
            out.append([t.caption])
            out.append(t.columns)
            out.extend(t.rows)
            if t.foot:
                out.append(t.foot)
    return out
