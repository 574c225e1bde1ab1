"""The report figures' pure rules (seats.domain.adulted.summaries): chart bars on one scale,
the WPU per district as the sum of its eligible students' lines, the checklist per program."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from seats.domain.adulted import funding
from seats.domain.adulted.checklist import ITEMS, PERPETUAL
from seats.domain.adulted.summaries import (
    NO_DISTRICT,
    ProgramChecklist,
    WpuLine,
    bars,
    district_totals,
)

D = Decimal
ON = date(2026, 3, 2)


def test_bars_share_one_scale_and_a_small_value_still_shows() -> None:
    got = [(b.label, b.percent) for b in bars([("a", 50), ("b", D("12.5")), ("c", 0), ("d", 1000)])]
    assert got == [("a", 5), ("b", 1), ("c", 0), ("d", 100)]
    assert bars([]) == [] and [b.percent for b in bars([("z", 0)])] == [0]


def _line(district: str, born: date, hours: int, **kw) -> WpuLine:  # type: ignore[no-untyped-def]
    result = funding.wpu_for(
        born=born, on=ON, k12_enrolled=True, graduated=kw.pop("graduated", False), hours=D(hours)
    )
    return WpuLine(
        key=hours,
        program="AE1",
        name="x",
        ssid="",
        district_code=district,
        district=f"District {district}" if district else "",
        age=funding.age_on(born, ON),
        funding_code=None,
        result=result,
    )


def test_a_districts_wpu_is_the_sum_of_its_eligible_students() -> None:
    lines = [
        _line("B", date(2009, 5, 1), 99),  # 0.1000
        _line("B", date(2008, 1, 15), 1000),  # capped: 1
        _line("B", date(2006, 6, 1), 500),  # 19: none
        _line("A", date(2009, 5, 1), 33),  # 0.0333
        _line("", date(2009, 5, 1), 495),  # 0.5000, no district linked
        _line("A", date(2009, 5, 1), 200, graduated=True),  # graduated: none
    ]
    rows = [(d.code, d.students, d.eligible, d.hours, d.wpu) for d in district_totals(lines)]
    assert rows == [
        ("A", 2, 1, D(33), D("0.0333")),
        ("B", 3, 2, D(1099), D("1.1000")),
        ("", 1, 1, D(495), D("0.5000")),
    ]
    assert district_totals(lines)[-1].label == NO_DISTRICT


def test_a_programs_checklist_counts_every_item_of_the_document() -> None:
    p = ProgramChecklist("AE1", "Adult Ed", students=3, with_missing=2)
    p.by_item = Counter({"utah_residency": 2, "current_seop": 1})
    counts = p.item_counts()
    assert [c[0] for c in counts] == list(ITEMS)  # the document's order, all eleven
    assert {c[0]: c[3] for c in counts if c[3]} == {"utah_residency": 2, "current_seop": 1}
    assert {c[0] for c in counts if c[2]} == set(PERPETUAL) and p.complete == 1
