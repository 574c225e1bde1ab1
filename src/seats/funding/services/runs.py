"""The monthly payment run: preview it, post it (SPEC 6; R277-726-6(11), (12)).

``post_run`` is one transaction: it claims the month (a unique ``PaymentRun`` row, so a second
run for the same month, concurrent or later, posts nothing), plans every CCA with the domain
rules, writes the entries and their legs in bulk, checks that the legs balance, and commits all
of it or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from seats.core.services.actors import Actor
from seats.core.services.memo import reference_data_memoized
from seats.core.services.policy import policy_for
from seats.domain.errors import Conflict
from seats.domain.funding.holds import HoldFacts
from seats.domain.funding.months import Cutoff, Month, check_run
from seats.domain.funding.plan import Posting, chain, net, plan_cca
from seats.domain.funding.tranches import Tranche, entitlements

from ..models import PaymentRun
from . import facts as facts_service
from .authority import check_state
from .posting import write_run
from .schedule import schedule_for


@dataclass(frozen=True)
class Planned:
    cca_id: int
    provider_id: int
    lea_id: int
    lea_code: str
    school_year: int
    posting: Posting
    hold_id: int | None = None  # the fraud hold a reversal carries out


@dataclass(frozen=True)
class HeldBack:
    cca_id: int
    provider_id: int
    lea_id: int
    amount: Decimal
    reasons: tuple[str, ...]


@dataclass
class RunPlan:
    month: Month
    run_date: date
    planned: list[Planned] = field(default_factory=list)
    held: list[HeldBack] = field(default_factory=list)
    already_posted: bool = False

    @property
    def total(self) -> Decimal:
        return sum((p.posting.amount for p in self.planned), Decimal("0.00"))

    def by_provider(self) -> dict[int, Decimal]:
        return _totals(self.planned, "provider_id")

    def by_lea(self) -> dict[int, Decimal]:
        return _totals(self.planned, "lea_id")


def _totals(planned: list[Planned], key: str) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for p in planned:
        out[getattr(p, key)] += p.posting.amount
    return dict(sorted(out.items()))


def cutoff_for(month: Month) -> Cutoff:
    return Cutoff.from_policy(policy_for(month.school_year), time_zone=settings.TIME_ZONE)


def last_posted_month() -> Month | None:
    latest = PaymentRun.objects.aggregate(m=Max("month"))["m"]
    return Month.of(latest) if latest else None


def plan_run(*, month: Month, now: datetime) -> RunPlan:
    """What the run of ``month`` would post now, and every CCA held back with its reasons."""
    schedule = schedule_for(month)
    plan = RunPlan(month=month, run_date=schedule.run_date(month))
    plan.already_posted = PaymentRun.objects.filter(month=month.first_day()).exists()
    if plan.already_posted:
        return plan
    _fill(plan, now)
    return plan


def _fill(plan: RunPlan, now: datetime) -> None:
    with reference_data_memoized():  # one policy read per school year, not one per CCA
        _fill_memoized(plan, now)


def _fill_memoized(plan: RunPlan, now: datetime) -> None:
    month = plan.month
    cutoff = cutoff_for(month)
    holds = facts_service.active_holds(at=now)
    for item in facts_service.load(as_of=now):
        mine = _holds_of(holds, item)
        ents = entitlements(item.facts, item.fee, policy_for(item.school_year, as_of=now.date()))
        postings = plan_cca(
            entitlements=ents, posted=item.posted, holds=mine, run_month=month, cutoff=cutoff
        )
        reversing = next((h.id for h in mine if h.reverses_payments), None)
        for posting in postings:
            hold_id = reversing if posting.tranche is Tranche.REVERSAL else None
            plan.planned.append(
                Planned(
                    item.facts.cca_id,
                    item.provider_id,
                    item.lea_id,
                    item.lea_code,
                    item.school_year,
                    posting,
                    hold_id,
                )
            )
        if mine:
            paid = {h for h in (Tranche.FIRST, Tranche.SECOND) if net(chain(item.posted, h)) > 0}
            owed = [
                e
                for e in ents
                if e.payable
                and e.event
                and cutoff.payment_month(e.event.at) <= month
                and e.tranche not in paid
            ]
            if owed:
                plan.held.append(
                    HeldBack(
                        item.facts.cca_id,
                        item.provider_id,
                        item.lea_id,
                        sum((e.amount for e in owed), Decimal("0.00")),
                        tuple(h.describe() for h in mine),
                    )
                )


def _holds_of(holds: list[HoldFacts], item: facts_service.CCAFunding) -> list[HoldFacts]:
    return [
        h
        for h in holds
        if h.applies_to(cca_id=item.facts.cca_id, provider_id=item.provider_id, lea_id=item.lea_id)
    ]


def preview_run(*, actor: Actor, month: str | Month, now: datetime | None = None) -> RunPlan:
    check_state(actor, what="preview a payment run")
    month = month if isinstance(month, Month) else Month.parse(month)
    return plan_run(month=month, now=now or timezone.now())


def post_run(
    *,
    actor: Actor,
    month: str | Month,
    now: datetime | None = None,
    expect: tuple[int, Decimal] | None = None,
) -> RunPlan:
    """Post the run of ``month``. A second call for a posted month posts nothing and says so.
    ``expect`` (entries, total): what the state approved; a run that would post anything else
    is refused inside the transaction and nothing is written."""
    check_state(actor, what="post a payment run", admin_only=True)
    month = month if isinstance(month, Month) else Month.parse(month)
    now = now or timezone.now()
    if PaymentRun.objects.filter(month=month.first_day()).exists():
        plan = RunPlan(month=month, run_date=schedule_for(month).run_date(month))
        plan.already_posted = True
        return plan
    check_run(
        month=month,
        now=now,
        cutoff=cutoff_for(month),
        schedule=schedule_for(month),
        last_posted=last_posted_month(),
    )
    try:
        with transaction.atomic():
            run = PaymentRun(
                month=month.first_day(),
                run_date=schedule_for(month).run_date(month),
                posted_at=now,
                posted_by=actor.user,
                posted_by_role=actor.role_name,
            )
            run.save(force_insert=True)  # claims the month: a concurrent run waits, then fails
            plan = RunPlan(month=month, run_date=run.run_date)
            _fill(plan, now)
            if expect is not None and (len(plan.planned), plan.total) != expect:
                raise Conflict(
                    f"The {month} run would now post {len(plan.planned)} entries totalling "
                    f"{plan.total}, not the {expect[0]} entries totalling {expect[1]} that were "
                    "approved: something changed since the preview. Nothing was posted; "
                    "preview and approve it again.",
                    rule="SPEC 6: a run is previewed before it is posted",
                )
            write_run(run=run, plan=plan, now=now)
    except IntegrityError:
        raise Conflict(
            f"Another payment run for {month} was posted at the same time; nothing was posted "
            f"by this one. Preview the month to see what it paid.",
            rule="SPEC 6",
        ) from None
    return plan
