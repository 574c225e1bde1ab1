"""Checks shared by the per-row services (enrollment.py) and the bulk service (bulk.py): one
copy of each rule, so a file row and a click are refused with the same words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from seats.domain.errors import GuardFailed, InvalidInput
from seats.domain.roles import Party
from seats.domain.statuses import PAID_THROUGH_CONFIRMED, STATUS_INFO, Status

from ..models import CCA
from .actors import Actor
from .authority import require

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
    lo, hi = date(cca.school_year, 5, 1), date(cca.school_year + 1, 6, 30)
    if not lo <= start <= hi:
        raise InvalidInput(
            f"The start date {start.isoformat()} is outside school year {cca.school_year}-"
            f"{(cca.school_year + 1) % 100:02d} (summer courses from {lo.isoformat()}).",
            field="course_start_date",
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
