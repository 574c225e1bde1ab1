"""The NRS tables from students' years, and why a student is not counted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from seats.domain.adulted import counting
from seats.domain.adulted.enrollee import enrollee_status

from .helpers import daily, levels, tabe

D = date(2025, 9, 2)


def year(key, tests, hours, seop=D, code=D, age=30, sex="F", program="P1"):  # type: ignore[no-untyped-def]
    lv = levels(tests, hours, fiscal_year=2025)
    st = enrollee_status(
        fiscal_year=2025,
        hours=hours,
        efl_day=lv.efl_day,
        seop_core_goal_day=seop,
        funding_code_day=code,
    )
    total = sum((h for _, h in hours), Decimal(0))
    return counting.StudentYear.from_rules(
        levels=lv,
        status=st,
        hours=total,
        key=key,
        program=program,
        name=str(key),
        age=age,
        sex=sex,
        ethnicity="",
        area_of_focus="ABE",
    )


def test_tables_and_reasons() -> None:
    hours = daily(date(2025, 9, 3), 20, 3)  # 60 hours
    students = [
        year(1, [tabe(D, "a", reading=400), tabe(date(2025, 11, 3), "b", reading=470)], hours),
        year(
            2,
            [tabe(D, "a", reading=400), tabe(date(2025, 9, 5), "b", reading=470)],
            hours,
            age=17,
            sex="M",
        ),
        year(3, [tabe(D, "a", reading=400)], hours, program="P2"),
        year(4, [tabe(D, "a", reading=400)], hours[:2]),  # 6 hours
        year(5, [], hours),
        year(6, [tabe(D, "a", reading=600)], hours, seop=None, code=None),
    ]
    rows = counting.efl_gain_table(students)
    assert [(r.level, r.enrollees, r.with_gain, r.levels_gained) for r in rows] == [
        ("ABE 2", 3, 1, 1)
    ]
    assert rows[0].no_gain == {"post-test too early": 1, "no post-test": 1}
    assert rows[0].percent == Decimal("33.3")
    assert counting.participants_table(students) == {
        "age": {"25-44": 2, "16-18": 1},
        "ethnicity": {"not reported": 3},
        "sex": {"F": 2, "M": 1},
    }
    assert counting.hours_table(students) == {
        ("P1", "ABE 2"): Decimal(120),
        ("P2", "ABE 2"): Decimal(60),
    }
    why = {s.key: reasons for s, reasons in counting.not_counted(students)}
    assert why[4] == [
        "12 contact hours in the fiscal year missing: 6 of 12 contact hours in the fiscal year"
    ]
    assert why[5] == [
        "an assessment establishing an EFL missing: no assessment at intake this year"
    ]
    assert len(why[6]) == 2 and "core goal" in why[6][0] and "funding code" in why[6][1]
    assert counting.age_band(15) == "under 16" and counting.age_band(60) == "60 and older"
