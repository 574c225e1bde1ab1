from __future__ import annotations

from decimal import Decimal

import pytest

from seats.domain.errors import InvalidInput
from seats.domain.reports.figures import (
    GRADE_BANDS,
    distribution,
    grade_band,
    proficiency_level,
    pupil_teacher_ratio,
    summarise,
)


def test_pupil_teacher_ratio():
    assert pupil_teacher_ratio(45, 2) == Decimal("22.5")
    assert pupil_teacher_ratio(10, 3) == Decimal("3.3")
    assert pupil_teacher_ratio(5, 0) is None


def test_grade_bands():
    assert [grade_band(g) for g in ("A-", "b+", "C", "D-", "F", "I", "NG", "P", "A++")] == [
        "A", "B", "C", "D", "F", "I / NG", "I / NG", "Other", "Other",
    ]  # fmt: skip
    assert distribution(["A", "A-", "", "F", "NG"]) == [2, 0, 0, 0, 1, 1, 0]
    assert len(GRADE_BANDS) == 7


def test_proficiency_levels():
    assert proficiency_level("3") == "Proficient"
    assert proficiency_level(" highly proficient ") == "Highly Proficient"
    with pytest.raises(InvalidInput):
        proficiency_level("5")


def test_summary():
    s = summarise("RISE Math 8", [(Decimal(300), "Proficient"), (Decimal(251), "Below Proficient")])
    assert (s.students, s.mean_score, s.levels, s.proficient) == (
        2,
        Decimal("275.5"),
        (1, 0, 1, 0),
        1,
    )
    assert summarise("x", []).mean_score is None
