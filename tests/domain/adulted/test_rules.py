"""Funding codes, the 990-hour WPU, the checklist and the contact-hour edit checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seats.domain.adulted import checklist, funding, hours
from seats.domain.errors import InvalidInput


@pytest.mark.parametrize("code", range(1, 10))
def test_funding_codes(code: int) -> None:
    assert funding.may_use_state_funds(code) is (code in {2, 3, 6, 7})
    assert funding.pays_tuition_through_wpu(code) is (code in {4, 5, 8})
    assert ("may not use state funds" in funding.describe(code)) is (code in {1, 4, 5, 8, 9})


@pytest.mark.parametrize("bad", [0, 10, -1, True, "2", 2.0])
def test_a_funding_code_is_one_to_nine(bad: object) -> None:
    with pytest.raises(InvalidInput, match="1 to 9"):
        funding.check_code(bad)  # type: ignore[arg-type]


BORN = date(2009, 3, 15)  # 16 on 2025-03-15, 19 on 2028-03-15


def wpu(hours_: str, on: date = date(2025, 9, 1), **kw: bool) -> funding.WpuResult:
    facts = {"k12_enrolled": True, "graduated": False, **kw}
    return funding.wpu_for(born=BORN, on=on, hours=Decimal(hours_), **facts)


def test_990_clock_hours_make_one_wpu_prorated_and_capped() -> None:
    assert wpu("990").wpu == Decimal("1.0000")
    assert wpu("1200").wpu == Decimal("1.0000")
    assert wpu("495").wpu == Decimal("0.5000")
    assert wpu("100").wpu == Decimal("0.1010")
    assert wpu("0").wpu == 0
    assert "part time, prorated" in wpu("495").reason


def test_the_wpu_follows_only_k12_students_aged_16_to_18_not_graduated() -> None:
    assert not wpu("500", on=date(2025, 3, 14)).eligible  # 15
    assert wpu("500", on=date(2025, 3, 15)).eligible  # 16
    assert wpu("500", on=date(2028, 3, 14)).eligible  # 18
    assert "aged 19" in wpu("500", on=date(2028, 3, 15)).reason
    assert not wpu("500", k12_enrolled=False).eligible
    assert wpu("500", graduated=True).reason == "graduated from high school"
    assert funding.total_wpu([wpu("495"), wpu("990"), wpu("500", graduated=True)]) == Decimal("1.5")


def test_the_checklist_has_the_documents_four_and_seven_records() -> None:
    assert len(checklist.CURRENT_YEAR) == 4 and len(checklist.PERPETUAL) == 7
    states = checklist.checklist(
        [
            checklist.Received("current_seop", date(2025, 8, 1), "pat"),
            checklist.Received("release_of_information", date(2024, 8, 1), "pat"),  # last year
            checklist.Received("utah_residency", date(2019, 1, 1), "lee"),  # perpetual
            checklist.Received("ged_score_report", None, "lee", not_applicable="not passed"),
            checklist.Received("unknown", date(2025, 8, 1)),
        ],
        fiscal_year=2025,
    )
    by = {s.item: s for s in states}
    assert list(by) == list(checklist.ITEMS)
    assert by["current_seop"].state == "received" and by["current_seop"].checked_by == "pat"
    assert by["release_of_information"].state == "missing"
    assert by["utah_residency"].state == "received"
    assert by["ged_score_report"].state == "not_applicable"
    assert len(checklist.missing(states)) == 11 - 3


def test_minutes_make_whole_contact_hours_of_45_minutes() -> None:
    assert hours.contact_hours(44) == 0
    assert hours.contact_hours(45) == 1
    assert hours.contact_hours(89) == 1
    assert hours.contact_hours(90) == 2
    assert hours.contact_hours(60, hour_minutes=60) == 1
    with pytest.raises(InvalidInput):
        hours.contact_hours(-5)


TODAY = date(2025, 10, 1)


def check(day: date, total: str = "3", entry=date(2025, 9, 1), exit=None):  # type: ignore[no-untyped-def]
    hours.check_day(
        day=day, today=TODAY, entry=entry, exit=exit, day_total=Decimal(total), max_day_hours=10
    )


def test_edit_checks_at_entry() -> None:
    check(date(2025, 9, 1))
    check(date(2025, 9, 30), total="10")
    with pytest.raises(InvalidInput, match="before the entry date"):
        check(date(2025, 8, 31))
    with pytest.raises(InvalidInput, match="after the exit date"):
        check(date(2025, 9, 21), exit=date(2025, 9, 20))
    with pytest.raises(InvalidInput, match="in the future"):
        check(date(2025, 10, 2))
    with pytest.raises(InvalidInput, match="more than the 10 a day"):
        check(date(2025, 9, 2), total="11")
    with pytest.raises(InvalidInput, match="whole number"):
        hours.check_hours(Decimal("1.5"))


def test_test_dates() -> None:
    hours.check_test_day(day=TODAY, born=BORN, today=TODAY)
    with pytest.raises(InvalidInput, match="in the future"):
        hours.check_test_day(day=date(2025, 10, 2), born=BORN, today=TODAY)
    with pytest.raises(InvalidInput, match="before the student's birth date"):
        hours.check_test_day(day=date(2009, 3, 14), born=BORN, today=TODAY)
