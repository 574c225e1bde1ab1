"""Facts for funding rule tests: a CCA's history as a few dated events."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from seats.domain.funding.fees import Fee, course_fee
from seats.domain.funding.tranches import Event, PaymentFacts
from seats.domain.policy import Policy, Tier
from seats.domain.statuses import Status

DENVER = ZoneInfo("America/Denver")
POLICY = Policy(2026).with_overrides({"fee_tier_IV": "680.00"})
FEE: Fee = course_fee(tier=Tier.IV, credit_attempted=Decimal("0.5"), policy=POLICY)  # 340.00


def at(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=DENVER)


def facts(
    status: Status = Status.CONFIRMED,
    *,
    ssid: bool = True,
    confirmed: datetime | None = None,
    closeout: datetime | None = None,
    transcript: datetime | None = None,
    credit_attempted: str = "0.5",
    credit_earned: str | None = None,
) -> PaymentFacts:
    return PaymentFacts(
        cca_id=1,
        status=status,
        has_ssid=ssid,
        credit_attempted=Decimal(credit_attempted),
        credit_earned=Decimal(credit_earned) if credit_earned is not None else None,
        confirmed=Event(confirmed, 10) if confirmed else None,
        closeout=Event(closeout, 20) if closeout else None,
        transcript=Event(transcript, 30) if transcript else None,
    )
