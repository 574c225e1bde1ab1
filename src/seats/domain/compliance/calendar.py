"""The yearly provider cycle as dated obligations (issue 11, part 4; the provider manual's "TOR
Accountability Timeline", "SEATS Course Request Spreadsheet", "Online Provider Agreement
Renewal" and "Monitoring and Annual Report"; R277-726-7(11), (18)).

Every date is a policy setting of the school year (seats.domain.policy), never a constant here:
this module only says which setting each obligation reads and how a month-day becomes a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..i18n import gettext_noop
from ..policy import MonthDay, Policy


class Obligation(StrEnum):
    TOR_SPREADSHEET = "tor_spreadsheet"
    TEACHING_ASSIGNMENTS = "teaching_assignments"
    COURSE_REQUEST = "course_request"
    ANNUAL_RENEWAL = "annual_renewal"
    MONITORING_VISIT = "monitoring_visit"

    @property
    def label(self) -> str:
        return OBLIGATIONS[self].label


@dataclass(frozen=True)
class ObligationInfo:
    label: str
    policy_key: str  # the Policy field holding the due date
    source: str
    opens_key: str = ""  # the Policy field of the day it opens, if any


OBLIGATIONS: dict[Obligation, ObligationInfo] = {
    Obligation.TOR_SPREADSHEET: ObligationInfo(
        gettext_noop("Proposed Course and TOR spreadsheet"),
        "tor_spreadsheet_due",
        "Provider Manual, TOR Accountability Timeline",
        "tor_spreadsheet_open",
    ),
    Obligation.TEACHING_ASSIGNMENTS: ObligationInfo(
        gettext_noop("Teaching assignments recorded in CACTUS/USIMS"),
        "teaching_assignments_due",
        "Provider Manual, Educator Requirements; R277-726-7(18)",
    ),
    Obligation.COURSE_REQUEST: ObligationInfo(
        gettext_noop("Course Request Spreadsheet (next year's catalog)"),
        "course_request_due",
        "Provider Manual, SEATS Course Request Spreadsheet; R277-726-7(11)",
        "course_request_open",
    ),
    Obligation.ANNUAL_RENEWAL: ObligationInfo(
        gettext_noop("Online Provider Renewal Application"),
        "annual_renewal_due",
        "Provider Manual, Online Provider Agreement Renewal",
    ),
    Obligation.MONITORING_VISIT: ObligationInfo(
        gettext_noop("Spring monitoring site visit"),
        "monitoring_visit",
        "Provider Manual, Monitoring and Annual Report",
    ),
}


def on(school_year: int, day: MonthDay) -> date:
    """The date of ``day`` in school year ``school_year`` (July 1 of that year to June 30)."""
    year = school_year if (day.month, day.day) >= (7, 1) else school_year + 1
    return date(year, day.month, day.day)


def school_year_of(day: date) -> int:
    return day.year if (day.month, day.day) >= (7, 1) else day.year - 1


class State(StrEnum):
    DONE = "done"
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"  # inside the reminder window
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Dated:
    obligation: Obligation
    school_year: int
    due: date
    opens: date | None
    remind_on: date
    source: str

    @property
    def label(self) -> str:
        return self.obligation.label

    def state(self, *, done_on: date | None, as_of: date) -> State:
        if done_on is not None:
            return State.DONE
        if as_of > self.due:
            return State.OVERDUE
        return State.DUE_SOON if as_of >= self.remind_on else State.UPCOMING


def calendar(policy: Policy) -> list[Dated]:
    """Every obligation of ``policy.school_year`` with its dates, in date order."""
    out = []
    for kind, info in OBLIGATIONS.items():
        due = on(policy.school_year, getattr(policy, info.policy_key))
        opens = on(policy.school_year, getattr(policy, info.opens_key)) if info.opens_key else None
        remind = due - timedelta(days=policy.compliance_reminder_days)
        out.append(
            Dated(
                obligation=kind,
                school_year=policy.school_year,
                due=due,
                opens=opens,
                remind_on=max(remind, opens) if opens else remind,
                source=f"{info.source}; policy setting {info.policy_key} "
                f"({policy.source(info.policy_key)})",
            )
        )
    return sorted(out, key=lambda d: (d.due, d.obligation.value))
