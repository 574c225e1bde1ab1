"""Fee tables: entered, rolled forward by the WPU increase (previewed before saved), refused
with the field named when a tier is missing or an amount negative; fees explain their source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seats.core.models import PolicySetting
from seats.core.services.policy import policy_for
from seats.domain.errors import InvalidInput, NotPermitted
from seats.domain.policy import Tier
from seats.domain.roles import Role
from seats.funding.services.fees import set_fee_table
from tests.factories import build_world

from .helpers import SYSTEM

pytestmark = pytest.mark.django_db
DAY = date(2026, 4, 1)
TABLE = {"fee_tier_I": "350", "fee_tier_II": "460", "fee_tier_III": "570", "fee_tier_IV": "690"}


def fees(*args: str) -> str:
    out = StringIO()
    call_command("fees", *args, stdout=out)
    return out.getvalue()


def test_set_a_table_and_roll_it_forward() -> None:
    set_fee_table(
        actor=SYSTEM, school_year=2026, values=TABLE, effective_on=DAY, reason="SY2026-27 table"
    )
    assert policy_for(2026, as_of=DAY).fees[Tier.IV] == Decimal("690.00")
    preview = fees(
        "roll-forward",
        "--from",
        "2026",
        "--to",
        "2027",
        "--wpu-increase",
        "4.0%",
        "--effective-on",
        "2026-04-01",
    )
    assert "Tier IV: 690.00 -> 717.60" in preview and "Preview only: nothing saved" in preview
    assert not PolicySetting.objects.filter(school_year=2027).exists()
    saved = fees(
        "roll-forward",
        "--from",
        "2026",
        "--to",
        "2027",
        "--wpu-increase",
        "4.0%",
        "--effective-on",
        "2026-04-01",
        "--save",
    )
    assert "Saved as dated policy settings" in saved
    policy = policy_for(2027, as_of=DAY)
    assert policy.fees[Tier.I] == Decimal("364.00")
    assert "rolled forward by the WPU increase of 4.0%" in policy.source("fee_tier_I")
    assert "Tier I: 364.00" in fees("show", "--year", "2027")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {k: v for k, v in TABLE.items() if k != "fee_tier_II"},
            "fee_tier_II",
            "no amount for Tier II",
        ),
        ({**TABLE, "fee_tier_III": "-5"}, "fee_tier_III", "cannot be negative"),
        ({**TABLE, "fee_tier_I": "abc"}, "fee_tier_I", "must be an amount"),
    ],
)
def test_a_bad_table_is_refused_and_nothing_written(values, field, message) -> None:
    with pytest.raises(InvalidInput, match=message) as err:
        set_fee_table(actor=SYSTEM, school_year=2026, values=values, effective_on=DAY, reason="x")
    assert err.value.field == field
    assert not PolicySetting.objects.exists()


def test_only_a_state_administrator_sets_fees() -> None:
    world = build_world()
    with pytest.raises(NotPermitted):
        set_fee_table(
            actor=world.actor(Role.PROVIDER_ADMIN),
            school_year=2026,
            values=TABLE,
            effective_on=DAY,
            reason="x",
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026", "--to", "2028", "--wpu-increase", "4%"), "--to: Fees roll forward one"),
        (("--from", "2026", "--to", "2027", "--wpu-increase", "four"), "--wpu-increase: wpu_inc"),
        (("--from", "1990", "--to", "1991", "--wpu-increase", "4%"), "--from: from_year must"),
    ],
)
def test_roll_forward_bad_input(args, message) -> None:
    with pytest.raises(CommandError) as err:
        fees("roll-forward", *args, "--save")
    assert message in str(err.value)
    assert not PolicySetting.objects.exists()
