"""Aggregate days and average daily membership (SPEC 9 reports; R277-419 terms).

* A student's *membership days* are the school days they were in membership (``tenday``).
* *Aggregate days* of a program or school are the sum of its students' counted days.
* *Average daily membership* (ADM) = aggregate days / days in session.
* The cap (``day_cap``, 180): no student counts more than 180 days a year. When the calendar has
  more days in session than the cap, every student's days are prorated to the 180-day year
  (days x 180 / days in session) and ADM divides by 180, so a full-year student is 1.0 ADM on any
  calendar and a partial-year student is the share of the year they were in membership.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .rules import MembershipRules

DAYS_PLACES = Decimal("0.01")
ADM_PLACES = Decimal("0.001")


def counted_days(days: int, days_in_session: int, rules: MembershipRules) -> Decimal:
    """A student's membership days as counted for the year: capped, prorated."""
    if days < 0 or days_in_session < 0:
        raise ValueError("days cannot be negative")
    days = min(days, days_in_session) if days_in_session else 0
    if days_in_session > rules.day_cap:
        value = Decimal(days) * rules.day_cap / Decimal(days_in_session)
        return value.quantize(DAYS_PLACES, ROUND_HALF_UP)
    return Decimal(days)


@dataclass(frozen=True)
class Summary:
    students: int
    membership_days: int  # raw school days in membership, all students
    aggregate_days: Decimal  # counted (capped and prorated)
    days_in_session: int
    counted_session: int  # days in session, capped
    adm: Decimal


def summarize(
    per_student_days: Iterable[int], days_in_session: int, rules: MembershipRules
) -> Summary:
    raw = list(per_student_days)
    aggregate = sum((counted_days(d, days_in_session, rules) for d in raw), Decimal(0))
    session = min(days_in_session, rules.day_cap)
    adm = (aggregate / session).quantize(ADM_PLACES, ROUND_HALF_UP) if session else Decimal(0)
    return Summary(
        students=len(raw),
        membership_days=sum(raw),
        aggregate_days=aggregate,
        days_in_session=days_in_session,
        counted_session=session,
        adm=adm,
    )
