"""Course offerings (SPEC 2)."""

from django.db import models

from seats.domain.catalog import TermType
from seats.domain.policy import Tier

from .organisations import Organisation


class CourseOffering(models.Model):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="offerings")
    core_code = models.CharField("USBE core code", max_length=16)
    usbe_title = models.CharField("USBE course title", max_length=200)
    provider_title = models.CharField(max_length=200)
    credit = models.DecimalField(max_digits=3, decimal_places=2)
    term_type = models.CharField(
        max_length=16, choices=[(t.value, t.value.title()) for t in TermType]
    )
    content_categories = models.JSONField(default=list)
    tier = models.CharField(max_length=4, choices=[(t.value, f"Tier {t.value}") for t in Tier])
    grade_min = models.PositiveSmallIntegerField(default=6)
    grade_max = models.PositiveSmallIntegerField(default=12)
    prerequisites = models.TextField(blank=True, default="")
    is_open = models.BooleanField(default=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    description = models.TextField(blank=True, default="")
    mature_content = models.BooleanField(default=False)
    ncaa_note = models.CharField("NCAA approval note", max_length=200, blank=True, default="")
    is_health = models.BooleanField(
        default=False, help_text="Health I / Health II: grades 6-8 need the counselor's approval."
    )
    first_school_year = models.PositiveSmallIntegerField()
    last_school_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["provider", "core_code"]),
            models.Index(fields=["tier", "is_open"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "core_code", "provider_title", "first_school_year"],
                name="one_offering_per_provider_code_title_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_title} ({self.core_code}, {self.credit} cr)"

    def offered_in(self, school_year: int) -> bool:
        return self.first_school_year <= school_year and (
            self.last_school_year is None or school_year <= self.last_school_year
        )
