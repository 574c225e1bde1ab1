"""The state's worklist of correction requests: each Not Confirmed Closed a provider asked the
state to correct and the state has not yet answered, with its clock (``domain.corrections``):
overdue answers first, then by the day the answer is due."""

from __future__ import annotations

from datetime import date

from seats.domain.corrections import CorrectionClock, correction_clock, worklist_order
from seats.domain.policy import Policy
from seats.domain.statuses import Status

from ..models import CCA
from ..services.calendars import business_calendar
from ..services.policy import policy_for
from .access import Viewer, ccas_visible_to


def open_corrections(viewer: Viewer, *, today: date) -> list[tuple[CCA, CorrectionClock]]:
    """Every open correction request the viewer may see, in worklist order (one query)."""
    rows = (
        ccas_visible_to(viewer)
        .filter(
            status=Status.NOT_CONFIRMED_CLOSED,
            correction_requested_on__isnull=False,
            correction_denied_on__isnull=True,
        )
        .select_related("student", "offering", "provider")
        .order_by("correction_requested_on", "pk")
    )
    business = business_calendar()
    policies: dict[int, Policy] = {}
    out = []
    for cca in rows:
        policy = policies.get(cca.school_year) or policies.setdefault(
            cca.school_year, policy_for(cca.school_year)
        )
        clock = correction_clock(
            closed_on=cca.not_confirmed_closed_on or cca.correction_requested_on,
            requested_on=cca.correction_requested_on,  # type: ignore[arg-type]
            policy=policy,
            business=business,
            today=today,
        )
        out.append((cca, clock))
    return worklist_order(out)
