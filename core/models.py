"""Rows the infrastructure keeps for every app: which emails have gone out."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class EmailSend(models.Model):
    """One email the site means to send at most once, under a key naming its purpose.

    The key says what the email is for ("donations.receipt:42",
    "petitions.confirm:17:initial"), never who it goes to, so the row holds no
    personal data. A task claims the row before sending and marks it sent after;
    a claim older than EMAIL_SEND_LEASE_SECONDS belongs to a worker that died
    and may be taken over (see core/emails.py).
    """

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="core_emailsend_created")]

    def __str__(self) -> str:
        return self.key
