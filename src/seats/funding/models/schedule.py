"""The Minimum School Program transfer schedule: the run date of each month (R277-726-6(12))."""

from django.db import models

from seats.core.models import User


class MspRun(models.Model):
    """One month's scheduled transfer date, loaded by the state per school year."""

    school_year = models.PositiveSmallIntegerField()
    month = models.DateField(unique=True, help_text="The first day of the month paid.")
    run_date = models.DateField()
    loaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month"]
        verbose_name = "MSP run date"
        constraints = [
            models.CheckConstraint(name="msp_month_first_day", condition=models.Q(month__day=1)),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} run on {self.run_date}"
