"""TOR accountability records (seats.domain.compliance.tor)."""

from django.db import models
from django.db.models import Q

from seats.core.models import CCA, Organisation, TeacherOfRecord, User
from seats.funding.models import PaymentHold


class AlignmentRequirement(models.Model):
    """Core code -> the license areas and endorsements it accepts (loaded by the state as CSV)."""

    core_code = models.CharField("USBE core code", max_length=16, unique=True)
    license_areas = models.JSONField(default=list, blank=True)
    endorsements = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=200, blank=True, default="")
    loaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.core_code}: {', '.join(self.license_areas) or 'any license'}"


class TorCycle(models.Model):
    """One provider's TOR accountability cycle of one school year."""

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    school_year = models.PositiveSmallIntegerField()
    opened_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    last_upload_on = models.DateField(null=True, blank=True)
    notified_on = models.DateField(null=True, blank=True)
    final_review_on = models.DateField(null=True, blank=True)
    noncompliance_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "school_year"], name="one_tor_cycle")
        ]

    def __str__(self) -> str:
        return f"TOR cycle {self.school_year} of {self.provider_id}"


class TorAssignment(models.Model):
    """One line of the provider's Proposed Course and TOR spreadsheet and its check result."""

    cycle = models.ForeignKey(TorCycle, on_delete=models.CASCADE, related_name="assignments")
    line = models.PositiveIntegerField()
    core_code = models.CharField(max_length=16)
    usbe_title = models.CharField(max_length=200)
    educator_name = models.CharField(max_length=160)
    teacher = models.ForeignKey(TeacherOfRecord, on_delete=models.PROTECT, related_name="+")
    concurrent_enrollment = models.BooleanField(default=False)
    background_check_date = models.DateField(null=True, blank=True)
    background_document = models.CharField(max_length=255, blank=True, default="")
    added_on = models.DateField()
    aligned = models.BooleanField(default=False)
    reasons = models.JSONField(default=list, blank=True)
    checked_on = models.DateField()

    class Meta:
        ordering = ["cycle_id", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "core_code", "teacher"], name="one_assignment_per_code_teacher"
            )
        ]

    def __str__(self) -> str:
        return f"Line {self.line}: {self.core_code} / {self.teacher_id}"


class CorrectiveAction(models.Model):
    """A Notice of Corrective Action after the final review (conditions, steps, due date)."""

    cycle = models.ForeignKey(TorCycle, on_delete=models.PROTECT, related_name="actions")
    issued_on = models.DateField()
    due_on = models.DateField()
    conditions = models.TextField()
    steps = models.TextField()
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    issued_by_role = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"Corrective action {self.pk} due {self.due_on}"


class TorHold(models.Model):
    """The funding hold "TOR not aligned" this app set on a CCA, and its release."""

    cycle = models.ForeignKey(TorCycle, on_delete=models.PROTECT, related_name="holds")
    cca = models.ForeignKey(CCA, on_delete=models.PROTECT, related_name="+")
    hold = models.OneToOneField(PaymentHold, on_delete=models.PROTECT, related_name="+")
    released_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cca"], condition=Q(released_on=None), name="one_active_tor_hold"
            )
        ]

    def __str__(self) -> str:
        return f"TOR hold on CCA {self.cca_id}"
