"""Who looked at which student records (SPEC 10): every view and export, reviewable by the state;
and who changed a student's record through a service (``StudentChange``)."""

from django.db import models
from django.utils import timezone

from .organisations import Organisation
from .people import Student, User


class AccessAction(models.TextChoices):
    VIEW = "view", "Viewed"
    LIST = "list", "Listed"
    EXPORT = "export", "Exported"


class AccessPurpose(models.TextChoices):
    """Why the records were read (SPEC 10: who, what, when and why), named by the page or API
    operation that read them; the person does not type it."""

    QUEUE = "queue", "Working the request queue"
    REVIEW = "review", "Reviewing a request"
    DECIDE = "decide", "Deciding on a request"
    FAMILY = "family", "A family following its own courses"
    CASELOAD = "caseload", "Following the school's caseload"
    STUDENT = "student", "Reviewing a student's courses"
    LEA_OVERSIGHT = "lea_oversight", "LEA oversight of its schools"
    PROVIDER_WORK = "provider_work", "Provider processing an enrollment"
    CENSUS = "census", "Provider census confirmation"
    CONTACT = "contact", "Contacting a student's counselor"
    COMPLIANCE = "compliance", "State compliance monitoring"
    DUPLICATES = "duplicates", "State review of duplicate requests"
    AUDIT = "audit", "Auditing access to student records"
    NOTICES = "notices", "Reading notices"
    EXPORT = "export", "Export to a spreadsheet"
    SIS_SYNC = "sis_sync", "Export for SIS (API)"
    SIS_EXPORT = "sis_export", "Export for SIS (file)"
    STATE_REPORTING = "state_reporting", "State reporting (UTREx)"
    PUPIL_ACCOUNTING = "pupil_accounting", "Pupil accounting (membership)"
    STATEMENT = "statement", "Reconciling a payment or withholding statement"


class AccessLog(models.Model):
    """Append-only. ``what`` names the record or list ("CCA 42", "CCA list: status=confirmed");
    no personal data is copied here, only keys."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=32)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    what = models.CharField(max_length=200)
    student = models.ForeignKey(
        Student, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cca_id = models.BigIntegerField(null=True, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True, help_text="Rows listed/exported.")
    channel = models.CharField(max_length=16, default="web", help_text="web, api or file")
    purpose = models.CharField(
        max_length=32, choices=AccessPurpose.choices, blank=True, help_text="Why (SPEC 10)."
    )

    class Meta:
        indexes = [
            models.Index(fields=["student", "at"], name="access_by_student"),
            models.Index(fields=["user", "at"], name="access_by_user"),
            # The state's access-log filters, each a range scan in the page's (at desc) order.
            models.Index(fields=["organisation", "at"], name="access_by_org"),
            models.Index(fields=["action", "at"], name="access_by_action"),
            models.Index(
                fields=["cca_id", "at"],
                name="access_by_cca",
                condition=models.Q(cca_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.what} at {self.at:%Y-%m-%d %H:%M}"


class StudentChange(models.Model):
    """Append-only: a change to a student's record made through a service (the SSID entered by
    the state or a provider), with who made it in which role. Never updated or deleted."""

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="changes", db_index=False
    )  # indexed by (student, at)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    actor_role = models.CharField(max_length=32)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(max_length=32)
    old_value = models.CharField(max_length=64, blank=True, default="")
    new_value = models.CharField(max_length=64, blank=True, default="")
    channel = models.CharField(max_length=16, default="web", help_text="web, api or admin")

    class Meta:
        indexes = [models.Index(fields=["student", "at"], name="student_change_by_student")]

    def __str__(self) -> str:
        return f"Student {self.student_id} {self.field} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError("Student changes are append-only: entries are never changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object):  # type: ignore[override]
        raise RuntimeError("Student changes are append-only: entries are never deleted.")
