"""Many subscribers at once: backfilling Mailchimp in batches, and comparing the two sides.

Used by `manage.py mailchimp_sync`. A batch (POST /lists/{list_id}, up to 500
members per call) only ever *creates* members (`update_existing: false`), with
status "pending" so Mailchimp asks each of them to confirm. A member Mailchimp
already has comes back as a per-member error ("already a list member"); that
subscriber is released to the ordinary one-by-one sync, whose PUT never changes
an existing member's status. So no batch can undo an unsubscribe.

These run in the foreground of a command, never in a task, so they may wait: for a
free connection slot, and between the few tries of one batch call.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from . import mailchimp, services
from .models import MailchimpStatus, Subscriber, SyncState, subscriber_hash

BATCH_LIMIT = 500
# Tries of one batch call on temporary errors before the run stops ("run again later").
BATCH_ATTEMPTS = 5
PAGE_SIZE = 1000
EXISTS = "ERROR_CONTACT_EXISTS"

Progress = Callable[[int], None]


@dataclass
class BatchReport:
    calls: int = 0
    created: int = 0
    already_in_mailchimp: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (email, Mailchimp's message)
    stopped: str = ""  # why the run stopped early, if it did


@dataclass
class DriftReport:
    calls: int = 0
    in_mailchimp: int = 0
    local: int = 0
    missing_in_mailchimp: list[str] = field(default_factory=list)
    only_in_mailchimp: int = 0
    status_differs: list[tuple[str, str, str]] = field(default_factory=list)  # email, ours, theirs
    unsynced: int = 0
    statuses_adopted: int = 0


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def batch_member(subscriber: Subscriber) -> dict:
    """A new member for the batch call: the PUT's fields, with status "pending" and the source tag."""
    body = services.member_body(subscriber)
    body.pop("status_if_new", None)
    body["status"] = "pending"
    body["tags"] = [services.source_tag(subscriber.source)]
    return body


def batch_candidates():
    """Never-synced subscribers that are due: the ones a batch may create."""
    return Subscriber.objects.due().filter(last_synced_at__isnull=True, resubscribe_requested=False)


def _claim_chunk(ids: list[int]) -> list[Subscriber]:
    now = timezone.now()
    Subscriber.objects.filter(pk__in=ids).due(now=now).update(sync_claimed_at=now)
    return list(
        Subscriber.objects.filter(pk__in=ids, sync_claimed_at=now)
        .prefetch_related("interests")
        .order_by("pk")
    )


def _send_with_retries(gateway, members: list[dict], report: BatchReport):
    """One batch call, retried on temporary errors with the syncs' back-off (each try counted)."""
    for attempt in range(BATCH_ATTEMPTS):
        report.calls += 1
        try:
            return gateway.members_batch(members=members, update_existing=False)
        except mailchimp.MailchimpTemporaryError:
            if attempt + 1 == BATCH_ATTEMPTS:
                raise
            time.sleep(services.retry_backoff(attempt))
    raise AssertionError("unreachable")


def _gateway() -> mailchimp.MailchimpGateway:
    gateway = mailchimp.mailchimp_gateway(slot_wait=settings.MAILCHIMP_TIMEOUT)
    if gateway is None:
        raise mailchimp.MailchimpPermanentError("Mailchimp is not connected.")
    return gateway


def subscribers_batch_send(
    *, batch_size: int = BATCH_LIMIT, progress: Progress | None = None
) -> BatchReport:
    """Create every never-synced subscriber in Mailchimp, `batch_size` (at most 500) per call."""
    gateway = _gateway()
    batch_size = max(1, min(batch_size, BATCH_LIMIT))
    report = BatchReport()
    ids = list(batch_candidates().order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(ids, batch_size):
        subscribers = _claim_chunk(chunk)
        if not subscribers:
            continue
        try:
            outcome = _send_with_retries(
                gateway, [batch_member(subscriber) for subscriber in subscribers], report
            )
        except mailchimp.MailchimpError as exc:
            Subscriber.objects.filter(pk__in=[s.pk for s in subscribers]).update(
                sync_claimed_at=None, sync_error=exc.message
            )
            report.stopped = exc.message
            break
        _record_batch(subscribers, outcome, report)
        if progress:
            progress(len(chunk))
    return report


def _record_batch(subscribers: list[Subscriber], outcome, report: BatchReport) -> None:
    errors = {error["email_address"].lower(): error for error in outcome.errors}
    now = timezone.now()
    synced_by_version: dict[int, list[int]] = defaultdict(list)
    released, refused = [], []
    for subscriber in subscribers:
        error = errors.get(subscriber.email)
        if error is None:
            synced_by_version[subscriber.change_version].append(subscriber.pk)
        elif error["error_code"] == EXISTS:
            released.append(subscriber.pk)
        else:
            refused.append((subscriber.pk, subscriber.email, error["error"]))
    for version, pks in synced_by_version.items():
        Subscriber.objects.filter(pk__in=pks).update(
            synced_version=version,
            sync_claimed_at=None,
            sync_error="",
            sync_attempts=0,
            last_synced_at=now,
            mailchimp_status=MailchimpStatus.PENDING,
        )
        # Synced, unless the subscriber changed while the batch was in flight.
        Subscriber.objects.filter(pk__in=pks, change_version=version).update(
            sync_state=SyncState.SYNCED
        )
        report.created += len(pks)
    # Already a member: the one-by-one PUT (status_if_new only) takes them.
    Subscriber.objects.filter(pk__in=released).update(sync_claimed_at=None)
    report.already_in_mailchimp += len(released)
    for pk, email, message in refused:
        Subscriber.objects.filter(pk=pk).update(
            sync_claimed_at=None,
            sync_state=SyncState.FAILED,
            sync_error=message[:1000],
            sync_attempts=F("sync_attempts") + 1,
        )
        report.refused.append((email, message))


def subscribers_reconcile(*, adopt_statuses: bool = False, progress: Progress | None = None):
    """Compare our subscribers with the Mailchimp audience and report the differences.

    Mailchimp is the authority on status (people unsubscribe there); with
    `adopt_statuses` our recorded status follows it. Nothing is ever sent to Mailchimp.
    """
    gateway = _gateway()
    report = DriftReport()
    theirs: dict[str, str] = {}
    offset = 0
    while True:
        members, total = gateway.members_page(offset=offset, count=PAGE_SIZE)
        report.calls += 1
        for member in members:
            theirs[subscriber_hash(member["email_address"])] = member.get("status", "")
        offset += len(members)
        if progress:
            progress(len(members))
        if not members or offset >= total:
            break
    report.in_mailchimp = len(theirs)
    seen = 0
    adopt: dict[str, list[int]] = defaultdict(list)
    rows = Subscriber.objects.values_list(
        "pk", "email", "mailchimp_status", "last_synced_at", "synced_version", "change_version"
    ).iterator(chunk_size=2000)
    for pk, email, ours, last_synced, synced_version, change_version in rows:
        report.local += 1
        if synced_version < change_version:
            report.unsynced += 1
        status = theirs.get(subscriber_hash(email))
        if status is None:
            if last_synced:
                report.missing_in_mailchimp.append(email)
            continue
        seen += 1
        if status != ours:
            report.status_differs.append((email, ours or "unknown", status))
            if adopt_statuses and status in MailchimpStatus.values:
                adopt[status].append(pk)
    report.only_in_mailchimp = len(theirs) - seen
    for status, pks in adopt.items():
        report.statuses_adopted += Subscriber.objects.filter(pk__in=pks).update(
            mailchimp_status=status
        )
    return report
