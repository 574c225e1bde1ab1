"""The home and private school appropriation: the state records it; approving a home-school
request obligates its fee, or is refused when that would overspend it (R277-726-9).

``check_home_approval`` is the LEA approval hook ``FundingConfig.ready()`` registers in core
(``seats.core.services.extensions``): core's ``decide_as_lea`` calls it inside its transaction
with the CCA locked, so the refusal writes nothing and the obligation commits with the approval.
It locks the year's ``Appropriation`` row: two approvals at once are served one after the other.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from seats.core.models import CCA, HOME_LEA_CODE, Decision
from seats.core.services.actors import Actor
from seats.core.services.policy import policy_for
from seats.domain.funding import appropriation as rules
from seats.domain.funding.fees import course_fee
from seats.domain.policy import Policy, Tier
from seats.domain.statuses import Status

from ..models import Appropriation, AppropriationChange, Entry, Obligation
from .authority import check_state


def set_appropriation(
    *,
    actor: Actor,
    school_year: int,
    amount: object,
    home_share_percent: object = "50",
    obligated_elsewhere: object = "0",
    note: str = "",
    now: datetime | None = None,
) -> Appropriation:
    """Record the year's appropriation (a change replaces the amount; every change is kept)."""
    check_state(actor, what="record the home and private school appropriation", admin_only=True)
    checked = rules.check_appropriation(
        school_year=school_year,
        amount=amount,
        home_share_percent=home_share_percent,
        obligated_elsewhere=obligated_elsewhere,
    )
    now = now or timezone.now()
    with transaction.atomic():
        row, _ = Appropriation.objects.select_for_update().update_or_create(
            school_year=school_year,
            defaults={
                "amount": checked.amount,
                "home_share_percent": checked.home_share_percent,
                "obligated_elsewhere": checked.obligated_elsewhere,
                "set_by": actor.user,
                "set_at": now,
            },
        )
        AppropriationChange(
            school_year=school_year,
            amount=checked.amount,
            home_share_percent=checked.home_share_percent,
            obligated_elsewhere=checked.obligated_elsewhere,
            note=str(note or "").strip(),
            set_by=actor.user,
            set_by_role=actor.role_name,
            set_at=now,
        ).save(force_insert=True)
    return row


def _domain(row: Appropriation) -> rules.Appropriation:
    return rules.Appropriation(
        row.school_year, row.amount, row.home_share_percent, row.obligated_elsewhere
    )


def _fee(tier: str, credit: Decimal, policy: Policy) -> Decimal:
    return course_fee(tier=Tier(tier), credit_attempted=credit, policy=policy).amount


def home_ccas(school_year: int):
    return CCA.objects.filter(primary_lea__code=HOME_LEA_CODE, school_year=school_year)


def obligations(school_year: int, *, as_of: date) -> list[rules.Obligated]:
    """Every HOME CCA of the year the appropriation is committed to: approved by the state (its
    obligation row), or past a Notice of Enrollment issued on the window's expiry."""
    policy = policy_for(school_year, as_of=as_of)
    rows = list(
        home_ccas(school_year)
        .filter(Q(lea_decision=Decision.APPROVED) | Q(noe_date__isnull=False))
        .values(
            "id",
            "status",
            "confirmation_date",
            "credit_attempted",
            "credit_earned",
            "offering__tier",
        )
    )
    amounts = dict(
        Obligation.objects.filter(school_year=school_year).values_list("cca_id", "amount")
    )
    paid = paid_per_cca(school_year)
    return [
        rules.Obligated(
            cca_id=r["id"],
            amount=amounts.get(r["id"]) or _fee(r["offering__tier"], r["credit_attempted"], policy),
            paid=paid.get(r["id"], Decimal("0.00")),
            status=Status(r["status"]),
            reached_confirmed=r["confirmation_date"] is not None,
            credit_attempted=r["credit_attempted"],
            credit_earned=r["credit_earned"],
        )
        for r in rows
    ]


def paid_per_cca(school_year: int) -> dict[int, Decimal]:
    """Net paid from the appropriation per HOME CCA of the year (payments less reversals)."""
    out: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    rows = (
        Entry.objects.filter(lea__code=HOME_LEA_CODE, cca__school_year=school_year)
        .values("cca_id")
        .annotate(total=Sum("amount"))
    )
    for r in rows:
        out[r["cca_id"]] += r["total"]
    return dict(out)


def balance_for(
    school_year: int, *, day: date, lock: bool = False
) -> tuple[rules.Balance, list[rules.Obligated]] | None:
    """The year's balance on ``day`` (``None`` when no appropriation is recorded)."""
    rows = Appropriation.objects.filter(school_year=school_year)
    row = (rows.select_for_update() if lock else rows).first()
    if row is None:
        return None
    policy = policy_for(school_year, as_of=day)
    committed = obligations(school_year, as_of=day)
    paid_total = sum(paid_per_cca(school_year).values(), Decimal("0.00"))
    balance = rules.Balance(
        appropriation=_domain(row),
        obligated=sum((rules.outstanding(o, policy) for o in committed), Decimal("0.00")),
        paid=paid_total,
        released_obligations=sum((rules.released(o, policy) for o in committed), Decimal("0.00")),
        day=day,
        release_on=rules.release_day(school_year, policy),
    )
    return balance, committed


def earlier_pending(cca: CCA, policy: Policy) -> list[rules.Pending]:
    """HOME requests of the same year submitted before ``cca`` and still waiting for the
    state's decision, in request order."""
    rows = (
        home_ccas(cca.school_year)
        .filter(status=Status.PENDING_EXECUTION.value, lea_decision="")
        .filter(
            Q(submitted_at__lt=cca.submitted_at) | Q(submitted_at=cca.submitted_at, pk__lt=cca.pk)
        )
        .exclude(pk=cca.pk)
        .order_by("submitted_at", "pk")
        .values("id", "offering__tier", "credit_attempted")
    )
    return [
        rules.Pending(r["id"], _fee(r["offering__tier"], r["credit_attempted"], policy))
        for r in rows
    ]


def fee_of(cca: CCA, policy: Policy) -> Decimal:
    return _fee(cca.offering.tier, cca.credit_attempted, policy)


def check_home_approval(*, cca: CCA, actor: Actor, as_of: date) -> None:
    """The LEA approval hook: for a home-school CCA, refuse an approval the appropriation cannot
    fund (naming the rule), else obligate its fee. Other CCAs pass untouched."""
    if not cca.primary_lea.is_home:
        return
    found = balance_for(cca.school_year, day=as_of, lock=True)
    if found is None:
        raise rules.no_appropriation(cca.school_year)
    balance, _ = found
    policy = policy_for(cca.school_year, as_of=as_of)
    fee = fee_of(cca, policy)
    if fee <= 0:
        return
    rules.check_approval(balance=balance, fee=fee, earlier=earlier_pending(cca, policy))
    Obligation(
        cca=cca,
        school_year=cca.school_year,
        amount=fee,
        balance_before=balance.available,
        obligated_by=actor.user,
        obligated_by_role=actor.role_name,
        obligated_at=timezone.now(),
    ).save(force_insert=True)
