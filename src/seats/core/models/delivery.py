"""Delivering the notice outbox (SPEC 4): one Delivery per notice, recipient and channel, the
in-app inbox, and the ledger of e-mails the worker recorded as sent.

The unique keys carry the "exactly once" promises: a notice fans out to a recipient and channel
once (``one_delivery``), an inbox message exists once per delivery (``delivery`` is one-to-one),
and a Message-ID is recorded sent once (``SentMessage.message_id``).
"""

from django.db import models

from .cca import CCA
from .outbox import Notice
from .people import LANGUAGES, User


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", "E-mail"
    INBOX = "inbox", "In-app inbox"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="deliveries")
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="deliveries"
    )
    email = models.EmailField(blank=True, default="")
    recipient_key = models.CharField(
        max_length=200, help_text="user:<id> or email:<address>; one delivery per key and channel."
    )
    channel = models.CharField(max_length=8, choices=DeliveryChannel.choices)
    language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=64, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    message_id = models.CharField(max_length=120, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "recipient_key", "channel"], name="one_delivery"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_queue"),
            models.Index(fields=["status", "lease_until"], name="delivery_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient_key} (notice {self.notice_id}, {self.status})"


class InboxMessage(models.Model):
    """What a signed-in person reads on /notices/. Written in the transaction that marks its
    delivery sent, so a delivery yields one message or none."""

    delivery = models.OneToOneField(Delivery, on_delete=models.PROTECT, related_name="message")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="inbox")
    cca = models.ForeignKey(CCA, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=48)
    language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"], name="inbox_newest")]

    def __str__(self) -> str:
        return f"{self.subject} (to user {self.user_id})"


class SentMessage(models.Model):
    """The worker's ledger of e-mails recorded as handed to the mail relay, keyed by the
    deterministic Message-ID; written with the delivery's mark-sent in one transaction."""

    message_id = models.CharField(max_length=120, unique=True)
    delivery = models.OneToOneField(Delivery, on_delete=models.PROTECT, related_name="sent")
    recipient = models.EmailField()
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.message_id
