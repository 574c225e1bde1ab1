"""Policy settings: named, dated values per school year that override SPEC's defaults."""

from django.db import models

from .people import User


class PolicySetting(models.Model):
    """Append-only: a change is a new row; the newest row in force for a key wins."""

    school_year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=64)
    value = models.JSONField()
    effective_on = models.DateField()
    reason = models.CharField(max_length=255)
    set_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["school_year", "key", "effective_on"])]
        ordering = ["school_year", "key", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.school_year} {self.key}={self.value} from {self.effective_on}"
