"""The double-entry, append-only ledger of payments (seats.domain.funding.ledger, ADR 0011).

An ``Entry`` pays (or reverses) one half of one CCA's fee in one run; its ``Leg`` rows move the
amount between accounts and sum to zero (checked by the posting service before commit). Unique
keys make a double payment impossible: one payment per (CCA, tranche) that reverses nothing,
and one entry per ``reversal_of``.
"""

from django.db import models
from django.db.models import F, Q

from seats.core.models import CCA, CCAHistory, Organisation, User
from seats.domain.funding.ledger import AccountKind
from seats.domain.funding.tranches import Tranche

from .holds import PaymentHold

MONEY = {"max_digits": 12, "decimal_places": 2}


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError(f"{type(self).__name__} rows are append-only: never changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object):  # type: ignore[override]
        raise RuntimeError(f"{type(self).__name__} rows are append-only: never deleted.")


class Account(models.Model):
    kind = models.CharField(max_length=24, choices=[(k.value, k.value) for k in AccountKind])
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "organisation"],
                name="account_per_organisation",
                condition=Q(organisation__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["kind", "school_year"],
                name="account_per_year",
                condition=Q(organisation__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.organisation_id or self.school_year or ''}".strip()


class PaymentRun(AppendOnly):
    """A posted monthly run. The unique month makes a second run for it impossible."""

    month = models.DateField(unique=True, help_text="The first day of the month paid.")
    run_date = models.DateField(help_text="The MSP transfer date.")
    posted_at = models.DateTimeField()
    posted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    posted_by_role = models.CharField(max_length=32)
    entries = models.PositiveIntegerField(default=0)
    total = models.DecimalField(**MONEY, default=0)

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"Run {self.month:%Y-%m}"


TRANCHES = [(t.value, t.value) for t in Tranche]


class Entry(AppendOnly):
    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="ledger_entries")
    cca = models.ForeignKey(CCA, on_delete=models.PROTECT, related_name="+", db_index=False)
    half = models.CharField(max_length=8, choices=TRANCHES[:2])
    tranche = models.CharField(max_length=8, choices=TRANCHES)
    amount = models.DecimalField(**MONEY, help_text="To the provider; negative for a reversal.")
    history = models.ForeignKey(
        CCAHistory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text="The history entry that made the tranche payable.",
    )
    reversal_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    hold = models.ForeignKey(
        PaymentHold, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    lea = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    posted_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "entries"
        indexes = [
            models.Index(fields=["cca", "half"], name="entry_cca_half"),
            models.Index(fields=["provider", "run"], name="entry_provider_run"),
            models.Index(fields=["lea", "run"], name="entry_lea_run"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cca", "tranche"],
                name="entry_one_payment_per_tranche",
                condition=Q(reversal_of__isnull=True),
            ),
            models.CheckConstraint(name="entry_half", condition=Q(half__in=["first", "second"])),
            models.CheckConstraint(
                name="entry_tranche_amount",
                condition=(Q(tranche="reversal", amount__lt=0, reversal_of__isnull=False))
                | (Q(tranche=F("half"), amount__gt=0)),
            ),
        ]

    def __str__(self) -> str:
        return f"Entry {self.pk}: CCA {self.cca_id} {self.tranche} {self.amount}"


class Leg(AppendOnly):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="legs")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="legs")
    amount = models.DecimalField(**MONEY, help_text="What the account receives (negative: gives).")

    class Meta:
        constraints = [models.CheckConstraint(name="leg_not_zero", condition=~Q(amount=0))]

    def __str__(self) -> str:
        return f"Leg {self.pk}: {self.amount} to account {self.account_id}"
