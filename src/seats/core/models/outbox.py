"""The notice outbox (SPEC 4). Services write rows in the same transaction as the change they
announce; the delivery worker (web issue) claims rows with a conditional UPDATE and sends each once.
``dedupe_key`` makes re-queuing (a re-run sweep, a retried request) a no-op."""

from django.db import models

from .cca import CCA
from .organisations import Organisation
from .people import User


class NoticeStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Notice(models.Model):
    kind = models.CharField(max_length=48)
    audience = models.CharField(
        max_length=32,
        help_text="student, guardians, counselor, primary_school, lea, provider, state",
    )
    cca = models.ForeignKey(
        CCA, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    language = models.CharField(max_length=8, default="en")
    context = models.JSONField(default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    available_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "available_at"], name="notice_queue"),
            models.Index(fields=["cca", "kind"], name="notice_cca_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.audience} (CCA {self.cca_id})"
