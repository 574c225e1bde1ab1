"""The provider's course completion rate (SPEC 7; Provider Manual, "Mandatory Minimum Rate of
Completion": at least 80%), timely and extended.

Which statuses count is data: ``COUNTING`` says, for each status, what it is in the timely rate
and in the extended rate. The page that explains the rate shows this table as it is. It refines
``seats.domain.statuses`` (whose ``completion`` column says the same for the closed statuses, a
test checks they agree) with the one temporary status, Anticipated Late Pass: not completed in
time (it counts against the timely rate) and not decided yet for the extended rate (it enters
that rate when it is finalized as Late Pass or another closeout).

- timely rate = Pass All Complete / every CCA counted for the timely rate
- extended rate = (Pass All Complete + Late Pass) / every CCA counted for the extended rate

Withdrawals inside the withdrawal period, after it, losses of eligibility, Not Confirmed Closed,
and every open or pre-enrollment status are not counted in either rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from seats.domain.i18n import gettext_noop
from seats.domain.statuses import Status


class Counts(StrEnum):
    """What a status is in one rate."""

    COMPLETED = "completed"  # in the numerator and the denominator
    NOT_COMPLETED = "not_completed"  # in the denominator only: it pulls the rate down
    NOT_COUNTED = "not_counted"  # in neither


_C, _X, _N = Counts.COMPLETED, Counts.NOT_COMPLETED, Counts.NOT_COUNTED

#: status -> (timely rate, extended rate). Every status not listed counts in neither rate.
COUNTING: dict[Status, tuple[Counts, Counts]] = {
    Status.PASS_ALL_COMPLETE: (_C, _C),
    Status.LATE_PASS: (_X, _C),
    Status.ANTICIPATED_LATE_PASS: (_X, _N),
    Status.COMPLETED_GRADE_TOO_LOW: (_X, _X),
    Status.FAILED_TO_COMPLETE: (_X, _X),
    Status.QUARTER_EARNED_NOT_PASSING: (_X, _X),
}

#: Why a status counts the way it does (shown next to the table).
WHY: dict[Status, str] = {
    Status.PASS_ALL_COMPLETE: gettext_noop("passing grade by June 30"),
    Status.LATE_PASS: gettext_noop(
        "passing grade after June 30, before graduation: extended completion"
    ),
    Status.ANTICIPATED_LATE_PASS: gettext_noop(
        "still working after June 30: not completed in time; enters the extended rate when it "
        "is finalized"
    ),
    Status.COMPLETED_GRADE_TOO_LOW: gettext_noop("completed with a grade too low for credit (F)"),
    Status.FAILED_TO_COMPLETE: gettext_noop("did not complete (I, NG)"),
    Status.QUARTER_EARNED_NOT_PASSING: gettext_noop("0.25 earned, the remainder not passed"),
}


def counting(status: Status) -> tuple[Counts, Counts]:
    return COUNTING.get(status, (_N, _N))


def counted_statuses(*, extended: bool) -> frozenset[Status]:
    """The statuses in the denominator of the timely (or extended) rate."""
    i = 1 if extended else 0
    return frozenset(s for s, c in COUNTING.items() if c[i] is not _N)


def completed_statuses(*, extended: bool) -> frozenset[Status]:
    i = 1 if extended else 0
    return frozenset(s for s, c in COUNTING.items() if c[i] is _C)


def against_statuses(*, extended: bool) -> frozenset[Status]:
    """The statuses that pull the rate down."""
    i = 1 if extended else 0
    return frozenset(s for s, c in COUNTING.items() if c[i] is _X)


@dataclass(frozen=True)
class Rate:
    completed: int
    counted: int

    @property
    def not_completed(self) -> int:
        return self.counted - self.completed

    @property
    def percent(self) -> Decimal | None:
        """The rate in percent to one decimal (None when nothing counts yet)."""
        if not self.counted:
            return None
        exact = Decimal(self.completed * 100) / Decimal(self.counted)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def below(self, minimum: Decimal) -> bool:
        """Under the minimum (exactly, not after rounding); a rate of nothing is not under."""
        return bool(self.counted) and self.completed * 100 < minimum * self.counted


@dataclass(frozen=True)
class Rates:
    timely: Rate
    extended: Rate
    open: int = 0  # counted CCAs still open (Confirmed): they enter the rates when they close

    def below(self, minimum: Decimal) -> bool:
        """The provider is under the minimum: its extended rate (every completion before
        graduation counts, the manual's "rate of completion") is under ``minimum``."""
        return self.extended.below(minimum)


def rates(counts: Mapping[Status, int]) -> Rates:
    """Both rates from a count of CCAs per status."""

    def rate(i: int) -> Rate:
        done = sum(n for s, n in counts.items() if counting(s)[i] is _C)
        counted = sum(n for s, n in counts.items() if counting(s)[i] is not _N)
        return Rate(done, counted)

    still_open = counts.get(Status.CONFIRMED, 0)
    return Rates(rate(0), rate(1), still_open)


def add(parts: Iterable[Mapping[Status, int]]) -> dict[Status, int]:
    total: dict[Status, int] = {}
    for part in parts:
        for status, n in part.items():
            total[status] = total.get(status, 0) + n
    return total
