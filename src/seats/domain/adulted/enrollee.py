"""Enrollee status (002, "Enrollee", "Enrollee Status"): reached on the date the last of four
requirements is met in the fiscal (program) year July 1 - June 30:

1. at least 12 contact hours (instructional and non-instructional) in the fiscal year;
2. an assessment establishing an Entering Functioning Level;
3. a current SEOP with a defined core goal;
4. a defined funding code.

A program counts an enrollee once per fiscal year (one enrollment per student, program and year);
state funding is figured from the enrollee date. Each requirement says since when it is met, or
what is missing, so a person can act on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..calendars import school_year_bounds

RULE = "002, Section 6: Enrollee; Enrollee Status"

HOURS, EFL, SEOP, FUNDING = "hours", "efl", "seop", "funding_code"
LABELS = {
    HOURS: "12 contact hours in the fiscal year",
    EFL: "an assessment establishing an EFL",
    SEOP: "a current SEOP with a core goal",
    FUNDING: "a funding code",
}


@dataclass(frozen=True)
class Requirement:
    key: str
    met_on: date | None
    missing: str  # what is missing ("" when met)

    @property
    def label(self) -> str:
        return LABELS[self.key]

    @property
    def met(self) -> bool:
        return self.met_on is not None

    def explain(self) -> str:
        if self.met_on:
            return f"{self.label}: met since {self.met_on.isoformat()}"
        return f"{self.label}: missing ({self.missing})"


@dataclass(frozen=True)
class EnrolleeStatus:
    fiscal_year: int
    requirements: tuple[Requirement, ...]

    @property
    def reached_on(self) -> date | None:
        if all(r.met for r in self.requirements):
            return max(r.met_on for r in self.requirements)  # type: ignore[type-var]
        return None

    @property
    def is_enrollee(self) -> bool:
        return self.reached_on is not None

    @property
    def missing(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if not r.met)

    def explain(self) -> list[str]:
        lines = [r.explain() for r in self.requirements]
        if self.reached_on:
            lines.insert(0, f"Enrollee since {self.reached_on.isoformat()}")
        else:
            lines.insert(0, "Not an enrollee yet")
        return lines


def hours_reached_on(
    hours: Iterable[tuple[date, Decimal]], fiscal_year: int, needed: int
) -> tuple[date | None, Decimal]:
    """The day the fiscal year's running total of contact hours reaches ``needed``, and the
    year's total."""
    first, last = school_year_bounds(fiscal_year)
    total = Decimal(0)
    reached = None
    for day, amount in sorted((d, h) for d, h in hours if first <= d <= last):
        total += amount
        if reached is None and total >= needed:
            reached = day
    return reached, total


def enrollee_status(
    *,
    fiscal_year: int,
    hours: Iterable[tuple[date, Decimal]],
    efl_day: date | None,
    seop_core_goal_day: date | None,
    funding_code_day: date | None,
    needed_hours: int = 12,
) -> EnrolleeStatus:
    """Dates outside the fiscal year do not meet a requirement of that year (a funding code set
    earlier is in force from July 1: it is the enrollment's, carried into the year)."""
    reached, total = hours_reached_on(hours, fiscal_year, needed_hours)
    return status_from_dates(
        fiscal_year=fiscal_year,
        hours_on=reached,
        hours_total=total,
        efl_day=efl_day,
        seop_core_goal_day=seop_core_goal_day,
        funding_code_day=funding_code_day,
        needed_hours=needed_hours,
    )


def status_from_dates(
    *,
    fiscal_year: int,
    hours_on: date | None,
    hours_total: Decimal,
    efl_day: date | None,
    seop_core_goal_day: date | None,
    funding_code_day: date | None,
    needed_hours: int = 12,
) -> EnrolleeStatus:
    """The status from each requirement's date (as stored on an enrollment)."""
    first, last = school_year_bounds(fiscal_year)

    def in_year(day: date | None) -> bool:
        return day is not None and first <= day <= last

    reached = hours_on if in_year(hours_on) else None
    reqs = [
        Requirement(
            HOURS,
            reached,
            "" if reached else f"{hours_total} of {needed_hours} contact hours in the fiscal year",
        ),
        Requirement(
            EFL,
            efl_day if in_year(efl_day) else None,
            "" if in_year(efl_day) else "no assessment at intake this year",
        ),
        Requirement(
            SEOP,
            seop_core_goal_day if in_year(seop_core_goal_day) else None,
            "" if in_year(seop_core_goal_day) else "no current SEOP with a core goal",
        ),
    ]
    if funding_code_day is not None and funding_code_day < first:
        funding_code_day = first
    reqs.append(
        Requirement(
            FUNDING,
            funding_code_day if in_year(funding_code_day) else None,
            "" if in_year(funding_code_day) else "no funding code",
        )
    )
    return EnrolleeStatus(fiscal_year, tuple(reqs))
