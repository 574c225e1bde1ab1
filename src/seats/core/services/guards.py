"""Checks shared by the per-row services (enrollment.py) and the bulk service (bulk.py): one
copy of each rule, so a file row and a click are refused with the same words."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from seats.domain.calendars import school_year_label
from seats.domain.errors import GuardFailed, InvalidInput
from seats.domain.progress import (
    ACTIVITY_RULE,
    START_RULE,
    activity_date_problem,
    start_before_submission,
)
from seats.domain.roles import Party
from seats.domain.statuses import PAID_THROUGH_CONFIRMED, STATUS_INFO, Status
from seats.domain.windows import course_school_year, earliest_start, has_second_half

from ..models import CCA
from .actors import Actor
from .authority import require
from .policy import policy_for

STARTABLE = frozenset({Status.PENDING_EXECUTION, Status.ENROLLMENT_COMPLETE})
IN_COURSE = frozenset({Status.ENROLLMENT_COMPLETE, Status.CONFIRMED, Status.ANTICIPATED_LATE_PASS})


def require_status(
    cca: CCA, allowed: frozenset[Status] | set[Status], what: str, rule: str
) -> None:
    if Status(cca.status) not in allowed:
        names = ", ".join(sorted(s.label for s in allowed))
        raise GuardFailed(
            f"{what} is possible in {names}; this CCA is {Status(cca.status).label}.", rule=rule
        )


def parse_percent(raw: Decimal | str | None) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise InvalidInput(f"{raw!r} is not a percent.", field="percent") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise InvalidInput("A percent is between 0 and 100.", field="percent")
    return value.quantize(Decimal("0.01"))


def check_course_start(actor: Actor, cca: CCA, start: date) -> None:
    """The course start date is set once (it starts the statutory period), after acceptance,
    inside the school year (summer courses from May 1)."""
    require(actor, cca, Party.PROVIDER)
    if cca.course_start_date is not None:
        raise GuardFailed(
            f"The course start date is already {cca.course_start_date.isoformat()} and "
            "cannot change: it starts the 20-school-day period.",
            rule="SPEC 3.2: the course start date, once set, cannot be changed",
        )
    require_status(cca, STARTABLE, "Setting the course start date", "SPEC 3.3")
    if cca.provider_decision != "approved":
        raise GuardFailed("Accept the request before setting its start date.", rule="SPEC 3.3")
    early = start_before_submission(start, cca.submitted_on)
    if early:
        raise InvalidInput(early, field="course_start_date", rule=START_RULE)
    summer = policy_for(cca.school_year, as_of=cca.submitted_on).summer_session_start
    lo = earliest_start(cca.school_year, summer_start=summer)
    hi = earliest_start(cca.school_year + 1, summer_start=summer) - timedelta(days=1)
    if not lo <= start <= hi:
        belongs = course_school_year(start, summer_start=summer)
        raise InvalidInput(
            f"The start date {start.isoformat()} is outside school year "
            f"{school_year_label(cca.school_year)}, whose courses start {lo.isoformat()} to "
            f"{hi.isoformat()} (summer courses count in the upcoming school year): a course "
            f"starting then belongs to {school_year_label(belongs)}.",
            field="course_start_date",
        )


def check_second_half_start(actor: Actor, cca: CCA, start: date, *, as_of: date) -> None:
    """The provider enters when the second 0.5 credit of a 1.0-credit course starts; it may
    change it until that day has passed, to a day after the first withdrawal window."""
    rule = "R277-726-2(19)(c): the second 0.5 credit of a 1.0 credit course"
    require(actor, cca, Party.PROVIDER)
    require_status(cca, IN_COURSE, "Setting the second 0.5 credit's start", rule)
    if not has_second_half(cca.credit_attempted):
        raise GuardFailed(
            f"Only a 1.0-credit course has a second 0.5 credit; this one is "
            f"{cca.credit_attempted}.",
            rule=rule,
        )
    if cca.course_start_date is None or cca.withdrawal_period_end is None:
        raise GuardFailed("Set the course start date first.", rule=rule)
    if cca.second_half_start is not None and cca.second_half_start <= as_of:
        raise GuardFailed(
            f"The second 0.5 credit started on {cca.second_half_start.isoformat()}: it cannot "
            "change once it has passed.",
            rule=rule,
        )
    if start <= max(cca.withdrawal_period_end, as_of) or start > cca.closeout_date:
        earliest = max(cca.withdrawal_period_end, as_of) + timedelta(days=1)
        raise InvalidInput(
            f"The second 0.5 credit starts between {earliest.isoformat()} (after the first "
            f"withdrawal period and today) and {cca.closeout_date.isoformat()}, not "
            f"{start.isoformat()}.",
            field="second_half_start",
        )


def check_transcript(actor: Actor, cca: CCA) -> None:
    """A transcript follows a closeout reached through Confirmed, once."""
    require(actor, cca, Party.PROVIDER)
    status = Status(cca.status)
    if not (STATUS_INFO[status].terminal and status in PAID_THROUGH_CONFIRMED):
        raise GuardFailed(
            "A transcript follows a closeout status reached through Confirmed.",
            rule="SPEC 3.3 transcripts",
        )
    if cca.transcript_issued_on:
        raise GuardFailed("The transcript was already issued.", rule="SPEC 3.3")


def check_activity_date(cca: CCA, day: date | None, *, as_of: date) -> None:
    """A last activity date is a day of the course, up to today (enrollment and bulk alike)."""
    if day is None:
        return
    problem = activity_date_problem(day, today=as_of, course_start=cca.course_start_date)
    if problem:
        raise InvalidInput(problem, field="last_activity", rule=ACTIVITY_RULE)
