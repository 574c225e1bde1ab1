"""Whose turn it is on a CCA, as each side reads it (SPEC 3.3; issue 9, section 3).

One pure function, ``whose_turn``, answers "who must act now?" from the CCA's status and the
decisions already recorded on it, for the side reading it: the primary LEA, the provider, the
primary school's counselor, the family or the state. It returns a phrase key; ``PHRASES`` holds
each key's English words (marked for the catalogue with the domain's ``gettext_noop``), which
the web layer translates. The queue rows, the CCA page and My courses all read it, so a Pending
Execution request the LEA already approved never looks like one still waiting for the LEA.

What is said:

- Pending Execution: the LEA and the provider decide independently. Each side is told whether
  it is the one waiting ("waiting for you"), whether its own decision is in ("approved by you,
  waiting for the provider"), and the provider is told that it cannot accept before the
  family's local registration. When both have agreed, the Notice of Enrollment follows.
- Enrollment Complete: the provider confirms participation (or closes) after the Day of Census.
- Confirmed, Anticipated Late Pass: the student takes the course; the provider reports the
  result.
- A closed CCA with a final grade and no transcript yet: the provider sends the transcript.
- Not Confirmed Closed with a correction asked of the state: the state decides.
- Anything else final: nobody has to act.

An optional right (the LEA's cancellation of a notice the state issued on its silence, a
provider's correction request) is never someone's turn: it is shown as "may ... until".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .i18n import gettext_noop
from .statuses import FINAL_GRADE_STATUSES, PAID_THROUGH_CONFIRMED, TERMINAL, Status


class Side(StrEnum):
    """Who reads the CCA: the party a role acts for, as far as whose turn is concerned."""

    LEA = "lea"
    PROVIDER = "provider"
    COUNSELOR = "counselor"  # the primary school's counselor or registrar
    FAMILY = "family"
    STATE = "state"  # state staff and the auditor


@dataclass(frozen=True, slots=True)
class TurnFacts:
    """What a CCA row already records: every field is a column of the CCA itself, so a list
    answers whose turn it is without reading anything per row."""

    status: Status
    lea_decision: str = ""  # "", "approved" or "rejected"
    provider_decision: str = ""
    registration_complete: bool = False  # the family's local registration with the provider
    reviewed: bool = False  # the counselor answered the SEOP/PCCR question
    correction_requested: bool = False  # Not Confirmed Closed: the provider asked the state
    transcript_issued: bool = False


#: Phrase key -> English words.
PHRASES: dict[str, str] = {
    "waiting_for_you": gettext_noop("Waiting for you"),
    "waiting_for_your_review": gettext_noop("Waiting for your SEOP/PCCR review"),
    "waiting_for_your_registration": gettext_noop(
        "Waiting for you: complete the local registration"
    ),
    "waiting_for_registration": gettext_noop("Waiting for the family's local registration"),
    "waiting_for_lea_and_provider": gettext_noop("Waiting for the LEA and the provider"),
    "reviewed_waiting_for_lea_and_provider": gettext_noop(
        "Reviewed by you, waiting for the LEA and the provider"
    ),
    "approved_by_you_waiting_for_provider": gettext_noop(
        "Approved by you, waiting for the provider"
    ),
    "accepted_by_you_waiting_for_lea": gettext_noop("Accepted by you, waiting for the LEA"),
    "approved_by_lea_waiting_for_you": gettext_noop("Approved by the LEA, waiting for you"),
    "accepted_by_provider_waiting_for_you": gettext_noop(
        "Accepted by the provider, waiting for you"
    ),
    "approved_by_lea_waiting_for_provider": gettext_noop(
        "Approved by the LEA, waiting for the provider"
    ),
    "accepted_by_provider_waiting_for_lea": gettext_noop(
        "Accepted by the provider, waiting for the LEA"
    ),
    "approved_by_lea_waiting_for_registration": gettext_noop(
        "Approved by the LEA, waiting for the family's local registration"
    ),
    "approved_by_lea_waiting_for_your_registration": gettext_noop(
        "Approved by the LEA, waiting for you: complete the local registration"
    ),
    "waiting_for_notice": gettext_noop("Both agreed: the Notice of Enrollment follows"),
    "you_confirm_participation": gettext_noop(
        "Waiting for you: confirm participation or close after the Day of Census"
    ),
    "waiting_for_provider_confirmation": gettext_noop(
        "Enrolled, waiting for the provider to confirm participation"
    ),
    "you_report_result": gettext_noop("Waiting for you: report progress and the final result"),
    "in_course": gettext_noop("Taking the course; the provider reports the result"),
    "you_issue_transcript": gettext_noop("Waiting for you: send the transcript"),
    "waiting_for_transcript": gettext_noop("Closed, waiting for the provider's transcript"),
    "correction_waiting_for_you": gettext_noop("Correction requested, waiting for you"),
    "correction_waiting_for_state": gettext_noop("Correction requested, waiting for the state"),
    "closed": gettext_noop("Closed: nobody has to act"),
}

#: The keys that say it is the reader's turn.
YOURS = frozenset(
    {
        "waiting_for_you",
        "waiting_for_your_review",
        "waiting_for_your_registration",
        "approved_by_lea_waiting_for_you",
        "accepted_by_provider_waiting_for_you",
        "approved_by_lea_waiting_for_your_registration",
        "you_confirm_participation",
        "you_report_result",
        "you_issue_transcript",
        "correction_waiting_for_you",
    }
)

_APPROVED = "approved"
_IN_COURSE = frozenset({Status.CONFIRMED, Status.ANTICIPATED_LATE_PASS})
_TRANSCRIPT = TERMINAL & PAID_THROUGH_CONFIRMED & FINAL_GRADE_STATUSES


def whose_turn(facts: TurnFacts, side: Side) -> str:
    """The phrase key (``PHRASES``) saying who must act now on this CCA, for ``side``."""
    status = facts.status
    if status is Status.PENDING_EXECUTION:
        return _pending(facts, side)
    if status is Status.ENROLLMENT_COMPLETE:
        return _provider_or(side, "you_confirm_participation", "waiting_for_provider_confirmation")
    if status in _IN_COURSE:
        return _provider_or(side, "you_report_result", "in_course")
    if status in _TRANSCRIPT and not facts.transcript_issued:
        return _provider_or(side, "you_issue_transcript", "waiting_for_transcript")
    if status is Status.NOT_CONFIRMED_CLOSED and facts.correction_requested:
        if side is Side.STATE:
            return "correction_waiting_for_you"
        return "correction_waiting_for_state"
    return "closed"


def _provider_or(side: Side, provider: str, others: str) -> str:
    return provider if side is Side.PROVIDER else others


def _pending(facts: TurnFacts, side: Side) -> str:
    lea = facts.lea_decision == _APPROVED
    provider = facts.provider_decision == _APPROVED
    registered = facts.registration_complete
    if lea and provider:
        return "waiting_for_notice"
    if side is Side.LEA:
        if lea:
            return "approved_by_you_waiting_for_provider"
        return "accepted_by_provider_waiting_for_you" if provider else "waiting_for_you"
    if side is Side.PROVIDER:
        if provider:
            return "accepted_by_you_waiting_for_lea"
        if not registered:
            return "approved_by_lea_waiting_for_registration" if lea else "waiting_for_registration"
        return "approved_by_lea_waiting_for_you" if lea else "waiting_for_you"
    if side is Side.FAMILY and not registered and not provider:
        if lea:
            return "approved_by_lea_waiting_for_your_registration"
        return "waiting_for_your_registration"
    if side is Side.COUNSELOR and not lea:
        if not facts.reviewed:
            return "waiting_for_your_review"
        if not provider:
            return "reviewed_waiting_for_lea_and_provider"
    if lea:
        return "approved_by_lea_waiting_for_provider"
    if provider:
        return "accepted_by_provider_waiting_for_lea"
    return "waiting_for_lea_and_provider"


def is_yours(key: str) -> bool:
    """Whether the phrase says it is the reader's turn."""
    return key in YOURS
