"""The Mailchimp sync backlog, for the health status and the admin's Operations panel."""

from __future__ import annotations

from django.db.models import Count, Q

from core.health import Backlog

from . import mailchimp
from .models import MailchimpDeletion, Subscriber, SyncState


def mailchimp_backlog() -> Backlog:
    """Sign-ups with a change Mailchimp has not accepted yet, and erasures it has not
    confirmed. Refused ones (Mailchimp said no for good) are shown but do not wait:
    retrying them is an editor's decision, so they never count against the limit."""
    counts = Subscriber.objects.unsynced().aggregate(
        unsynced=Count("pk"),
        refused=Count("pk", filter=Q(sync_state=SyncState.FAILED)),
        failing=Count("pk", filter=Q(sync_state=SyncState.FAILING)),
    )
    deletions = MailchimpDeletion.objects.waiting().aggregate(
        waiting=Count("pk"), failing=Count("pk", filter=~Q(error=""))
    )
    return Backlog(
        waiting=counts["unsynced"] - counts["refused"] + deletions["waiting"],
        failing=counts["failing"] + deletions["failing"],
        connected=mailchimp.is_configured(),
        details={
            "signups_waiting": counts["unsynced"] - counts["refused"],
            "signups_refused": counts["refused"],
            "deletions_waiting": deletions["waiting"],
        },
    )
