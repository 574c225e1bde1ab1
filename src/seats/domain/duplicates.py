"""What the state can do about a duplicate request (SPEC 3.4; Provider Manual, The USBE
Responsibilities). The state rejects a duplicate only while it is Pending Execution, before the
Notice of Enrollment. Past it, the state cannot reject: these rules say what it can do instead,
per request, from the request's status and dates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .i18n import Text, gettext_noop, text
from .statuses import STATUS_INFO, Status

RULE = "SPEC 3.4; Provider Manual, The USBE Responsibilities"


@dataclass(frozen=True, slots=True)
class Member:
    """One request of a duplicate group, as the rules need it."""

    status: Status
    state_issued_notice: bool = False  # the notice was issued on the LEA's silence
    lea_cancellation_due: date | None = None
    withdrawal_period_end: date | None = None


def rejectable(member: Member) -> bool:
    return member.status is Status.PENDING_EXECUTION


def instead(
    member: Member, today: date, fmt: Callable[[date], str] = date.isoformat
) -> Text | None:
    """What the state can do about this request instead of rejecting it; None when it may
    reject it (Pending Execution)."""
    if rejectable(member):
        return None
    withdrawal = STATUS_INFO[Status.STUDENT_WITHDRAWAL_WITHIN_20].label
    if member.status is Status.ENROLLMENT_COMPLETE:
        if (
            member.state_issued_notice
            and member.lea_cancellation_due is not None
            and today <= member.lea_cancellation_due
        ):
            return text(
                gettext_noop(
                    "Past the Notice of Enrollment: the state cannot reject it. The state issued "
                    "the notice on the LEA's silence, so the LEA may cancel it until %(due)s: "
                    "ask the LEA."
                ),
                due=fmt(member.lea_cancellation_due),
            )
        if member.withdrawal_period_end is None or today <= member.withdrawal_period_end:
            until = (
                text(gettext_noop("until %(end)s"), end=fmt(member.withdrawal_period_end))
                if member.withdrawal_period_end
                else text(gettext_noop("once the course starts"))
            )
            return text(
                gettext_noop(
                    "Past the Notice of Enrollment: the state cannot reject it. Ask the provider, "
                    "with the family, to record %(status)s (%(until)s)."
                ),
                status=withdrawal,
                until=str(until),
            )
        return text(
            gettext_noop(
                "Past the Notice of Enrollment and its withdrawal period: the state cannot reject "
                "it. The provider confirms it or closes it as Not Confirmed Closed."
            )
        )
    return text(
        gettext_noop(
            "%(status)s: the state cannot reject it. Ask the provider, with the family, to close "
            "it out (a withdrawal, which earns no credit)."
        ),
        status=STATUS_INFO[member.status].label,
    )


def group_advice(members: Iterable[Member]) -> Text | None:
    """For a group the state may not reject any of (all past the Notice of Enrollment), what it
    can do instead; None while one of them is still Pending Execution."""
    members = list(members)
    if not members or any(rejectable(m) for m in members):
        return None
    return text(
        gettext_noop(
            "All %(n)s requests are past the Notice of Enrollment, so the state may not reject any "
            "of them (it rejects a duplicate only before the notice). In consultation with the "
            "provider, parent or student, have one closed out instead, as each row says."
        ),
        n=len(members),
    )
