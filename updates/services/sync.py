"""Sending one subscriber's change to Mailchimp, once, never waiting inside a task; and the sweep that finds changes left behind.

How "exactly once per change" holds:
- each change bumps `Subscriber.change_version`; Mailchimp's acceptance records the
  version it carried in `synced_version`, so a task that runs twice finds nothing to do;
- a worker claims the row (a conditional UPDATE on `sync_claimed_at`) before calling,
  so two workers never send the same change at the same time;
- the call itself is an idempotent PUT keyed by the address's hash, so even a call
  repeated after a lost answer leaves one member with the same fields.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.tasks import backoff_seconds, enqueue_later

from .. import mailchimp
from ..models import (
    MailchimpStatus,
    Subscriber,
    SyncState,
)

logger = logging.getLogger(__name__)


# However long Mailchimp has been failing, the next try is at most this far off.
RETRY_CAP_SECONDS = 3600.0


# --- Sending one subscriber ----------------------------------------------------------


def source_tag(source: str) -> str:
    """The Mailchimp tag for where someone signed up ("petition:open-the-trials")."""
    return source[:100]


def member_body(subscriber: Subscriber) -> dict[str, Any]:
    """What our PUT says about a member.

    `status_if_new: "pending"` makes Mailchimp send its own double opt-in email to
    a new member and is ignored for an existing one, so an unsubscribe in Mailchimp
    is never undone by us. A `status` is sent only when the person signed up again
    after unsubscribing (fresh consent), and then only "pending": they are back only
    once they confirm. Interests are only ever switched on, never off, so choices a
    person made in Mailchimp's own preferences page are kept.
    """
    merge_fields = {}
    if subscriber.first_name:
        merge_fields["FNAME"] = subscriber.first_name
    if settings.MAILCHIMP_COUNTRY_MERGE_FIELD and subscriber.country:
        merge_fields[settings.MAILCHIMP_COUNTRY_MERGE_FIELD] = subscriber.country.code
    body: dict[str, Any] = {
        "email_address": subscriber.email,
        "status_if_new": "pending",
        "merge_fields": merge_fields,
    }
    if subscriber.language:
        body["language"] = mailchimp.member_language(subscriber.language)
    interests = {
        interest.mailchimp_interest_id: True
        for interest in subscriber.interests.all()
        if interest.mailchimp_interest_id
    }
    if interests:
        body["interests"] = interests
    if subscriber.resubscribe_requested:
        body["status"] = "pending"
    return body


def _claim(subscriber_id: int) -> Subscriber | None:
    """Take the right to send this subscriber's change, or None if there is nothing to
    send, another live worker holds it, or its retry is not due yet (a duplicate task, or
    the sweep and the deferred task both, must not call Mailchimp inside the back-off)."""
    now = timezone.now()
    claimed = Subscriber.objects.filter(pk=subscriber_id).due(now=now).update(sync_claimed_at=now)
    if not claimed:
        return None
    return Subscriber.objects.prefetch_related("interests").get(pk=subscriber_id)


def retry_backoff(failures: int) -> float:
    """Seconds to wait before the next try after `failures` earlier failed ones:
    MAILCHIMP_RETRY_BASE_SECONDS doubling each time, with jitter, at most an hour."""
    return backoff_seconds(
        failures, base=settings.MAILCHIMP_RETRY_BASE_SECONDS, cap=RETRY_CAP_SECONDS
    )


def _finish(subscriber: Subscriber, **fields: Any) -> None:
    """Record an outcome and release the claim."""
    Subscriber.objects.filter(pk=subscriber.pk).update(sync_claimed_at=None, **fields)


def subscriber_sync(*, subscriber_id: int) -> str:
    """Send one subscriber's latest change to Mailchimp; returns what happened, in words.

    One try per run: the PUT and, with a subscriber's first sync, the source tag. When
    Mailchimp fails for now (a timeout, a lost connection, 429, 5xx, every connection
    slot busy) the run records the error, counts the failure, sets `next_attempt_at`
    (MAILCHIMP_RETRY_BASE_SECONDS doubling per failure, with jitter, at most an hour),
    queues the task again for then, and returns: it never sleeps. After
    MAILCHIMP_FAILING_AFTER_ATTEMPTS failures in a row editors see the subscriber as
    "failing"; it goes on being retried. A permanent refusal is recorded with
    Mailchimp's message and not retried until the subscriber changes again or an
    editor asks (`manage.py mailchimp_sync --retry-failed`).
    """
    gateway = mailchimp.mailchimp_gateway()
    if gateway is None:
        Subscriber.objects.filter(pk=subscriber_id).unsynced().update(
            sync_state=SyncState.NOT_CONNECTED
        )
        return "Mailchimp is not connected; kept locally."
    subscriber = _claim(subscriber_id)
    if subscriber is None:
        return "Nothing to send (already synced, refused, being sent or not due yet)."
    version = subscriber.change_version
    try:
        answer = gateway.member_upsert(email=subscriber.email, body=member_body(subscriber))
        if not subscriber.last_synced_at:
            # Tags cannot ride on the PUT; the source tag goes once, with the first sync.
            # If it fails for now the next try repeats the PUT too, which is idempotent.
            _tag(gateway, subscriber)
    except mailchimp.MailchimpTemporaryError as exc:
        logger.info("Mailchimp sync of subscriber %s: %s", subscriber.pk, exc.message)
        retry_at = _postpone(subscriber, error=exc.message)
        return f"Mailchimp is failing ({exc.message}); will retry after {retry_at:%H:%M:%S}."
    except mailchimp.MailchimpPermanentError as exc:
        _finish(
            subscriber,
            sync_state=SyncState.FAILED,
            sync_error=exc.message,
            sync_attempts=F("sync_attempts") + 1,
            next_attempt_at=None,
        )
        return f"Refused by Mailchimp: {exc.message}"
    _record_synced(subscriber, version=version, answer=answer)
    return "Synced."


def _postpone(subscriber: Subscriber, *, error: str) -> datetime:
    """Record a temporary failure, release the claim and schedule the next try."""
    from .. import tasks

    failures = subscriber.sync_attempts + 1
    retry_at = timezone.now() + timedelta(seconds=retry_backoff(failures - 1))
    failing = failures >= settings.MAILCHIMP_FAILING_AFTER_ATTEMPTS
    _finish(
        subscriber,
        sync_state=SyncState.FAILING if failing else SyncState.RETRYING,
        sync_error=error,
        sync_attempts=failures,
        next_attempt_at=retry_at,
    )
    # On the database queue a task waits for `retry_at`; elsewhere the sweep finds it.
    enqueue_later(tasks.sync_subscriber, retry_at, subscriber.pk)
    return retry_at


def _tag(gateway: mailchimp.MailchimpGateway, subscriber: Subscriber) -> None:
    """Add the source tag. A refusal here is logged, not fatal: the member itself is in."""
    try:
        gateway.member_tags_add(email=subscriber.email, tags=[source_tag(subscriber.source)])
    except mailchimp.MailchimpPermanentError as exc:
        logger.warning("Mailchimp refused the tag of subscriber %s: %s", subscriber.pk, exc.message)


def _record_synced(subscriber: Subscriber, *, version: int, answer: Any) -> None:
    now = timezone.now()
    status = answer.get("status", "") if isinstance(answer, dict) else ""
    fields: dict[str, Any] = {
        "synced_version": version,
        "sync_error": "",
        "sync_attempts": 0,
        "next_attempt_at": None,
        "last_synced_at": now,
    }
    if status in MailchimpStatus.values:
        # Mailchimp's answer is its current state; `mailchimp_status_at` stays the time of
        # the last webhook, which alone orders webhooks (their clock, not ours).
        fields["mailchimp_status"] = status
    if subscriber.resubscribe_requested:
        fields["resubscribe_requested"] = False
    with transaction.atomic():
        _finish(subscriber, **fields)
        # Synced only if nothing changed while we were sending; otherwise the newer
        # change is still pending and gets its own task.
        Subscriber.objects.filter(pk=subscriber.pk, change_version=version).update(
            sync_state=SyncState.SYNCED
        )
        newer = Subscriber.objects.filter(pk=subscriber.pk, change_version__gt=version).exists()
    if newer:
        from .. import tasks

        tasks.sync_subscriber.enqueue(subscriber.pk)


# --- Sweep: interrupted and postponed syncs ---------------------------------------------


def subscribers_sweep(*, limit: int = 10_000) -> int:
    """Enqueue a sync for every subscriber whose change is due and not being sent.

    Covers a worker killed mid-task (its claim has outlived the lease), a task
    lost before it ran, retries whose backoff has passed, and sign-ups made while
    Mailchimp was not connected. Enqueuing twice is harmless: the second task finds
    the change already claimed or sent.
    """
    if not mailchimp.is_configured():
        return 0
    from .. import tasks

    due = list(Subscriber.objects.due().order_by("pk").values_list("pk", flat=True)[:limit])
    Subscriber.objects.filter(pk__in=due, sync_state=SyncState.NOT_CONNECTED).update(
        sync_state=SyncState.PENDING
    )
    for pk in due:
        tasks.sync_subscriber.enqueue(pk)
    return len(due)


def subscribers_retry_failed() -> int:
    """An editor has fixed the cause of refusals (a wrong list id, say): try those again."""
    return (
        Subscriber.objects.unsynced()
        .filter(sync_state=SyncState.FAILED)
        .update(sync_state=SyncState.PENDING, sync_error="", sync_attempts=0, next_attempt_at=None)
    )
