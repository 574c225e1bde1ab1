"""The clock of a provider's request to correct a mistaken Not Confirmed Closed (SPEC 3.2, 3.3;
Provider Manual, Active Participation): the provider asks within ``correction_request_days``
business days of setting it, and the state answers within ``correction_decision_days`` business
days of the request. Both lengths are policy; the calendar is the state's business calendar."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from .calendars import BusinessCalendar
from .policy import Policy

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CorrectionClock:
    closed_on: date  # when Not Confirmed Closed was set
    requested_on: date
    ask_by: date  # the provider's last day to ask
    answer_by: date  # the state's last day to grant or deny
    in_time: bool  # asked by ``ask_by``: only then may the state grant it
    overdue: bool  # the state has not answered by ``answer_by``
    business_days_left: int  # until ``answer_by`` (0 on the day, negative once late)


def correction_clock(
    *,
    closed_on: date,
    requested_on: date,
    policy: Policy,
    business: BusinessCalendar,
    today: date,
) -> CorrectionClock:
    ask_by = business.add_business_days(closed_on, policy.correction_request_days)
    answer_by = business.add_business_days(requested_on, policy.correction_decision_days)
    if today <= answer_by:
        left = business.business_days_between(today, answer_by)
    else:
        left = -business.business_days_between(answer_by, today)
    return CorrectionClock(
        closed_on=closed_on,
        requested_on=requested_on,
        ask_by=ask_by,
        answer_by=answer_by,
        in_time=requested_on <= ask_by,
        overdue=today > answer_by,
        business_days_left=left,
    )


def worklist_order(rows: Iterable[tuple[T, CorrectionClock]]) -> list[tuple[T, CorrectionClock]]:
    """Overdue requests first, then by the day the answer is due, then the oldest request."""
    return sorted(rows, key=lambda row: (not row[1].overdue, row[1].answer_by, row[1].requested_on))
