"""The state's funding summary (issue 10, item 6): a school year month by month (paid to
providers, withheld from LEAs, paid from the home and private school appropriation), the
breakdown by provider or by LEA, and the appropriation account's balance over the year.

Each is one grouped query over the ledger (whole cents summed as integers, see
``statements.cents``); no student is named, so reading them is not an access to student
records.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BigIntegerField, Count, F, Q, Sum
from django.db.models.functions import Cast, Round

from seats.core.models import Organisation
from seats.domain.funding.ledger import HOME_LEA_CODE, AccountKind
from seats.domain.funding.months import Month
from seats.domain.funding.statements import (
    ZERO,
    BalanceLine,
    MonthBar,
    cents_to_amount,
    month_bars,
    running_balance,
    school_year_months,
)

from ..models import Account, Appropriation, Entry, Leg, PaymentRun
from .statements import cents


def _year_runs(school_year: int) -> dict[int, Month]:
    """The school year's posted runs (id -> month): the entries are then read by ``run_id``,
    with no join to the runs (one small query, at most 12 rows)."""
    months = school_year_months(school_year)
    runs = PaymentRun.objects.filter(
        month__gte=months[0].first_day(), month__lte=months[-1].first_day()
    ).values_list("id", "month")
    return {pk: Month.of(day) for pk, day in runs}


#: Entries of home-school CCAs (primary LEA ``HOME``): a subquery, no join per entry.
HOME = Q(lea_id__in=Organisation.objects.filter(code=HOME_LEA_CODE).values("pk"))


def _year_entries(school_year: int, runs: dict[int, Month] | None = None):  # type: ignore[no-untyped-def]
    runs = _year_runs(school_year) if runs is None else runs
    return Entry.objects.filter(run_id__in=list(runs))


@dataclass(frozen=True)
class MonthTotal:
    month: Month
    lines: int
    paid: Decimal  # net to providers (payments less reversals)
    withheld: Decimal  # net withheld from LEAs
    appropriation: Decimal  # net paid from the appropriation (HOME students)
    reversed: Decimal  # the reversals among them (negative)


def monthly_totals(
    school_year: int, *, provider_id: int | None = None, lea_id: int | None = None
) -> list[MonthTotal]:
    """Every month of the school year (July to June; a month without a run is zeros), for the
    whole state or one provider or LEA. One grouped query."""
    runs = _year_runs(school_year)
    rows = _year_entries(school_year, runs)
    if provider_id is not None:
        rows = rows.filter(provider_id=provider_id)
    if lea_id is not None:
        rows = rows.filter(lea_id=lea_id)
    grouped = {
        runs[r["run_id"]]: r
        for r in rows.values("run_id")
        .annotate(
            lines=Count("id"),
            paid=cents(),
            home=cents(HOME),
            back=cents(Q(amount__lt=0)),
        )
        .order_by()
    }
    out = []
    for month in school_year_months(school_year):
        r = grouped.get(month)
        if r is None:
            out.append(MonthTotal(month, 0, ZERO, ZERO, ZERO, ZERO))
            continue
        paid, home = cents_to_amount(r["paid"]), cents_to_amount(r["home"])
        out.append(
            MonthTotal(month, r["lines"], paid, paid - home, home, cents_to_amount(r["back"]))
        )
    return out


def chart(totals: list[MonthTotal]) -> list[MonthBar]:
    """The monthly paid-vs-withheld chart of ``monthly_totals``."""
    return month_bars([(t.month, t.paid, t.withheld, t.appropriation) for t in totals])


@dataclass(frozen=True)
class OrgTotal:
    organisation_id: int
    code: str
    name: str
    lines: int
    paid: Decimal
    reversed: Decimal

    @property
    def net(self) -> Decimal:
        return self.paid + self.reversed


def by_organisation(by: str, *, school_year: int, month: Month | None = None) -> list[OrgTotal]:
    """Totals per provider (``by="provider"``) or per LEA (``by="lea"``), for one month's run
    or the whole school year, largest net first. One grouped query."""
    runs = _year_runs(school_year)
    if month is not None:
        runs = {pk: m for pk, m in runs.items() if m == month}
    key = "provider" if by == "provider" else "lea"
    grouped = list(
        _year_entries(school_year, runs)
        .values(f"{key}_id")
        .annotate(
            lines=Count("id"),
            paid=cents(Q(amount__gt=0)),
            back=cents(Q(amount__lt=0)),
        )
        .order_by()
    )
    names = dict(
        (pk, (code, name))
        for pk, code, name in Organisation.objects.filter(
            pk__in=[r[f"{key}_id"] for r in grouped]
        ).values_list("pk", "code", "name")
    )
    out = [
        OrgTotal(
            r[f"{key}_id"],
            *names[r[f"{key}_id"]],
            r["lines"],
            cents_to_amount(r["paid"]),
            cents_to_amount(r["back"]),
        )
        for r in grouped
    ]
    return sorted(out, key=lambda t: (-t.net, t.name))


# The appropriation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AppropriationYear:
    """The home and private school appropriation account of one school year."""

    school_year: int
    account_id: int | None
    recorded: Decimal | None  # the appropriation the state recorded, when it did
    funded: Decimal  # money put into the account by other entries than payments (none yet)
    spent: Decimal  # money out: payments less reversals
    lines: list[BalanceLine]

    @property
    def balance(self) -> Decimal:
        """What is left: the recorded appropriation (or the funding legs) less what was paid."""
        return (self.recorded if self.recorded is not None else self.funded) - self.spent


def recorded_appropriation(school_year: int) -> Decimal | None:
    """The amount the state recorded for the year's appropriation (``seats appropriation set``
    or the Appropriation page); ``None`` when none is recorded (the pages then show the payments
    and the running total only)."""
    return (
        Appropriation.objects.filter(school_year=school_year)
        .values_list("amount", flat=True)
        .first()
    )


def appropriation_year(school_year: int) -> AppropriationYear:
    """The appropriation account's legs month by month (one grouped query): funding in, HOME
    payments out, and the balance after each month."""
    account = (
        Account.objects.filter(kind=AccountKind.APPROPRIATION.value, school_year=school_year)
        .values_list("pk", flat=True)
        .first()
    )
    grouped = {}
    if account is not None:
        grouped = dict(
            Leg.objects.filter(account_id=account)
            .values("entry__run__month")
            .annotate(net=Sum(Cast(Round(F("amount") * 100), BigIntegerField())))
            .order_by()
            .values_list("entry__run__month", "net")
        )
    months = []
    for month in school_year_months(school_year):
        # A payment takes money out (a negative leg), its reversal puts it back (positive).
        months.append((month, ZERO, -cents_to_amount(grouped.get(month.first_day()))))
    recorded = recorded_appropriation(school_year)
    lines = running_balance(recorded if recorded is not None else ZERO, months)
    spent = sum((m[2] for m in months), ZERO)
    return AppropriationYear(school_year, account, recorded, ZERO, spent, lines)
