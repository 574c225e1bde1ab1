"""The annual report's other figures (Provider Manual, "Annual Report on Online Providers"):
the pupil-teacher ratio, grade distributions per course and statewide assessment summaries.

Pupil-teacher ratio = students / teachers, where

- students = distinct students with at least one of the provider's CCAs of the school year that
  reached Confirmed (a status on the payment path: Confirmed, Anticipated Late Pass, or a
  closeout after Confirmed): the students the provider actually taught;
- teachers = distinct teachers of record assigned to those CCAs (each CCA names its TOR, which
  the provider must give before Confirmed).

It is written "N to 1", N to one decimal; with no teacher it is not defined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from seats.domain.errors import InvalidInput
from seats.domain.i18n import gettext_noop


def pupil_teacher_ratio(students: int, teachers: int) -> Decimal | None:
    if teachers <= 0:
        return None
    return (Decimal(students) / Decimal(teachers)).quantize(Decimal("0.1"), ROUND_HALF_UP)


#: The grade distribution's columns, in order. A final grade falls in the band of its letter
#: (A+, A, A- are A); I and NG are one band; P (pass) and anything else fall in "Other".
GRADE_BANDS: tuple[str, ...] = ("A", "B", "C", "D", "F", "I / NG", gettext_noop("Other"))


def grade_band(final_grade: str) -> str:
    grade = final_grade.strip().upper()
    if grade in {"I", "NG"}:
        return "I / NG"
    if grade[:1] in {"A", "B", "C", "D"} and grade[1:] in {"", "+", "-"}:
        return grade[:1]
    if grade in {"F", "E"}:
        return "F"
    return "Other"


def distribution(grades: Iterable[str]) -> list[int]:
    """Counts per band of ``GRADE_BANDS`` (empty grades are not counted)."""
    counts = dict.fromkeys(GRADE_BANDS, 0)
    for g in grades:
        if g.strip():
            counts[grade_band(g)] += 1
    return [counts[b] for b in GRADE_BANDS]


#: Statewide assessment proficiency levels (the RISE / Utah Aspire Plus reporting levels).
PROFICIENCY_LEVELS: tuple[str, ...] = (
    gettext_noop("Below Proficient"),
    gettext_noop("Approaching Proficient"),
    gettext_noop("Proficient"),
    gettext_noop("Highly Proficient"),
)
_LEVEL_ALIASES = {
    **{str(i): level for i, level in enumerate(PROFICIENCY_LEVELS, 1)},
    **{level.lower(): level for level in PROFICIENCY_LEVELS},
    "below": PROFICIENCY_LEVELS[0],
    "approaching": PROFICIENCY_LEVELS[1],
    "highly": PROFICIENCY_LEVELS[3],
}
PROFICIENT = frozenset(PROFICIENCY_LEVELS[2:])


def proficiency_level(text: str) -> str:
    """The level named by ``text`` (1-4 or the level's name, any case); else InvalidInput."""
    level = _LEVEL_ALIASES.get(text.strip().lower())
    if level is None:
        raise InvalidInput(
            f"{text!r} is not a proficiency level: use 1-4 or one of "
            f"{', '.join(PROFICIENCY_LEVELS)}.",
            field="proficiency",
        )
    return level


@dataclass(frozen=True)
class TestSummary:
    test: str
    students: int
    mean_score: Decimal | None
    levels: tuple[int, ...]  # counts per PROFICIENCY_LEVELS

    @property
    def proficient(self) -> int:
        return sum(
            n for lvl, n in zip(PROFICIENCY_LEVELS, self.levels, strict=True) if lvl in PROFICIENT
        )


def summarise(test: str, scores: Iterable[tuple[Decimal, str]]) -> TestSummary:
    """One test's summary from (score, level) per student (the student's latest score)."""
    rows = list(scores)
    counts = dict.fromkeys(PROFICIENCY_LEVELS, 0)
    for _, level in rows:
        counts[level] += 1
    mean = (
        (sum((s for s, _ in rows), Decimal(0)) / len(rows)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if rows
        else None
    )
    return TestSummary(test, len(rows), mean, tuple(counts[lvl] for lvl in PROFICIENCY_LEVELS))
