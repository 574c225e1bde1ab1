"""Writing a run: its entries and then their legs with set-based SQL, then the balance check,
all inside the caller's transaction (``runs.post_run``).

The legs follow ``seats.domain.funding.ledger``: the provider receives the entry's amount, the
source gives it (the primary LEA's withholding, or for a ``HOME`` CCA the appropriation of the
CCA's school year). Each kind of leg is one ``INSERT ... SELECT`` over the run's entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count, Sum

from seats.core.models import CCA, Organisation
from seats.domain.funding.ledger import HOME_LEA_CODE, AccountKind

from ..models import Account, Entry, Leg, PaymentRun
from . import setplan
from .accounts import accounts_for

if TYPE_CHECKING:
    from .runs import RunPlan


def write_run(
    *, run: PaymentRun, plan: RunPlan, payees: list[tuple[int, int, str, int]], now: datetime
) -> None:
    """Write the run planned in ``setplan``'s temporary plan: the accounts it needs, its
    entries (two ``INSERT ... SELECT``), both legs of every entry (one more), the balance check,
    and the run's count and total."""
    accounts_for([_Payee(*p) for p in payees])  # every account the legs need exists first
    setplan.insert(run_id=run.pk, now=now)
    _insert_legs(run)
    _check_balanced(run)
    PaymentRun.objects.filter(pk=run.pk).update(entries=plan.entries, total=plan.total)


@dataclass(frozen=True)
class _Payee:
    provider_id: int
    lea_id: int
    lea_code: str
    school_year: int


def _insert_legs(run: PaymentRun) -> None:
    """Both legs of every entry of the run in ONE statement: on PostgreSQL a statement trigger
    then checks that each entry's legs balance (migration 0002)."""
    leg, entry, account = Leg._meta.db_table, Entry._meta.db_table, Account._meta.db_table
    org, cca = Organisation._meta.db_table, CCA._meta.db_table
    provider_legs = (  # the provider receives the amount
        f"SELECT e.id, a.id, e.amount FROM {entry} e JOIN {account} a "
        "ON a.kind = %s AND a.organisation_id = e.provider_id WHERE e.run_id = %s"
    )
    lea_legs = (  # the primary LEA's withholding gives it
        f"SELECT e.id, a.id, -e.amount FROM {entry} e "
        f"JOIN {org} o ON o.id = e.lea_id AND o.code <> %s "
        f"JOIN {account} a ON a.kind = %s AND a.organisation_id = e.lea_id "
        "WHERE e.run_id = %s"
    )
    home_legs = (  # or, for a home-school CCA, the appropriation of its school year
        f"SELECT e.id, a.id, -e.amount FROM {entry} e "
        f"JOIN {org} o ON o.id = e.lea_id AND o.code = %s "
        f"JOIN {cca} c ON c.id = e.cca_id "
        f"JOIN {account} a ON a.kind = %s AND a.organisation_id IS NULL "
        "AND a.school_year = c.school_year WHERE e.run_id = %s"
    )
    sql = (
        f"INSERT INTO {leg} (entry_id, account_id, amount) "
        f"{provider_legs} UNION ALL {lea_legs} UNION ALL {home_legs}"
    )
    params = [
        AccountKind.PROVIDER.value,
        run.pk,
        HOME_LEA_CODE,
        AccountKind.LEA_WITHHOLDING.value,
        run.pk,
        HOME_LEA_CODE,
        AccountKind.APPROPRIATION.value,
        run.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _check_balanced(run: PaymentRun) -> None:
    """Every entry of the run has two legs that sum to zero; otherwise nothing is posted."""
    per_entry = (
        Leg.objects.filter(entry__run=run)
        .values("entry_id")
        .annotate(total=Sum("amount"), legs=Count("id"))
    )
    bad = per_entry.exclude(total=0, legs=2).exists()
    with_legs = per_entry.count()
    if bad or with_legs != Entry.objects.filter(run=run).count():
        raise RuntimeError(f"unbalanced ledger entries in run {run.month:%Y-%m}; nothing posted")
