"""The monthly payment run: preview it, post it (SPEC 6; R277-726-6(11), (12)).

``post_run`` is one transaction: it claims the month (a unique ``PaymentRun`` row, so a second
run for the same month, concurrent or later, posts nothing), plans every CCA with the domain
rules, writes the entries and their legs in bulk, checks that the legs balance, and commits all
of it or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
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
from . import setplan
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
    """What a run posts (or would post): its count and total, the totals per provider and per
    LEA, and every CCA held back. The lines themselves (``planned``) are read only when asked
    for: a state-scale run has hundreds of thousands."""

    month: Month
    run_date: date
    held: list[HeldBack] = field(default_factory=list)
    already_posted: bool = False
    entries: int = 0
    total: Decimal = Decimal("0.00")
    provider_totals: dict[int, Decimal] = field(default_factory=dict)
    lea_totals: dict[int, Decimal] = field(default_factory=dict)
    _lines: Callable[[], list[Planned]] | None = field(default=None, repr=False)
    _planned: list[Planned] | None = field(default=None, repr=False)

    @property
    def planned(self) -> list[Planned]:
        if self._planned is None:
            self._planned = self._lines() if self._lines is not None else []
        return self._planned

    def by_provider(self) -> dict[int, Decimal]:
        return dict(sorted(self.provider_totals.items()))

    def by_lea(self) -> dict[int, Decimal]:
        return dict(sorted(self.lea_totals.items()))


def _totals(planned: list[Planned], key: str) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for p in planned:
        out[getattr(p, key)] += p.posting.amount
    return dict(sorted(out.items()))


def _money(cents: int) -> Decimal:
    return (Decimal(int(cents)) / 100).quantize(Decimal("0.01"))


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
    with transaction.atomic(), _set_plan(plan, now):
        pass
    plan._lines = lambda: _preview_lines(month, now)
    return plan


def _preview_lines(month: Month, now: datetime) -> list[Planned]:
    """The lines of a preview, planned again when asked for (a state-scale preview shows
    totals; the tests and small runs read the lines)."""
    plan = RunPlan(month=month, run_date=schedule_for(month).run_date(month))
    with transaction.atomic(), _set_plan(plan, now):
        return _lines_of_plan()


def _lines_of_plan() -> list[Planned]:
    return [
        Planned(
            line.cca_id,
            line.provider_id,
            line.lea_id,
            line.lea_code,
            line.school_year,
            Posting(
                Tranche(line.half),
                Tranche(line.tranche),
                _money(line.cents),
                None if line.after_reversal else line.reversal_of,
                line.event_id,
                after_reversal=line.after_reversal,
            ),
            line.hold_id,
        )
        for line in setplan.lines()
    ]


@contextmanager
def _set_plan(plan: RunPlan, now: datetime, candidates: list[int] | None = None):
    """Plan the run set-based (``setplan``), fill ``plan``'s totals and held-back CCAs, and
    keep the temporary plan for the caller's block (the posting writes from it)."""
    holds = facts_service.active_holds(at=now)
    with (
        reference_data_memoized(),
        setplan.planned(
            run_month_cutoff=cutoff_for(plan.month).moment(plan.month),
            holds=holds,
            as_of=now.date(),
            candidates=candidates,
        ),
    ):
        totals = setplan.totals()
        plan.entries = totals.entries
        plan.total = _money(totals.cents)
        plan.provider_totals = {k: _money(v) for k, v in totals.by_provider.items()}
        plan.lea_totals = {k: _money(v) for k, v in totals.by_lea.items()}
        plan.held = [
            HeldBack(cca, provider, lea, _money(cents), _reasons(holds, cca, provider, lea))
            for cca, provider, lea, cents in setplan.held_back()
        ]
        yield totals


def _reasons(holds: list[HoldFacts], cca: int, provider: int, lea: int) -> tuple[str, ...]:
    return tuple(
        h.describe()
        for h in sorted(holds, key=lambda h: h.id)
        if h.applies_to(cca_id=cca, provider_id=provider, lea_id=lea)
    )


def plan_with_domain(*, month: Month, now: datetime) -> RunPlan:
    """The same plan computed CCA by CCA with the domain planner (``domain.funding.plan``):
    the reference the set-based plan is proved against (tests/funding/test_setplan.py)."""
    plan = RunPlan(month=month, run_date=schedule_for(month).run_date(month))
    with reference_data_memoized():  # one policy read per school year, not one per CCA
        _fill_with_domain(plan, now)
    plan.entries = len(plan.planned)
    plan.total = sum((p.posting.amount for p in plan.planned), Decimal("0.00"))
    plan.provider_totals = _totals(plan.planned, "provider_id")
    plan.lea_totals = _totals(plan.planned, "lea_id")
    return plan


def _fill_with_domain(plan: RunPlan, now: datetime) -> None:
    plan._planned = []
    month = plan.month
    cutoff = cutoff_for(month)
    holds = sorted(facts_service.active_holds(at=now), key=lambda h: h.id)
    for item in facts_service.load(as_of=now):
        mine = _holds_of(holds, item)
        ents = entitlements(item.facts, item.fee, policy_for(item.school_year, as_of=now.date()))
        postings = plan_cca(
            entitlements=ents, posted=item.posted, holds=mine, run_month=month, cutoff=cutoff
        )
        reversing = next((h.id for h in mine if h.reverses_payments), None)
        for posting in postings:
            hold_id = reversing if posting.tranche is Tranche.REVERSAL else None
            plan._planned.append(
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
            with _set_plan(plan, now) as totals:
                if expect is not None and (plan.entries, plan.total) != expect:
                    raise Conflict(
                        f"The {month} run would now post {plan.entries} entries totalling "
                        f"{plan.total}, not the {expect[0]} entries totalling {expect[1]} that "
                        "were approved: something changed since the preview. Nothing was "
                        "posted; preview and approve it again.",
                        rule="SPEC 6: a run is previewed before it is posted",
                    )
                write_run(run=run, plan=plan, payees=totals.payees, now=now)
            plan._lines = lambda: posted_lines(run)
    except IntegrityError:
        raise Conflict(
            f"Another payment run for {month} was posted at the same time; nothing was posted "
            f"by this one. Preview the month to see what it paid.",
            rule="SPEC 6",
        ) from None
    return plan


def posted_lines(run: PaymentRun) -> list[Planned]:
    """The entries a run posted, as the plan's lines (CCA, half, reversal first)."""
    from ..models import Entry

    rows = list(
        Entry.objects.filter(run=run)
        .values(
            "id",
            "cca_id",
            "half",
            "tranche",
            "amount",
            "reversal_of_id",
            "history_id",
            "hold_id",
            "provider_id",
            "lea_id",
            "lea__code",
            "cca__school_year",
        )
        .order_by("cca_id", "half", "id")
    )
    reversals = {r["id"] for r in rows if r["tranche"] == Tranche.REVERSAL.value}
    return [
        Planned(
            r["cca_id"],
            r["provider_id"],
            r["lea_id"],
            r["lea__code"],
            r["cca__school_year"],
            Posting(
                Tranche(r["half"]),
                Tranche(r["tranche"]),
                r["amount"],
                None if r["reversal_of_id"] in reversals else r["reversal_of_id"],
                r["history_id"],
                after_reversal=r["reversal_of_id"] in reversals,
            ),
            r["hold_id"],
        )
        for r in rows
    ]
