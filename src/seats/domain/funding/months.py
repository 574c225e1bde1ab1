"""Payment months and the monthly run (Provider Manual "Funding"; R277-726-6(11), (12)).

"Statuses must be updated by the end of business on the 9th to ensure payment that month;
otherwise, payment will be deferred." A qualifying change recorded before the cutoff hour
(``payment_cutoff_hour``, 17:00) on the cutoff day (``payment_cutoff_day``, the 9th), in the
state's time zone (America/Denver), is paid in that month's run; a later one in the next month's.
Run dates follow the Minimum School Program transfer schedule, which the state loads per year.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..errors import InvalidInput
from ..policy import Policy

STATE_TIME_ZONE = "America/Denver"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise InvalidInput(f"{self.month} is not a month (1-12).", field="month")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, text: str) -> Month:
        found = _MONTH.match(str(text).strip())
        if not found or not 1 <= int(found.group(2)) <= 12:
            raise InvalidInput(f"month must look like 2027-02, not {text!r}.", field="month")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def school_year(self) -> int:
        """The school year (July 1 - June 30) the month belongs to, by the year it starts in."""
        return self.year if self.month >= 7 else self.year - 1


@dataclass(frozen=True)
class Cutoff:
    """End of business on the cutoff day, in the state's time zone."""

    day: int = 9
    hour: int = 17
    time_zone: str = STATE_TIME_ZONE

    @classmethod
    def from_policy(cls, policy: Policy, *, time_zone: str = STATE_TIME_ZONE) -> Cutoff:
        return cls(policy.payment_cutoff_day, policy.payment_cutoff_hour, time_zone)

    def moment(self, month: Month) -> datetime:
        return datetime(
            month.year, month.month, self.day, self.hour, tzinfo=ZoneInfo(self.time_zone)
        )

    def describe(self, month: Month) -> str:
        return f"{self.moment(month):%Y-%m-%d %H:%M} {self.time_zone}"

    def payment_month(self, recorded_at: datetime) -> Month:
        """The run a change recorded at ``recorded_at`` (an aware datetime) is paid in."""
        if recorded_at.tzinfo is None:
            raise ValueError("recorded_at must be an aware datetime")
        local = recorded_at.astimezone(ZoneInfo(self.time_zone))
        month = Month.of(local.date())
        return month if local < self.moment(month) else month.next()


@dataclass(frozen=True)
class Schedule:
    """The Minimum School Program transfer dates: the run date of each month (data, per year)."""

    runs: Mapping[Month, date]

    def run_date(self, month: Month) -> date:
        if month not in self.runs:
            known = ", ".join(str(m) for m in sorted(self.runs)) or "none loaded"
            raise InvalidInput(
                f"{month} is not on the Minimum School Program schedule (scheduled: {known}).",
                field="month",
                rule="R277-726-6(12)",
            )
        return self.runs[month]


def check_run(
    *,
    month: Month,
    now: datetime,
    cutoff: Cutoff,
    schedule: Schedule,
    last_posted: Month | None,
) -> date:
    """Refuse a run that may not be posted; return its scheduled date.

    A month must be on the schedule; months are posted in order (a month before the latest
    posted run is closed: what it would have paid goes into the next open run); and a month is
    posted only after its cutoff, when the changes it pays can no longer grow.
    """
    run_date = schedule.run_date(month)
    if last_posted is not None and month < last_posted:
        raise InvalidInput(
            f"{month} is closed: the {last_posted} run is already posted. Amounts that qualified "
            f"since are paid in the next open run.",
            field="month",
            rule="R277-726-6(11)",
        )
    if now < cutoff.moment(month):
        raise InvalidInput(
            f"The {month} run can be posted only after its cutoff, {cutoff.describe(month)}.",
            field="month",
            rule="Provider Manual, Funding",
        )
    return run_date
