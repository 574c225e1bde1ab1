"""The NRS tables of a program year, from each student's year (002, "National Reporting
System"; issue 12 item 10), and the answer to "why is this student not counted?".

A table counts enrollees (a program counts an enrollee once per fiscal year). Every student of
the year is either counted or has at least one reason: each missing enrollee requirement, and
for the gain columns the reason for no gain (no post-test, post-test too early...).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .enrollee import EnrolleeStatus
from .levels import Levels

RULE = "002: NRS outcome, descriptive and participation measures"

AGE_BANDS = (
    (0, 15, "under 16"),
    (16, 18, "16-18"),
    (19, 24, "19-24"),
    (25, 44, "25-44"),
    (45, 59, "45-59"),
    (60, 200, "60 and older"),
)


def age_band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return AGE_BANDS[-1][2]


@dataclass(frozen=True)
class StudentYear:
    """One student's program year in a program, as the tables read it."""

    key: int | str
    program: str
    name: str
    age: int
    sex: str
    ethnicity: str
    area_of_focus: str
    status: EnrolleeStatus
    efl_code: str  # "" without an EFL
    efl_number: int | None
    efl_ladder: str
    levels_gained: int
    no_gain_reason: str
    hours: Decimal

    @classmethod
    def from_rules(
        cls, *, levels: Levels, status: EnrolleeStatus, hours: Decimal, **person: object
    ) -> StudentYear:
        efl = levels.efl
        return cls(
            status=status,
            efl_code=efl.code if efl else "",
            efl_number=efl.number if efl else None,
            efl_ladder=efl.ladder if efl else "",
            levels_gained=len(levels.gained),
            no_gain_reason=levels.no_gain_reason(),
            hours=hours,
            **person,  # type: ignore[arg-type]
        )


def why_not_counted(s: StudentYear) -> list[str]:
    """Why the student is left out of the year's tables (empty: counted)."""
    return [f"{r.label} missing: {r.missing}" for r in s.status.missing]


def is_counted(s: StudentYear) -> bool:
    return s.status.is_enrollee and s.efl_number is not None


@dataclass(frozen=True)
class GainRow:
    level: str  # the EFL's code
    number: int
    enrollees: int
    with_gain: int
    levels_gained: int
    no_gain: dict[str, int]

    @property
    def percent(self) -> Decimal:
        if not self.enrollees:
            return Decimal(0)
        return (Decimal(100) * self.with_gain / self.enrollees).quantize(Decimal("0.1"))


def efl_gain_table(students: Iterable[StudentYear]) -> list[GainRow]:
    """NRS "educational functioning level gains by entering level", one row per EFL."""
    rows: dict[tuple[str, int], list[StudentYear]] = defaultdict(list)
    for s in students:
        if is_counted(s):
            rows[(s.efl_ladder, s.efl_number)].append(s)  # type: ignore[arg-type]
    out = []
    for (_ladder, number), group in sorted(rows.items()):
        out.append(
            GainRow(
                group[0].efl_code,
                number,
                len(group),
                sum(1 for s in group if s.levels_gained),
                sum(s.levels_gained for s in group),
                dict(Counter(s.no_gain_reason for s in group if not s.levels_gained)),
            )
        )
    return out


def participants_table(students: Iterable[StudentYear]) -> dict[str, dict[str, int]]:
    """NRS participants by age band, by ethnicity and by sex (enrollees)."""
    counted = [s for s in students if is_counted(s)]
    return {
        "age": dict(Counter(age_band(s.age) for s in counted)),
        "ethnicity": dict(Counter(s.ethnicity or "not reported" for s in counted)),
        "sex": dict(Counter(s.sex or "not reported" for s in counted)),
    }


def hours_table(students: Iterable[StudentYear]) -> dict[tuple[str, str], Decimal]:
    """NRS contact hours of enrollees by program and entering level."""
    out: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for s in students:
        if is_counted(s):
            out[(s.program, s.efl_code)] += s.hours
    return dict(out)


def not_counted(students: Sequence[StudentYear]) -> list[tuple[StudentYear, list[str]]]:
    return [(s, why_not_counted(s)) for s in students if not is_counted(s)]
