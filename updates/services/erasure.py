"""Erasing a subscriber here, and asking Mailchimp to delete the member for good until it confirms."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.identity import matching_email
from core.tasks import enqueue_later

from .. import mailchimp
from ..models import (
    MailchimpDeletion,
    MailchimpEvent,
    Subscriber,
    subscriber_hash,
)
from .signup import subscriber_address
from .sync import retry_backoff

logger = logging.getLogger(__name__)


# --- Erasure ---------------------------------------------------------------------------------


def subscriber_erase(*, email: str) -> bool:
    """Delete the subscriber here and ask Mailchimp to delete the member for good.

    The request is kept (as the address's hash only) until Mailchimp confirms, and
    sent by a task after commit; without Mailchimp connected it waits for the sweep.
    Returns whether we held anyone with this address.
    """
    deleted, _ = matching_email(Subscriber.objects.all(), "email", email=email).delete()
    matching_email(MailchimpEvent.objects.all(), "email", email=email).delete()
    if not deleted:
        return False
    deletion, _ = MailchimpDeletion.objects.update_or_create(
        subscriber_hash=subscriber_hash(subscriber_address(email)),
        defaults={"done_at": None, "error": ""},
    )
    from .. import tasks

    transaction.on_commit(lambda: tasks.delete_mailchimp_member.enqueue(deletion.pk))
    return True


def mailchimp_deletion_send(*, deletion_id: int) -> str:
    """Ask Mailchimp to delete an erased member for good; returns what happened, in words.

    Done only when Mailchimp deleted the member or said, about an audience that
    exists, that it has no such member (see `MailchimpGateway.member_delete_permanently`).
    Any other answer, a 404 about a wrong list id or path included, is recorded with
    Mailchimp's message, and the deletion is tried again after a back-off (a deferred
    task where the queue can hold one; the sweep otherwise). A run before the back-off
    has passed (a duplicate task, an early sweep) calls nobody.
    """
    now = timezone.now()
    deletion = MailchimpDeletion.objects.filter(pk=deletion_id, done_at__isnull=True).first()
    if deletion is None:
        return "Nothing to delete."
    if deletion.next_attempt_at and deletion.next_attempt_at > now:
        return f"Not due before {deletion.next_attempt_at:%H:%M:%S}."
    gateway = mailchimp.mailchimp_gateway()
    if gateway is None:
        return "Mailchimp is not connected; the deletion waits."
    try:
        deleted = gateway.member_delete_permanently(member_hash=deletion.subscriber_hash)
    except mailchimp.MailchimpError as exc:
        retry_at = timezone.now() + timedelta(seconds=retry_backoff(deletion.attempts))
        MailchimpDeletion.objects.filter(pk=deletion.pk).update(
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            next_attempt_at=retry_at,
            error=exc.message[:1000],
        )
        from .. import tasks

        enqueue_later(tasks.delete_mailchimp_member, retry_at, deletion.pk)
        return f"Not deleted yet: {exc.message}; will try again after {retry_at:%H:%M:%S}."
    MailchimpDeletion.objects.filter(pk=deletion.pk).update(
        done_at=timezone.now(),
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        next_attempt_at=None,
        error="",
    )
    return "Deleted from Mailchimp." if deleted else "Mailchimp has no such member: done."


def mailchimp_deletions_sweep() -> int:
    """Send again every deletion Mailchimp has not confirmed whose back-off has passed."""
    if not mailchimp.is_configured():
        return 0
    from .. import tasks

    due = list(MailchimpDeletion.objects.due().values_list("pk", flat=True))
    for pk in due:
        tasks.delete_mailchimp_member.enqueue(pk)
    return len(due)


def mailchimp_events_prune(*, days: int = 90) -> int:
    """Forget applied webhook calls after `days`: Mailchimp does not redeliver that late."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = MailchimpEvent.objects.filter(processed_at__lt=cutoff).delete()
    return deleted
