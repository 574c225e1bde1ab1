"""Record retention (R277-726-7(14)): legal holds, reviewed plans, what was removed."""

from django.db import models
from django.db.models import Q

from seats.core.models import Organisation, Student, User


class LegalHold(models.Model):
    student = models.ForeignKey(
        Student, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=200)
    set_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    set_on = models.DateField()
    released_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="legal_hold_one_target",
                condition=Q(student__isnull=False, organisation__isnull=True)
                | Q(student__isnull=True, organisation__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold {self.pk}: {self.reason}"


class RetentionPlan(models.Model):
    as_of = models.DateField()
    exited_before = models.DateField(help_text="Students who exited on or before this day.")
    created_at = models.DateTimeField()
    counts = models.JSONField(default=dict)
    oldest_exit = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Retention plan {self.pk} as of {self.as_of}"


class RetentionItem(models.Model):
    # A plan writes up to every student at once, in one INSERT ... SELECT from the students
    # table, so each per-row cost counts: one index, (plan, student), serves both keys and the
    # "is this student in the plan" probe, and the keys are not database constraints (a checked
    # key locks each referenced student row, FOR KEY SHARE: 19 s of a 400,000-student plan).
    # Django still protects them (CASCADE, PROTECT), and the rows come from the tables they name.
    plan = models.ForeignKey(
        RetentionPlan,
        on_delete=models.CASCADE,
        related_name="items",
        db_index=False,
        db_constraint=False,
    )
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    exited_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "student"], name="retention_item_once")
        ]

    def __str__(self) -> str:
        return f"Plan {self.plan_id}: student {self.student_id}"


class RetentionLog(models.Model):
    plan = models.ForeignKey(RetentionPlan, on_delete=models.PROTECT, related_name="log")
    kind = models.CharField(max_length=32)
    count = models.PositiveIntegerField()
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Plan {self.plan_id}: {self.kind} x{self.count}"


class Deidentified(models.Model):
    """A student whose personal data was removed: the row stays so report counts stay."""

    student = models.OneToOneField(Student, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(RetentionPlan, on_delete=models.PROTECT, related_name="+")
    on = models.DateTimeField()

    def __str__(self) -> str:
        return f"Student {self.student_id} de-identified"
