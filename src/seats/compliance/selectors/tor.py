"""Reads of TOR accountability: one provider's cycle (steps, lines, holds) and every provider's
step status for the state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from seats.core.models import Organisation
from seats.core.services.policy import policy_for
from seats.domain.compliance.tor import CycleFacts, Reason, StepState, step_states

from ..models import CorrectiveAction, TorAssignment, TorCycle, TorHold


@dataclass
class CycleView:
    provider: Organisation
    school_year: int
    cycle: TorCycle | None
    steps: list[StepState]
    assignments: list[TorAssignment] = field(default_factory=list)
    actions: list[CorrectiveAction] = field(default_factory=list)
    active_holds: int = 0

    @property
    def misaligned(self) -> int:
        return sum(1 for a in self.assignments if not a.aligned)

    @property
    def overdue(self) -> list[StepState]:
        return [s for s in self.steps if s.overdue]

    @property
    def year_text(self) -> str:
        return f"{self.school_year}-{(self.school_year + 1) % 100:02d}"


def reason_labels(codes: list[str]) -> list[str]:
    out = []
    for code in codes:
        try:
            out.append(Reason(code).label)
        except ValueError:
            out.append(code)
    return out


def _facts(cycle: TorCycle | None, misaligned: int, acted: date | None) -> CycleFacts:
    if cycle is None:
        return CycleFacts(None, None, None, None, None, misaligned=0)
    return CycleFacts(
        cycle.opened_on,
        cycle.submitted_on,
        cycle.notified_on,
        cycle.final_review_on,
        acted,
        misaligned=misaligned,
    )


def cycle_view(provider: Organisation, school_year: int, *, as_of: date) -> CycleView:
    cycle = TorCycle.objects.filter(provider=provider, school_year=school_year).first()
    assignments = list(cycle.assignments.select_related("teacher")) if cycle else []
    for a in assignments:
        a.reason_labels = reason_labels(a.reasons)  # type: ignore[attr-defined]
    actions = list(cycle.actions.order_by("issued_on")) if cycle else []
    misaligned = sum(1 for a in assignments if not a.aligned)
    if cycle and cycle.final_review_on and not cycle.submitted_on:
        misaligned = max(misaligned, 1)
    acted = actions[0].issued_on if actions else None
    steps = step_states(
        _facts(cycle, misaligned, acted), policy=policy_for(school_year, as_of=as_of), as_of=as_of
    )
    holds = TorHold.objects.filter(cycle=cycle, released_on=None).count() if cycle else 0
    return CycleView(provider, school_year, cycle, steps, assignments, actions, holds)


def all_cycles(school_year: int, *, as_of: date) -> list[CycleView]:
    """Every active provider's cycle of ``school_year``, those with overdue steps first."""
    providers = Organisation.objects.filter(kind="provider", is_active=True).order_by("name")
    views = [cycle_view(p, school_year, as_of=as_of) for p in providers]
    return sorted(views, key=lambda v: (not v.overdue, v.provider.name))
