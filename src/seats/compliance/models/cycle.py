"""The yearly provider cycle: what each provider has done, and its Course Request Spreadsheet."""

from django.db import models

from seats.core.models import Organisation, User


class ObligationDone(models.Model):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    school_year = models.PositiveSmallIntegerField()
    obligation = models.CharField(max_length=32)  # seats.domain.compliance.calendar.Obligation
    done_on = models.DateField()
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    note = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "school_year", "obligation"], name="one_obligation_done"
            )
        ]

    def __str__(self) -> str:
        return f"{self.obligation} {self.school_year} of {self.provider_id}: {self.done_on}"


class CatalogSubmission(models.Model):
    """One upload of next year's catalog; approved once, then it is that year's offerings."""

    SUBMITTED, APPROVED, SUPERSEDED = "submitted", "approved", "superseded"
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    school_year = models.PositiveSmallIntegerField(help_text="The catalog's school year.")
    status = models.CharField(max_length=16, default=SUBMITTED)
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sha256 = models.CharField(max_length=64)
    rows = models.JSONField(default=list)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    offerings_created = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Catalog {self.school_year} of {self.provider_id} ({self.status})"
