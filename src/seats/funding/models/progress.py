"""The state's approval of a month's preview, and the progress of posting it (the web page
polls it). Operational records: the ledger itself is ``PaymentRun``/``Entry``/``Leg``."""

from django.db import models

from seats.core.models import User

from .ledger import MONEY


class RunApproval(models.Model):
    """A state administrator approved what the preview of ``month`` showed: the run posts only
    if it would post exactly that (the same entries and total)."""

    month = models.DateField(help_text="The first day of the month paid.")
    entries = models.PositiveIntegerField()
    total = models.DecimalField(**MONEY)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by_role = models.CharField(max_length=32)
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["-approved_at", "-id"]
        indexes = [models.Index(fields=["month", "-approved_at"], name="run_approval_month")]

    def __str__(self) -> str:
        return f"Approval of {self.month:%Y-%m}: {self.entries} entries, {self.total}"


class RunProgress(models.Model):
    """One attempt to post a month: written outside the posting transaction (so another request
    can read it while the run is being written), before and after it."""

    class State(models.TextChoices):
        RUNNING = "running", "Posting"
        POSTED = "posted", "Posted"
        NOTHING = "nothing", "Nothing posted (already posted)"
        FAILED = "failed", "Not posted"

    month = models.DateField()
    approval = models.ForeignKey(RunApproval, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=State.choices, default=State.RUNNING)
    step = models.CharField(max_length=200, blank=True, default="")
    entries = models.PositiveIntegerField(default=0)
    total = models.DecimalField(**MONEY, default=0)
    message = models.TextField(blank=True, default="")
    started_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name_plural = "run progress"

    def __str__(self) -> str:
        return f"Posting {self.month:%Y-%m}: {self.state}"
