"""Emails sent at most once per purpose, even when the task sending them runs twice.

A task can run twice: the sweep re-queues one whose worker died, a webhook is
delivered again, a person presses a button twice. An email is the one thing a
retry cannot take back, so every email a task sends goes through `send_once`
under a key naming its purpose ("donations.receipt:<payment>"). The key's row is
claimed before sending and marked sent after:

- sent already: nothing happens;
- claimed by a live worker (within EMAIL_SEND_LEASE_SECONDS): nothing happens;
- claimed by a worker that died before sending: the claim has expired and the
  next run sends it;
- the mail server refused: the claim is released, so a later run can send it.

The one window left is a worker that dies after the mail server accepted the
message and before the row is marked: then a later run sends it again. No code
can know which side of that line it died on; everywhere else it is once.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import EmailSend

logger = logging.getLogger(__name__)


class EmailNotSent(Exception):
    """The mail server did not take the message; the claim is released for a retry."""


def _claim(key: str) -> EmailSend | None:
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.EMAIL_SEND_LEASE_SECONDS)
    try:
        with transaction.atomic():
            row, _ = EmailSend.objects.get_or_create(key=key)
    except IntegrityError:  # another worker made the row a moment ago
        row = EmailSend.objects.get(key=key)
    claimed = (
        EmailSend.objects.filter(pk=row.pk, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    return row if claimed else None


def email_was_sent(key: str) -> bool:
    return EmailSend.objects.filter(key=key, sent_at__isnull=False).exists()


def send_once(*, key: str, build: Callable[[], EmailMessage | None]) -> bool:
    """Send the message `build` makes, unless the email under `key` went out already
    or is being sent. Returns True if this call sent it.

    `build` runs only once the claim is held, and may return None when there is
    nothing to send after all (the person was erased meanwhile): the purpose then
    counts as done. Raises EmailNotSent if the mail server refused.
    """
    row = _claim(key)
    if row is None:
        return False
    try:
        message = build()
        if message is not None:
            message.send(fail_silently=False)
    except Exception as error:
        EmailSend.objects.filter(pk=row.pk).update(
            claimed_at=None, last_error=f"{type(error).__name__}: {error}"[:500]
        )
        raise EmailNotSent(str(error)) from error
    EmailSend.objects.filter(pk=row.pk).update(sent_at=timezone.now(), last_error="")
    return message is not None


def send_once_or_retry(
    *,
    key: str,
    build: Callable[[], EmailMessage | None],
    task,
    args: tuple = (),
    kwargs: dict | None = None,
    base_seconds: float = 60.0,
    max_attempts: int = 8,
) -> bool:
    """`send_once`, and if the mail server refuses, queue `task(*args, **kwargs)` again
    for later instead of waiting: backing off (with jitter) by how often this email
    has been tried. Returns whether this call sent it.

    Raises EmailNotSent when the email has been tried `max_attempts` times, or when
    the queue cannot hold a task for later (the task then fails, visibly).
    """
    from .tasks import backoff_seconds, enqueue_later

    try:
        return send_once(key=key, build=build)
    except EmailNotSent:
        attempts = EmailSend.objects.filter(key=key).values_list("attempts", flat=True).first()
        attempts = attempts or 1
        if attempts >= max_attempts:
            logger.error("Email %s not sent after %s tries: giving up", key, attempts)
            raise
        delay = backoff_seconds(attempts - 1, base=base_seconds)
        when = timezone.now() + datetime.timedelta(seconds=delay)
        if not enqueue_later(task, when, *args, **(kwargs or {})):
            raise
        logger.warning("Email %s not sent; trying again in %.0f s", key, delay)
        return False


def email_is_claimed(key: str) -> bool:
    """Whether a run holds (or held) the claim on this email and has not released it."""
    return EmailSend.objects.filter(key=key, claimed_at__isnull=False).exists()


def templated_message(
    *, template: str, context: dict, to: list[str], from_email: str | None = None
) -> EmailMessage:
    """An email whose subject and body come from `<template>_subject.txt` and `<template>.txt`."""
    from django.template.loader import render_to_string

    subject = render_to_string(f"{template}_subject.txt", context)
    body = render_to_string(f"{template}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
    )


def email_sends_prune(*, days: int = 90) -> int:
    """Forget emails sent long ago: no task runs that late."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = EmailSend.objects.filter(created_at__lt=cutoff).delete()
    return deleted
