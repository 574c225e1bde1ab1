"""The home and private school appropriation of a school year and the obligations on it
(R277-726-9; seats.domain.funding.appropriation)."""

from django.db import models

from seats.core.models import CCA, User

from .ledger import MONEY, AppendOnly


class Appropriation(models.Model):
    """The year's amount as the state last recorded it (each change is an
    ``AppropriationChange``). Approvals of home-school requests lock this row, so two at once
    cannot both spend the last of it."""

    school_year = models.PositiveSmallIntegerField(unique=True)
    amount = models.DecimalField(**MONEY)
    home_share_percent = models.DecimalField(max_digits=5, decimal_places=2, default=50)
    obligated_elsewhere = models.DecimalField(
        **MONEY, default=0, help_text="Private-school tuition obligated outside SEATS."
    )
    set_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField()

    class Meta:
        ordering = ["school_year"]
        constraints = [
            models.CheckConstraint(name="appropriation_amount", condition=models.Q(amount__gte=0)),
            models.CheckConstraint(
                name="appropriation_home_share",
                condition=models.Q(home_share_percent__gte=50, home_share_percent__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"Appropriation {self.school_year}: {self.amount}"


class AppropriationChange(AppendOnly):
    """Every amount the state recorded for a year, who and when (append-only)."""

    school_year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(**MONEY)
    home_share_percent = models.DecimalField(max_digits=5, decimal_places=2)
    obligated_elsewhere = models.DecimalField(**MONEY)
    note = models.TextField(blank=True, default="")
    set_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    set_by_role = models.CharField(max_length=32)
    set_at = models.DateTimeField()

    class Meta:
        ordering = ["school_year", "id"]

    def __str__(self) -> str:
        return f"{self.school_year}: {self.amount} ({self.set_at:%Y-%m-%d})"


class Obligation(AppendOnly):
    """The fee of a home-school CCA, obligated when the state approved it. Its release is not
    stored: it follows from the CCA (ended without payment), see the domain module."""

    cca = models.OneToOneField(CCA, on_delete=models.PROTECT, related_name="+")
    school_year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(**MONEY)
    balance_before = models.DecimalField(
        **MONEY, help_text="Available to home-school requests before this approval."
    )
    obligated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    obligated_by_role = models.CharField(max_length=32)
    obligated_at = models.DateTimeField()

    class Meta:
        ordering = ["school_year", "obligated_at", "id"]
        indexes = [models.Index(fields=["school_year"], name="obligation_year")]
        constraints = [
            models.CheckConstraint(name="obligation_amount", condition=models.Q(amount__gt=0))
        ]

    def __str__(self) -> str:
        return f"Obligation: CCA {self.cca_id} {self.amount}"
