"""Teacher of record (TOR) accountability (issue 11, part 3; the provider manual's "Teacher of
Record (TOR)" and "TOR Accountability Timeline"; R277-726-7(18), (19)).

- The alignment check: a TOR's license areas and endorsements against what the course's core
  code accepts (a table the state loads as data), plus a current background check.
- The timeline's steps and which is due on a day. The dates are policy settings (``Policy``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..i18n import gettext_noop
from ..policy import Policy
from .calendar import on


class Reason(StrEnum):
    NO_REQUIREMENT = "no_requirement"
    LICENSE_AREA = "license_area"
    ENDORSEMENT = "endorsement"
    NO_BACKGROUND_CHECK = "no_background_check"
    BACKGROUND_CHECK_EXPIRED = "background_check_expired"
    NO_BACKGROUND_DOCUMENT = "no_background_document"

    @property
    def label(self) -> str:
        return REASON_LABELS[self]


REASON_LABELS = {
    Reason.NO_REQUIREMENT: gettext_noop(
        "The state's table has no license requirement for this core code"
    ),
    Reason.LICENSE_AREA: gettext_noop(
        "No license area of concentration accepted for this core code"
    ),
    Reason.ENDORSEMENT: gettext_noop("No endorsement accepted for this core code"),
    Reason.NO_BACKGROUND_CHECK: gettext_noop("No background check on record"),
    Reason.BACKGROUND_CHECK_EXPIRED: gettext_noop("The background check is not current"),
    Reason.NO_BACKGROUND_DOCUMENT: gettext_noop(
        "A concurrent enrollment instructor without a K-12 license needs background check "
        "documentation"
    ),
}


def _fold(values: Iterable[str]) -> set[str]:
    return {str(v).strip().casefold() for v in values if str(v).strip()}


@dataclass(frozen=True)
class Requirement:
    """What core code ``core_code`` accepts: any one listed license area and, when endorsements
    are listed, any one of them. An empty list accepts anything for that part."""

    core_code: str
    license_areas: tuple[str, ...] = ()
    endorsements: tuple[str, ...] = ()


@dataclass(frozen=True)
class Educator:
    license_areas: tuple[str, ...]
    endorsements: tuple[str, ...]
    background_check_date: date | None
    concurrent_enrollment: bool = False  # a concurrent enrollment instructor
    background_document: str = ""  # reference to the uploaded documentation

    @property
    def k12_licensed(self) -> bool:
        return bool(_fold(self.license_areas))


def background_current(checked: date | None, *, as_of: date, years: int) -> bool:
    if checked is None or checked > as_of:
        return False
    try:
        limit = checked.replace(year=checked.year + years)
    except ValueError:  # February 29
        limit = date(checked.year + years, 3, 1)
    return as_of < limit


def alignment(
    educator: Educator, requirement: Requirement | None, *, as_of: date, policy: Policy
) -> list[Reason]:
    """Why the assignment is not aligned on ``as_of`` (empty: aligned)."""
    reasons: list[Reason] = []
    ce_without_license = educator.concurrent_enrollment and not educator.k12_licensed
    if requirement is None:
        reasons.append(Reason.NO_REQUIREMENT)
    elif not ce_without_license:
        accepted_areas = _fold(requirement.license_areas)
        if not educator.k12_licensed or (
            accepted_areas and not accepted_areas & _fold(educator.license_areas)
        ):
            reasons.append(Reason.LICENSE_AREA)
        accepted = _fold(requirement.endorsements)
        if accepted and not accepted & _fold(educator.endorsements):
            reasons.append(Reason.ENDORSEMENT)
    if ce_without_license and not educator.background_document.strip():
        reasons.append(Reason.NO_BACKGROUND_DOCUMENT)
    if educator.background_check_date is None:
        reasons.append(Reason.NO_BACKGROUND_CHECK)
    elif not background_current(
        educator.background_check_date, as_of=as_of, years=policy.background_check_years
    ):
        reasons.append(Reason.BACKGROUND_CHECK_EXPIRED)
    return reasons


class Step(StrEnum):
    OPEN = "open"  # July 1: the state distributes the spreadsheet
    SUBMIT = "submit"  # July 15: the provider's completed spreadsheet
    NOTICE = "notice"  # August 15: notices of misaligned TORs
    FINAL_REVIEW = "final_review"  # October 15: final review, holds
    CORRECTIVE_ACTION = "corrective_action"  # on or after October 15, for what is left

    @property
    def label(self) -> str:
        return STEP_LABELS[self]


STEP_LABELS = {
    Step.OPEN: gettext_noop("Spreadsheet distributed"),
    Step.SUBMIT: gettext_noop("Spreadsheet completed"),
    Step.NOTICE: gettext_noop("Notification of misaligned TORs"),
    Step.FINAL_REVIEW: gettext_noop("Final review"),
    Step.CORRECTIVE_ACTION: gettext_noop("Notice of Corrective Action"),
}
STEP_POLICY = {
    Step.OPEN: "tor_spreadsheet_open",
    Step.SUBMIT: "tor_spreadsheet_due",
    Step.NOTICE: "tor_notice",
    Step.FINAL_REVIEW: "tor_final_review",
    Step.CORRECTIVE_ACTION: "tor_final_review",
}


def step_dates(policy: Policy) -> dict[Step, date]:
    return {step: on(policy.school_year, getattr(policy, key)) for step, key in STEP_POLICY.items()}


@dataclass(frozen=True)
class CycleFacts:
    opened_on: date | None
    submitted_on: date | None
    notified_on: date | None
    final_review_on: date | None
    corrective_action_on: date | None
    misaligned: int  # assignments not aligned now


@dataclass(frozen=True)
class StepState:
    step: Step
    due: date
    done_on: date | None
    overdue: bool
    needed: bool = True  # a corrective action is only needed for what the final review left


def step_states(facts: CycleFacts, *, policy: Policy, as_of: date) -> list[StepState]:
    dates = step_dates(policy)
    done = {
        Step.OPEN: facts.opened_on,
        Step.SUBMIT: facts.submitted_on,
        Step.NOTICE: facts.notified_on,
        Step.FINAL_REVIEW: facts.final_review_on,
        Step.CORRECTIVE_ACTION: facts.corrective_action_on,
    }
    out = []
    for step, due in dates.items():
        needed = True
        if step is Step.CORRECTIVE_ACTION:
            needed = facts.final_review_on is not None and facts.misaligned > 0
        out.append(
            StepState(
                step=step,
                due=due,
                done_on=done[step],
                overdue=needed and done[step] is None and as_of > due,
                needed=needed,
            )
        )
    return out


def corrections_open(policy: Policy, as_of: date) -> bool:
    """Between the notice and the final review the provider corrects what was found."""
    dates = step_dates(policy)
    return dates[Step.NOTICE] <= as_of <= dates[Step.FINAL_REVIEW]
