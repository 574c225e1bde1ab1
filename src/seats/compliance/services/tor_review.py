"""The dated TOR steps after the upload: the August 15 notices, the October 15 final review, the
Notice of Corrective Action, and the funding app's "TOR not aligned" holds on every CCA a
misaligned TOR teaches after the final review (released when the assignment aligns)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q

from seats.core.models import CCA
from seats.core.services.actors import Actor
from seats.core.services.policy import policy_for
from seats.domain.compliance.tor import Step, step_dates
from seats.domain.errors import Conflict, InvalidInput, NotFound
from seats.domain.funding.holds import HoldReason, HoldScope
from seats.domain.notices import NoticeKind
from seats.funding.services.holds import release_hold, set_hold

from ..models import CorrectiveAction, TorCycle, TorHold
from .authority import check_state
from .notices import notify_provider
from .tor import check_cycle

SYSTEM = Actor.system()


def _subject(cycle: TorCycle) -> str:
    year = cycle.school_year
    return f"teacher of record review {year}-{(year + 1) % 100:02d}"


def send_misalignment_notices(cycle: TorCycle, *, as_of: date) -> int:
    """August 15: check again and notify the provider if any assignment is not aligned."""
    misaligned = check_cycle(cycle, as_of=as_of)
    final = step_dates(policy_for(cycle.school_year, as_of=as_of))[Step.FINAL_REVIEW]
    if misaligned:
        notify_provider(
            provider_id=cycle.provider_id,
            kind=NoticeKind.TOR_MISALIGNED,
            key=f"c{cycle.pk}",
            subject=_subject(cycle),
            due=final,
        )
    TorCycle.objects.filter(pk=cycle.pk).update(notified_on=as_of)
    cycle.notified_on = as_of
    return misaligned


def final_review(
    *, actor: Actor, cycle_id: int, as_of: date, now: datetime | None = None
) -> TorCycle:
    """October 15: the last check; a notice of non-compliance for what is left, and the holds
    (set at ``now``, the present moment when omitted; the demo dates them on its own days)."""
    check_state(actor, what="complete the TOR final review")
    with transaction.atomic():
        cycle = TorCycle.objects.select_for_update().filter(pk=cycle_id).first()
        if cycle is None:
            raise NotFound(f"There is no TOR cycle {cycle_id}.", field="cycle")
        if cycle.final_review_on is not None:
            return cycle
        misaligned = check_cycle(cycle, as_of=as_of)
        cycle.final_review_on = as_of
        if misaligned or cycle.submitted_on is None:
            cycle.noncompliance_on = as_of
            notify_provider(
                provider_id=cycle.provider_id,
                kind=NoticeKind.TOR_NONCOMPLIANCE,
                key=f"c{cycle.pk}",
                subject=_subject(cycle),
                due=None,
            )
        cycle.save(update_fields=["final_review_on", "noncompliance_on"])
        sync_holds(cycle, as_of=as_of, now=now)
    return cycle


def issue_corrective_action(
    *,
    actor: Actor,
    cycle_id: int,
    conditions: str,
    steps: str,
    as_of: date,
    due_on: date | None = None,
) -> CorrectiveAction:
    """A Notice of Corrective Action (on or after the final review): the noncompliance, the
    required conditions, corrective steps and a due date."""
    check_state(actor, what="issue a Notice of Corrective Action")
    cycle = TorCycle.objects.filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound(f"There is no TOR cycle {cycle_id}.", field="cycle")
    if cycle.final_review_on is None:
        raise Conflict(
            "A Notice of Corrective Action follows the final review; complete it first.",
            field="cycle",
            rule="Provider Manual, TOR Accountability Timeline",
        )
    conditions, steps = str(conditions).strip(), str(steps).strip()
    for name, value in (("conditions", conditions), ("steps", steps)):
        if not value:
            raise InvalidInput(f"Write the {name.replace('_', ' ')}.", field=name)
    policy = policy_for(cycle.school_year, as_of=as_of)
    due = due_on or as_of + timedelta(days=policy.corrective_action_days)
    if due <= as_of:
        raise InvalidInput("The due date must be after today.", field="due_on")
    with transaction.atomic():
        action = CorrectiveAction.objects.create(
            cycle=cycle,
            issued_on=as_of,
            due_on=due,
            conditions=conditions,
            steps=steps,
            issued_by=actor.user,
            issued_by_role=actor.role_name,
        )
        notify_provider(
            provider_id=cycle.provider_id,
            kind=NoticeKind.CORRECTIVE_ACTION,
            key=f"a{action.pk}",
            subject=_subject(cycle),
            due=due,
        )
    return action


def misaligned_ccas(cycle: TorCycle) -> set[int]:
    """The cycle's CCAs whose TOR is not aligned for the course: a misaligned line, or a TOR the
    spreadsheet does not list for that core code (never verified)."""
    lines = {(a.core_code, a.teacher_id): a.aligned for a in cycle.assignments.all()}
    rows = CCA.objects.filter(
        provider_id=cycle.provider_id,
        school_year=cycle.school_year,
        teacher_of_record__isnull=False,
    ).values_list("pk", "offering__core_code", "teacher_of_record_id")
    return {pk for pk, code, teacher in rows if not lines.get((code, teacher), False)}


def sync_holds(cycle: TorCycle, *, as_of: date, now: datetime | None = None) -> tuple[int, int]:
    """After the final review: hold every CCA a misaligned TOR teaches, release the rest
    (the holds set or released at ``now``, the present moment when omitted).
    Returns (set, released)."""
    if cycle.final_review_on is None:
        return 0, 0
    wanted = misaligned_ccas(cycle)
    active = {
        h.cca_id: h
        for h in TorHold.objects.filter(cycle=cycle, released_on=None).select_related("hold")
    }
    made = released = 0
    with transaction.atomic():
        for cca_id in sorted(wanted - set(active)):
            if TorHold.objects.filter(cca_id=cca_id, released_on=None).exists():
                continue  # held by another year's cycle already
            hold = set_hold(
                actor=SYSTEM,
                scope=HoldScope.CCA,
                target_id=cca_id,
                reason=HoldReason.TOR_NOT_ALIGNED,
                note=f"TOR review {cycle.school_year}: teacher of record not aligned.",
                now=now,
            )
            TorHold.objects.create(cycle=cycle, cca_id=cca_id, hold=hold)
            made += 1
        for cca_id, link in active.items():
            if cca_id in wanted:
                continue
            if link.hold.released_at is None:  # the state may have released it by hand
                release_hold(
                    actor=SYSTEM, hold_id=link.hold_id, note="The TOR is aligned now.", now=now
                )
            TorHold.objects.filter(pk=link.pk).update(released_on=as_of)
            released += 1
    return made, released


def tor_sweep(as_of: date) -> dict[str, int]:
    """The dated TOR steps due on ``as_of`` for every provider (the daily sweep)."""
    from seats.core.models import Organisation
    from seats.domain.compliance.calendar import school_year_of

    year = school_year_of(as_of)
    report = {"opened": 0, "notified": 0, "reviewed": 0, "holds_set": 0, "holds_released": 0}
    dates = step_dates(policy_for(year, as_of=as_of))
    if dates[Step.OPEN] <= as_of <= dates[Step.FINAL_REVIEW]:  # a late opening is the state's
        providers = Organisation.objects.filter(kind="provider", is_active=True)
        for provider in providers.exclude(
            pk__in=TorCycle.objects.filter(school_year=year, opened_on__isnull=False).values(
                "provider_id"
            )
        ):
            TorCycle.objects.update_or_create(
                provider=provider, school_year=year, defaults={"opened_on": as_of}
            )
            report["opened"] += 1
    cycles = TorCycle.objects.filter(Q(school_year=year) | Q(final_review_on__isnull=False))
    for cycle in cycles.order_by("pk"):
        cycle_dates = step_dates(policy_for(cycle.school_year, as_of=as_of))
        if cycle.notified_on is None and cycle.submitted_on and as_of >= cycle_dates[Step.NOTICE]:
            send_misalignment_notices(cycle, as_of=as_of)
            report["notified"] += 1
        if cycle.final_review_on is None and as_of >= cycle_dates[Step.FINAL_REVIEW]:
            final_review(actor=SYSTEM, cycle_id=cycle.pk, as_of=as_of)
            cycle.refresh_from_db()
            report["reviewed"] += 1
        elif cycle.final_review_on is not None:
            check_cycle(cycle, as_of=as_of)
            made, released = sync_holds(cycle, as_of=as_of)
            report["holds_set"] += made
            report["holds_released"] += released
    return report
