"""Rows the infrastructure keeps for every app: which emails have gone out, and the
consent wordings people agreed to."""

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


class ConsentPurpose(models.TextChoices):
    """What a person agrees to with a wording: each consent record names one."""

    PETITION_SIGNATURE = "petition_signature", "Petition signature"
    PETITION_UPDATES = "petition_updates", "Campaign updates, asked for on a petition"
    UPDATES_SIGNUP = "updates_signup", "Campaign updates sign-up"
    GIFT_AID_DECLARATION = "gift_aid_declaration", "Gift Aid declaration"


class ConsentWording(models.Model):
    """One wording a person agreed to, exactly as they saw it, under a version label.

    Every consent record (a petition signature and its updates opt-in, an updates
    sign-up, a Gift Aid declaration) points here, so we can always say what someone
    agreed to and when. A wording is found by its purpose and a digest of its text
    (see core/consent.py): editing a text starts a new version by itself, and the
    same text never makes two. Rows are never edited or deleted (the records protect
    them), and erasing a person keeps them: a wording is not personal data.
    """

    purpose = models.CharField(max_length=30, choices=ConsentPurpose.choices)
    version = models.CharField(
        max_length=64, help_text="The label consent records and exports show for this wording."
    )
    text = models.TextField(help_text="The words exactly as the person saw them.")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the text, to find it again.")
    first_used_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "digest"], name="core_consent_wording_one_per_text"
            )
        ]
        ordering = ["purpose", "first_used_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.version}: {self.text[:60]}"


class RunOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    OK = "ok", "Succeeded"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


class ScheduledRun(models.Model):
    """One run of a periodic job (SCHEDULED_JOBS), and the lock that keeps it single.

    The slot is the time the run was scheduled for, the same in every scheduler
    process (see core/scheduler.py). The process whose insert of (job, slot)
    succeeds runs the job; any other meets the unique constraint and leaves it
    alone, so two schedulers never run a job twice. A run that started and never
    finished belongs to a process that died once SCHEDULER_RUN_LEASE_SECONDS have
    passed. Rows older than SCHEDULER_KEEP_DAYS are pruned by a job of its own.
    """

    job = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text="The scheduled time this run stands for.")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=10, choices=RunOutcome.choices, default=RunOutcome.RUNNING
    )
    output = models.TextField(blank=True, help_text="The end of what the job printed or raised.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="core_scheduled_run_once_per_slot")
        ]
        ordering = ["-slot", "job"]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M} ({self.outcome})"
