"""API tokens and idempotency records.

A token acts as exactly one of its user's role memberships, so the API never sees more than the
web app shows that user in that role. Only a SHA-256 hash of the secret is stored: a leaked
database does not leak working tokens. Idempotency records keep the first response to a POST so
that a retried request (same token, same key, same body) is answered without acting again.
"""

from __future__ import annotations

from django.db import models

from seats.core.models import RoleMembership, User


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    membership = models.ForeignKey(
        RoleMembership,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="The role and organisation the token acts as.",
    )
    name = models.CharField(max_length=100, blank=True, default="")
    prefix = models.CharField(
        max_length=16, unique=True, help_text="Shown to identify the token; not secret."
    )
    secret_hash = models.CharField(max_length=64, help_text="SHA-256 of the whole token (hex).")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"
        indexes = [models.Index(fields=["user", "created_at"], name="api_token_user")]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name or 'unnamed'})"


class IdempotencyRecord(models.Model):
    """The stored answer to one POST with an Idempotency-Key (kept 24 hours)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(blank=True, default="")
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="one_answer_per_token_key")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created")]

    def __str__(self) -> str:
        return f"{self.key} -> {self.status_code}"
