"""Payment months, the cutoff, the MSP schedule and fees (Provider Manual "Funding", "Fees")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from seats.domain.errors import InvalidInput
from seats.domain.funding.fees import (
    check_fee_table,
    course_fee,
    fee_for_categories,
    parse_percent,
    roll_forward,
)
from seats.domain.funding.money import parse_amount, split_fee
from seats.domain.funding.months import Cutoff, Month, Schedule, check_run
from seats.domain.policy import Policy, Tier

DENVER = ZoneInfo("America/Denver")
UTC = ZoneInfo("UTC")
CUTOFF = Cutoff()


def denver(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=DENVER)


@pytest.mark.parametrize(
    ("recorded", "month"),
    [
        (denver(2027, 2, 9, 16, 59), Month(2027, 2)),
        (denver(2027, 2, 9, 17, 0), Month(2027, 3)),
        (denver(2027, 2, 9, 17, 1), Month(2027, 3)),
        (denver(2027, 2, 10, 8, 0), Month(2027, 3)),
        (denver(2027, 2, 1, 0, 0), Month(2027, 2)),
        (denver(2027, 6, 30, 12, 0), Month(2027, 7)),  # June 30 closeout: the July run
        (denver(2027, 8, 1, 12, 0), Month(2027, 8)),  # the late-pass deadline: August's run
        (denver(2026, 12, 20), Month(2027, 1)),  # December after the 9th: January next year
    ],
)
def test_payment_month_follows_the_cutoff_in_denver(recorded: datetime, month: Month) -> None:
    assert CUTOFF.payment_month(recorded) == month


def test_the_cutoff_is_read_in_denver_not_utc() -> None:
    # 23:30 UTC on the 9th is 16:30 in Denver in winter (MST, UTC-7): still on time.
    assert CUTOFF.payment_month(datetime(2027, 2, 9, 23, 30, tzinfo=UTC)) == Month(2027, 2)
    # 00:30 UTC on the 10th is 17:30 on the 9th in Denver: deferred.
    assert CUTOFF.payment_month(datetime(2027, 2, 10, 0, 30, tzinfo=UTC)) == Month(2027, 3)
    # Summer (MDT, UTC-6): 22:59 UTC is 16:59 Denver; 23:01 UTC is 17:01.
    assert CUTOFF.payment_month(datetime(2027, 7, 9, 22, 59, tzinfo=UTC)) == Month(2027, 7)
    assert CUTOFF.payment_month(datetime(2027, 7, 9, 23, 1, tzinfo=UTC)) == Month(2027, 8)


def test_cutoff_day_and_hour_are_policy_settings() -> None:
    policy = Policy(2026).with_overrides({"payment_cutoff_day": "12", "payment_cutoff_hour": "9"})
    cutoff = Cutoff.from_policy(policy)
    assert (cutoff.day, cutoff.hour) == (12, 9)
    assert cutoff.payment_month(denver(2027, 2, 12, 8, 59)) == Month(2027, 2)
    assert cutoff.payment_month(denver(2027, 2, 12, 9, 0)) == Month(2027, 3)
    assert policy.source("payment_cutoff_hour") == "policy setting"
    with pytest.raises(InvalidInput, match="between 0 and 23"):
        Policy(2026).with_overrides({"payment_cutoff_hour": "24"})


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        CUTOFF.payment_month(datetime(2027, 2, 9, 12))


def test_month_parsing_and_school_year() -> None:
    assert Month.parse(" 2027-02 ") == Month(2027, 2)
    assert str(Month(2027, 2)) == "2027-02"
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2027, 6).school_year == 2026 and Month(2027, 7).school_year == 2027
    for bad in ("2027-13", "2027-00", "Feb 2027", "2027-2", ""):
        with pytest.raises(InvalidInput) as caught:
            Month.parse(bad)
        assert caught.value.field == "month"


SCHEDULE = Schedule({Month(2027, 1): date(2027, 1, 20), Month(2027, 2): date(2027, 2, 19)})


def test_check_run_refuses_unknown_closed_and_early_months() -> None:
    now = denver(2027, 2, 19)
    assert check_run(
        month=Month(2027, 2), now=now, cutoff=CUTOFF, schedule=SCHEDULE, last_posted=None
    ) == date(2027, 2, 19)
    with pytest.raises(InvalidInput, match="not on the Minimum School Program schedule") as err:
        check_run(month=Month(2027, 3), now=now, cutoff=CUTOFF, schedule=SCHEDULE, last_posted=None)
    assert err.value.field == "month" and err.value.rule == "R277-726-6(12)"
    with pytest.raises(InvalidInput, match="2027-01 is closed"):
        check_run(
            month=Month(2027, 1),
            now=now,
            cutoff=CUTOFF,
            schedule=SCHEDULE,
            last_posted=Month(2027, 2),
        )
    with pytest.raises(InvalidInput, match="only after its cutoff, 2027-02-09 17:00"):
        check_run(
            month=Month(2027, 2),
            now=denver(2027, 2, 9, 16, 59),
            cutoff=CUTOFF,
            schedule=SCHEDULE,
            last_posted=None,
        )


def test_fee_is_tier_per_credit_times_credit_attempted() -> None:
    policy = Policy(2026).with_overrides({"fee_tier_III": "566.00"}, source="table of 2026")
    fee = course_fee(tier=Tier.III, credit_attempted=Decimal("0.5"), policy=policy)
    assert fee.amount == Decimal("283.00") and fee.per_credit == Decimal("566.00")
    assert fee.source == "table of 2026"
    assert fee.explain() == "Tier III: 566.00 per credit (table of 2026) x 0.5 credit = 283.00"


def test_a_course_in_several_categories_takes_the_lowest_tier() -> None:
    fee = fee_for_categories(
        categories=["Math", "Financial Literacy"],
        credit_attempted=Decimal("1.0"),
        policy=Policy(2026),
    )
    assert fee.tier is Tier.I and fee.amount == Policy(2026).fees[Tier.I]


def test_fees_are_cents_exact_and_halves_add_up() -> None:
    policy = Policy(2026).with_overrides({"fee_tier_I": "348.10"})
    fee = course_fee(tier="I", credit_attempted=Decimal("0.25"), policy=policy)
    assert fee.amount == Decimal("87.03")  # 87.025 rounds half up
    first, second = split_fee(fee.amount)
    assert (first, second) == (Decimal("43.52"), Decimal("43.51"))
    assert first + second == fee.amount


def test_fee_table_must_name_every_tier_with_a_non_negative_amount() -> None:
    good = {
        "fee_tier_I": "348",
        "fee_tier_II": "454.00",
        "fee_tier_III": 566,
        "fee_tier_IV": "680.5",
    }
    assert check_fee_table(good)[Tier.IV] == Decimal("680.50")
    with pytest.raises(InvalidInput, match="no amount for Tier III") as err:
        check_fee_table({k: v for k, v in good.items() if k != "fee_tier_III"})
    assert err.value.field == "fee_tier_III"
    with pytest.raises(InvalidInput, match="cannot be negative") as err:
        check_fee_table({**good, "fee_tier_II": "-1"})
    assert err.value.field == "fee_tier_II"
    with pytest.raises(InvalidInput, match="Unknown fee table key"):
        check_fee_table({**good, "fee_tier_V": "1"})
    for bad in ("1.001", "abc", "NaN", 1.5, True):
        with pytest.raises(InvalidInput):
            parse_amount(bad, field="fee_tier_I")


def test_roll_forward_by_the_wpu_increase() -> None:
    table = Policy(2026).fees
    rolled = roll_forward(table, increase_percent=parse_percent("4.0%"))
    assert rolled[Tier.I] == Decimal("361.92")  # 348.00 x 1.04
    assert rolled[Tier.IV] == Decimal("707.20")
    assert parse_percent("2.5") == Decimal("2.5")
    for bad in ("four", "150%", "-60%"):
        with pytest.raises(InvalidInput) as err:
            parse_percent(bad)
        assert err.value.field == "wpu_increase"
