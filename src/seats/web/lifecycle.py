"""A CCA's place in its lifecycle, for the status tag and the step indicator.

Derived from each status's facts in ``seats.domain.statuses`` (stage, paid through Confirmed,
terminal, credit), never from a list of statuses copied here: a new status lands on the right
step and gets the right colour by what it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seats.domain.statuses import STATUS_INFO, Credit, Stage, Status

#: The five steps every CCA walks (SPEC 3): a closing status ends it at "Closed" from any step.
STEPS: tuple[Promise, ...] = (
    _("Request"),
    _("Decisions"),
    _("Enrolled (withdrawal window)"),
    _("Confirmed"),
    _("Closed"),
)


@dataclass(frozen=True)
class Step:
    label: str | Promise
    state: str  # "complete", "current" or "" (not reached, or skipped)


@dataclass(frozen=True)
class Lifecycle:
    steps: tuple[Step, ...]
    number: int  # the current step, from 1
    total: int
    current: str | Promise


def _status(value: object) -> Status | None:
    value = getattr(value, "status", value)
    try:
        return Status(str(value))
    except ValueError:
        return None


def steps_for(cca_or_status: object) -> Lifecycle | None:
    """The lifecycle of a CCA or status; a ``Lifecycle`` built by another page (the payment
    run's preview, approve, post) passes through, so the component shows any steps."""
    if isinstance(cca_or_status, Lifecycle):
        return cca_or_status
    status = _status(cca_or_status)
    if status is None:
        return None
    info = STATUS_INFO[status]
    enrolled = info.stage is not Stage.PRE_ENROLLMENT
    confirmed = info.paid_through_confirmed
    closed = info.terminal
    reached = (True, enrolled or closed, enrolled and (confirmed or closed), confirmed and closed)
    current = 5 if closed else 4 if confirmed else 3 if enrolled else 2
    steps = []
    for number, label in enumerate(STEPS, start=1):
        if number == current:
            state = "current"
        elif number < current and reached[number - 1]:
            state = "complete"
        else:
            state = ""
        steps.append(Step(label, state))
    return Lifecycle(tuple(steps), current, len(STEPS), STEPS[current - 1])


def tag_family(value: object) -> str:
    """open (still moving), passed (full credit), partial (.25 earned), rejected (never
    enrolled) or closed (ended without credit)."""
    status = _status(value)
    if status is None:
        return "open"
    info = STATUS_INFO[status]
    if not info.terminal:
        return "open"
    if info.credit is Credit.ALL:
        return "passed"
    if info.credit is Credit.QUARTER:
        return "partial"
    if info.stage is Stage.PRE_ENROLLMENT:
        return "rejected"
    return "closed"
