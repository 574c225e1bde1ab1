"""What the annual report reads besides the CCAs: imported statewide assessment scores and
satisfaction surveys, and the text the state enters (improvement plan, audit results)."""

from django.db import models

from seats.core.models import Organisation, Student, User


class ImportKind(models.TextChoices):
    SCORES = "scores", "Statewide assessment scores"
    SURVEY = "survey", "Satisfaction survey"


class ReportImport(models.Model):
    """One accepted upload (a refused one writes nothing, this row included)."""

    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    provider = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField(null=True, blank=True)
    file_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    loaded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    loaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.pk} ({self.rows} rows)"


class AssessmentScore(models.Model):
    """A student's statewide assessment result (R277-726-2(14), R277-404), loaded by the state.
    A row for the same student, test and date replaces the earlier one."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    test = models.CharField(max_length=80)
    score = models.DecimalField(max_digits=7, decimal_places=2)
    proficiency = models.CharField(max_length=32)
    taken_on = models.DateField()
    school_year = models.PositiveSmallIntegerField()
    batch = models.ForeignKey(ReportImport, on_delete=models.PROTECT, related_name="scores")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "test", "taken_on"], name="one_score_per_student_test_day"
            )
        ]
        indexes = [models.Index(fields=["school_year", "student"], name="score_year_student")]

    def __str__(self) -> str:
        return f"{self.test} {self.taken_on} (student {self.student_id})"


class SurveyAnswer(models.Model):
    """One question of a provider's student and parent satisfaction survey for a school year
    (aggregates only: how many answered, the share favourable in percent)."""

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    school_year = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField()
    question = models.CharField(max_length=300)
    responses = models.PositiveIntegerField()
    favourable_percent = models.DecimalField(max_digits=4, decimal_places=1)
    batch = models.ForeignKey(ReportImport, on_delete=models.PROTECT, related_name="answers")

    class Meta:
        ordering = ["provider", "school_year", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "school_year", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question} ({self.school_year})"


class ReportText(models.Model):
    """The improvement plan summary and the audit results the state enters for a provider's
    annual report."""

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    school_year = models.PositiveSmallIntegerField()
    improvement_plan = models.TextField(blank=True, default="")
    audit_results = models.TextField(blank=True, default="")
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "school_year"], name="one_text_per_year")
        ]

    def __str__(self) -> str:
        return f"Report text {self.provider_id} {self.school_year}"
