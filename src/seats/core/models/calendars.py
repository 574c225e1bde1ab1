"""School calendars (instructional days per organisation) and the state's business-day data."""

from django.db import models

from .organisations import Organisation
from .people import User


class SchoolCalendar(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="calendar"
    )
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class SchoolDay(models.Model):
    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="one_school_day")]

    def __str__(self) -> str:
        return f"{self.calendar_id}: {self.date}"


class CalendarImport(models.Model):
    """A record of every calendar file loaded: what it replaced stays traceable."""

    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    school_years = models.JSONField(default=list)
    days_loaded = models.PositiveIntegerField()
    days_replaced = models.PositiveIntegerField()
    replaced_days = models.JSONField(default=list, help_text="ISO dates removed by this import.")
    imported_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    imported_at = models.DateTimeField()
    version = models.PositiveIntegerField(
        default=1, help_text="1 for the calendar's first import, then 2, 3 ..."
    )
    ccas_changed = models.PositiveIntegerField(default=0)
    recompute = models.JSONField(
        default=dict, blank=True, help_text="Which CCA deadlines the import moved, and how often."
    )

    def __str__(self) -> str:
        return f"{self.file_name} -> {self.calendar}"


class BusinessDayOverride(models.Model):
    """The state's correction to the holiday package: an extra closure or a reopened day."""

    date = models.DateField(unique=True)
    closed = models.BooleanField(help_text="True: a closure; False: a holiday that is worked.")
    note = models.CharField(max_length=200)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.date} {'closed' if self.closed else 'open'}: {self.note}"
