"""Background work for the updates app, run by the task worker after the change has committed.

Each task is safe to run twice or late: it re-reads the row and does nothing when
there is nothing left to do (see updates/services.py).
"""

from __future__ import annotations

from django_tasks import task

from core.tasks import SYNC


@task(queue_name=SYNC)
def sync_subscriber(subscriber_id: int) -> str:
    """Send one subscriber's latest change to Mailchimp (one try; a failure queues the next)."""
    from .services import subscriber_sync

    return subscriber_sync(subscriber_id=subscriber_id)


@task()
def process_mailchimp_event(event_id: int) -> str:
    """Apply a stored Mailchimp webhook call to our subscriber."""
    from .services import mailchimp_event_process

    return mailchimp_event_process(event_id=event_id)


@task(queue_name=SYNC)
def delete_mailchimp_member(deletion_id: int) -> str:
    """Ask Mailchimp to delete an erased person's member record permanently."""
    from .services import mailchimp_deletion_send

    return mailchimp_deletion_send(deletion_id=deletion_id)
