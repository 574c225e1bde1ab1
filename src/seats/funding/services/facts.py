"""Core's records as the funding rules' facts: CCAs, their history entries, holds, the ledger.

Set-based: a handful of queries for all candidate CCAs (those that ever reached Confirmed or
already have ledger entries), never one query per CCA.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import F, Q

from seats.core.models import CCA, CCAHistory
from seats.core.services.policy import policy_for
from seats.domain.funding.fees import Fee, course_fee
from seats.domain.funding.holds import HoldFacts, HoldReason, HoldScope
from seats.domain.funding.months import Month
from seats.domain.funding.plan import Posted
from seats.domain.funding.tranches import Event, PaymentFacts, Tranche
from seats.domain.policy import Policy, Tier
from seats.domain.statuses import Status

from ..models import Entry, PaymentHold

CONFIRMED = Status.CONFIRMED.value
#: Statuses a CCA that reached Confirmed can be in (the second-window withdrawals included).
REACHABLE_AFTER_CONFIRMED = sorted(
    {s.value for s in Status if s.info.paid_through_confirmed}
    | {Status.STUDENT_WITHDRAWAL_WITHIN_20.value, Status.LOSS_OF_ELIGIBILITY_WITHIN_20.value}
)


@dataclass(frozen=True)
class CCAFunding:
    """Everything the rules need about one CCA, and where its money goes."""

    facts: PaymentFacts
    fee: Fee
    school_year: int
    provider_id: int
    lea_id: int
    lea_code: str
    posted: tuple[Posted, ...]


def _event(row: dict) -> Event:
    return Event(row["at"], row["id"])


def load(*, cca_ids: Iterable[int] | None = None, as_of: datetime) -> list[CCAFunding]:
    """The funding facts of the candidate CCAs (or of ``cca_ids``)."""
    ccas = CCA.objects.all()
    if cca_ids is not None:
        ccas = ccas.filter(pk__in=list(cca_ids))
    else:
        paid_ids = Entry.objects.values("cca_id")
        ccas = ccas.filter(Q(status__in=REACHABLE_AFTER_CONFIRMED) | Q(pk__in=paid_ids))
    rows = list(
        ccas.values(
            "id",
            "status",
            "school_year",
            "credit_attempted",
            "credit_earned",
            "provider_id",
            "primary_lea_id",
            "primary_lea__code",
            "offering__tier",
            "student__ssid",
        ).order_by("id")
    )
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    confirmed, closeout, transcript = _events(ids, {r["id"]: r["status"] for r in rows})
    posted = _posted(ids)
    out = []
    policies: dict[int, Policy] = {}
    for r in rows:
        year = r["school_year"]
        if year not in policies:
            policies[year] = policy_for(year, as_of=as_of.date())
        policy = policies[year]
        fee = course_fee(
            tier=Tier(r["offering__tier"]), credit_attempted=r["credit_attempted"], policy=policy
        )
        facts = PaymentFacts(
            cca_id=r["id"],
            status=Status(r["status"]),
            has_ssid=bool((r["student__ssid"] or "").strip()),
            credit_attempted=r["credit_attempted"],
            credit_earned=r["credit_earned"],
            confirmed=confirmed.get(r["id"]),
            closeout=closeout.get(r["id"]),
            transcript=transcript.get(r["id"]),
        )
        out.append(
            CCAFunding(
                facts=facts,
                fee=fee,
                school_year=r["school_year"],
                provider_id=r["provider_id"],
                lea_id=r["primary_lea_id"],
                lea_code=r["primary_lea__code"],
                posted=tuple(posted.get(r["id"], ())),
            )
        )
    return out


def _chunks(ids: list[int], size: int = 5000) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _events(
    ids: list[int], status_of: dict[int, str]
) -> tuple[dict[int, Event], dict[int, Event], dict[int, Event]]:
    """Per CCA: the entry that first reached Confirmed, the entry that set its current status,
    and the latest entry that recorded the transcript."""
    confirmed: dict[int, Event] = {}
    closeout: dict[int, Event] = {}
    transcript: dict[int, Event] = {}
    fields = ("id", "cca_id", "at", "seq", "to_status", "from_status")
    for chunk in _chunks(ids):
        moves = (  # only the moves that matter: to Confirmed, or to the current status
            CCAHistory.objects.filter(cca_id__in=chunk)
            .filter(Q(to_status=CONFIRMED) | Q(to_status=F("cca__status")))
            .exclude(from_status=F("to_status"))
            .values(*fields)
            .order_by("cca_id", "seq")
        )
        for row in moves:
            cca_id = row["cca_id"]
            if row["to_status"] == CONFIRMED and cca_id not in confirmed:
                confirmed[cca_id] = _event(row)
            if row["to_status"] == status_of[cca_id]:
                closeout[cca_id] = _event(row)  # later entries win
        issued = (
            CCAHistory.objects.filter(cca_id__in=chunk, details__has_key="transcript_issued_on")
            .values(*fields)
            .order_by("cca_id", "seq")
        )
        for row in issued:
            transcript[row["cca_id"]] = _event(row)
    return confirmed, closeout, transcript


def _posted(ids: list[int]) -> dict[int, list[Posted]]:
    out: dict[int, list[Posted]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = (
            Entry.objects.filter(cca_id__in=chunk)
            .values("id", "cca_id", "half", "tranche", "amount", "reversal_of_id", "run__month")
            .order_by("id")
        )
        for r in rows:
            out[r["cca_id"]].append(
                Posted(
                    id=r["id"],
                    half=Tranche(r["half"]),
                    tranche=Tranche(r["tranche"]),
                    amount=Decimal(r["amount"]),
                    reversal_of=r["reversal_of_id"],
                    run_month=Month.of(r["run__month"]),
                )
            )
    return out


def active_holds(*, at: datetime) -> list[HoldFacts]:
    """Every hold active at ``at`` (a short list: holds are exceptions)."""
    rows = PaymentHold.objects.filter(set_at__lte=at).filter(
        Q(released_at__isnull=True) | Q(released_at__gt=at)
    )
    return [hold_facts(h) for h in rows]


def hold_facts(hold: PaymentHold) -> HoldFacts:
    return HoldFacts(
        id=hold.pk,
        scope=HoldScope(hold.scope),
        target_id=hold.target_id,
        reason=HoldReason(hold.reason),
        set_at=hold.set_at,
        released_at=hold.released_at,
    )
