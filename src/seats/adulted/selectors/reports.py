"""The NRS tables of a program year, live from the enrollments' stored figures (recomputed on
every change): per program or statewide, with "why not counted" for every student left out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from seats.core.services.policy import policy_for
from seats.domain.adulted import counting
from seats.domain.adulted import funding as funding_rules
from seats.domain.adulted.enrollee import status_from_dates
from seats.domain.adulted.funding import age_on
from seats.domain.calendars import school_year_bounds

from ..models import ContactHour, Enrollment

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


def _student_year(r: tuple, needed: int, first: date) -> counting.StudentYear:  # type: ignore[type-arg]
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
    return counting.StudentYear(
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
        efl_ladder=_ladder(efl_code),
        levels_gained=gained,
        no_gain_reason=no_gain,
        hours=hours,
    )


def _ladder(efl_code: str) -> str:
    return "ESOL" if efl_code.startswith("ESOL") else "ABE"


def student_years(
    enrollments: QuerySet[Enrollment], fiscal_year: int
) -> list[counting.StudentYear]:
    """Every student's year, as the tables read it (one row each, in Python)."""
    needed = policy_for(fiscal_year).adulted_enrollee_hours
    first, _ = school_year_bounds(fiscal_year)
    rows = enrollments.filter(fiscal_year=fiscal_year).order_by("program__code", "pk")
    return [
        _student_year(r, needed, first)
        for r in rows.values_list(*_FIELDS).iterator(chunk_size=5000)
    ]


def counted_filter(fiscal_year: int) -> Q:
    """``counting.is_counted`` in SQL, on the stored figures: an enrollee of the year (each of
    the four requirements met on a day of the year; a funding code recorded before July 1 is
    in force from July 1, ``enrollee.status_from_dates``) with an EFL."""
    first, last = school_year_bounds(fiscal_year)
    year = (first, last)
    return Q(
        hours_reached_on__range=year,
        efl_on__range=year,
        seop_on__range=year,
        funding_code__isnull=False,
        funding_code__gt=0,
        funding_code_on__lte=last,
        efl_number__isnull=False,
    )


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
    """The tables, set-based: the counted students are grouped in SQL (five GROUP BY queries,
    whatever the number of students); only the students left out are read one by one, for
    their reasons. Equal to ``counting``'s tables over ``student_years`` (tested)."""
    rows = enrollments.filter(fiscal_year=fiscal_year)
    counted_q = counted_filter(fiscal_year)
    counted = rows.filter(counted_q)
    first, _ = school_year_bounds(fiscal_year)
    needed = policy_for(fiscal_year).adulted_enrollee_hours
    totals = rows.aggregate(students=Count("pk"), enrollees=Count("pk", filter=counted_q))
    gains, hours = _gains_and_hours(counted)
    left_out = rows.exclude(counted_q).order_by("program__code", "pk")
    not_counted = [
        (y, counting.why_not_counted(y))
        for y in (
            _student_year(r, needed, first)
            for r in left_out.values_list(*_FIELDS).iterator(chunk_size=5000)
        )
    ]
    return NrsReport(
        fiscal_year,
        totals["students"],
        totals["enrollees"],
        gains,
        _participants(counted, first),
        hours,
        not_counted,
        _funding_hours(enrollments, fiscal_year),
    )


def _gains_and_hours(
    counted: QuerySet[Enrollment],
) -> tuple[list[counting.GainRow], dict[tuple[str, str], Decimal]]:
    """``counting.efl_gain_table`` and ``counting.hours_table`` from one GROUP BY (program,
    entering level, reason for no gain): a few hundred rows for the whole state."""
    groups: dict[tuple[str, int], dict] = {}  # type: ignore[type-arg]
    reasons: dict[tuple[str, int], dict[str, int]] = {}
    hours: dict[tuple[str, str], Decimal] = {}
    by_group = (
        counted.values("program__code", "efl_code", "efl_number", "no_gain_reason")
        .annotate(
            n=Count("pk"),
            with_gain=Count("pk", filter=Q(levels_gained__gt=0)),
            levels=Sum("levels_gained"),
            hours=Sum("hours_total"),
        )
        .order_by("program__code", "efl_code", "no_gain_reason")
    )
    for r in by_group:
        key = (_ladder(r["efl_code"]), r["efl_number"])
        g = groups.setdefault(key, {"code": r["efl_code"], "n": 0, "with": 0, "levels": 0})
        g["n"] += r["n"]
        g["with"] += r["with_gain"]
        g["levels"] += r["levels"] or 0
        if r["n"] > r["with_gain"]:  # without a gain, a student always has a reason
            found = reasons.setdefault(key, {})
            reason = r["no_gain_reason"]
            found[reason] = found.get(reason, 0) + r["n"] - r["with_gain"]
        place = (r["program__code"], r["efl_code"])
        hours[place] = hours.get(place, Decimal(0)) + (r["hours"] or Decimal(0))
    gains = [
        counting.GainRow(g["code"], key[1], g["n"], g["with"], g["levels"], reasons.get(key, {}))
        for key, g in sorted(groups.items())
    ]
    return gains, hours


def _participants(counted: QuerySet[Enrollment], first: date) -> dict[str, dict[str, int]]:
    """``counting.participants_table`` by GROUP BY (ages from the grouped birth dates)."""
    ages: Counter[str] = Counter()
    for r in counted.values("student__date_of_birth").annotate(n=Count("pk")).order_by():
        ages[counting.age_band(age_on(r["student__date_of_birth"], first))] += r["n"]
    ethnicity: Counter[str] = Counter()
    sex: Counter[str] = Counter()
    for r in (
        counted.values("student__ethnicity", "student__sex").annotate(n=Count("pk")).order_by()
    ):
        ethnicity[r["student__ethnicity"] or "not reported"] += r["n"]
        sex[r["student__sex"] or "not reported"] += r["n"]
    return {"age": dict(ages), "ethnicity": dict(ethnicity), "sex": dict(sex)}


def _funding_hours(enrollments: QuerySet[Enrollment], fiscal_year: int) -> dict[str, Decimal]:
    """Hours of enrollees whose funding code may use state funds, per program (state funding
    is figured from the enrollee date: the hours on and after it).

    Figured as the enrollment's stored total less its hours before the enrollee date: those
    are a few rows per student, read through the (enrollment, day) index, where the hours on
    and after the date would be a scan of every contact hour of the state."""
    before = (
        ContactHour.objects.filter(enrollment=OuterRef("pk"), day__lt=OuterRef("enrollee_on"))
        .order_by()
        .values("enrollment")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    rows = (
        enrollments.filter(
            fiscal_year=fiscal_year,
            enrollee_on__isnull=False,
            funding_code__in=sorted(funding_rules.STATE_FUNDS),
        )
        .annotate(before=Coalesce(Subquery(before), Value(Decimal(0)), output_field=_HOURS))
        .values("program__code")
        .annotate(total=Sum(F("hours_total") - F("before"), output_field=_HOURS))
        .order_by()
    )
    return {r["program__code"]: r["total"] for r in rows if r["total"]}


_HOURS = DecimalField(max_digits=12, decimal_places=2)


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
