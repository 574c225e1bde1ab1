"""Payment holds on a CCA, a provider or an LEA, with a reason code (seats.domain.funding.holds)."""

from django.db import models
from django.db.models import Q

from seats.core.models import CCA, Organisation, User
from seats.domain.funding.holds import HoldReason, HoldScope


class PaymentHold(models.Model):
    """Set and released by the state; never deleted (a release is recorded on the row)."""

    scope = models.CharField(max_length=16, choices=[(s.value, s.value) for s in HoldScope])
    cca = models.ForeignKey(CCA, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=32, choices=[(r.value, r.label) for r in HoldReason])
    note = models.TextField(blank=True, default="")
    set_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    set_by_role = models.CharField(max_length=32)
    set_at = models.DateTimeField()
    released_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_note = models.TextField(blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["scope"], name="hold_active", condition=Q(released_at=None)),
        ]
        constraints = [
            models.CheckConstraint(
                name="hold_target_matches_scope",
                condition=(Q(scope="cca", cca__isnull=False, organisation__isnull=True))
                | (Q(scope__in=["provider", "lea"], cca__isnull=True, organisation__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"Hold {self.pk} ({self.reason}) on {self.scope}"

    @property
    def target_id(self) -> int:
        return self.cca_id if self.scope == HoldScope.CCA else self.organisation_id  # type: ignore[return-value]
