"""Records of data exchange. An import run says who sent which file (by its SHA-256), when, what
it asked for (a dry run, all-or-nothing or partial) and how it ended, so a provider's upload can be
traced even when it was refused and wrote nothing else."""

from django.db import models

from seats.core.models import Organisation, User


class ImportOutcome(models.TextChoices):
    CHECKED = "checked", "Dry run: every row valid"
    CHECK_FAILED = "check_failed", "Dry run: rows with errors"
    APPLIED = "applied", "Applied"
    PARTIALLY_APPLIED = "partially_applied", "Valid rows applied, others refused"
    REFUSED = "refused", "Refused: nothing written"


class ImportRun(models.Model):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=32)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=8, help_text="csv or xlsx")
    as_of = models.DateField()
    dry_run = models.BooleanField()
    partial = models.BooleanField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    rows = models.PositiveIntegerField(help_text="Data rows in the file (blank lines skipped).")
    rows_ok = models.PositiveIntegerField()
    rows_with_errors = models.PositiveIntegerField()
    rows_applied = models.PositiveIntegerField()
    history_entries = models.PositiveIntegerField(help_text="CCA history entries written.")
    outcome = models.CharField(max_length=20, choices=ImportOutcome.choices)
    first_errors = models.JSONField(
        default=list, blank=True, help_text="Up to 100 [line, column, message] of the report."
    )

    class Meta:
        indexes = [models.Index(fields=["provider", "-started_at"], name="import_by_provider")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.outcome}, {self.rows} rows)"
