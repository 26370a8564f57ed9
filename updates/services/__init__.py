"""Workflows for sign-ups and their journey to Mailchimp.

The rule throughout: the request that signs someone up writes only our own rows,
in one transaction, and never calls Mailchimp. After commit a task sends the
change (`subscriber_sync`). A task makes one try and never waits: when Mailchimp
fails for now it records why, sets `next_attempt_at` after a growing back-off and
queues itself for then (see core/tasks.py), so a Mailchimp outage holds up only the
`sync` queue, and only for one timeout per try. A change that a worker claimed and
never finished, or whose retry could not be deferred, is found again by
`subscribers_sweep`, which `manage.py mailchimp_sync` runs (every few minutes from
cron in production).

One module per workflow: `signup`, `sync` (and its sweep), `webhooks` (Mailchimp to
us) and `erasure`. Callers import from `updates.services`.
"""

from .erasure import (
    mailchimp_deletion_send,
    mailchimp_deletions_sweep,
    mailchimp_events_prune,
    subscriber_erase,
)
from .signup import FINAL_STATUSES, subscriber_address, subscriber_changed, subscriber_signup
from .sync import (
    member_body,
    retry_backoff,
    source_tag,
    subscriber_sync,
    subscribers_retry_failed,
    subscribers_sweep,
)
from .webhooks import WEBHOOK_TYPES, mailchimp_event_process, mailchimp_event_record

__all__ = [
    "FINAL_STATUSES",
    "WEBHOOK_TYPES",
    "mailchimp_deletion_send",
    "mailchimp_deletions_sweep",
    "mailchimp_event_process",
    "mailchimp_event_record",
    "mailchimp_events_prune",
    "member_body",
    "subscriber_address",
    "retry_backoff",
    "source_tag",
    "subscriber_changed",
    "subscriber_erase",
    "subscriber_signup",
    "subscriber_sync",
    "subscribers_retry_failed",
    "subscribers_sweep",
]
