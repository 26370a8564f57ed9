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
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_countries import countries

from core.tasks import backoff_seconds, enqueue_later

from . import mailchimp
from .models import (
    Consent,
    Interest,
    MailchimpDeletion,
    MailchimpEvent,
    MailchimpStatus,
    Subscriber,
    SyncState,
    subscriber_hash,
)

logger = logging.getLogger(__name__)

# However long Mailchimp has been failing, the next try is at most this far off.
RETRY_CAP_SECONDS = 3600.0

# Mailchimp statuses after which only the person (or a new sign-up of theirs) may
# bring the member back: our own syncs never send a status for them.
FINAL_STATUSES = {MailchimpStatus.UNSUBSCRIBED.value, MailchimpStatus.CLEANED.value}


def normalise_email(email: str) -> str:
    """Addresses are compared without case, as Mailchimp's member hash does."""
    return email.strip().lower()


def _enqueue_sync(subscriber_id: int) -> None:
    from . import tasks

    transaction.on_commit(lambda: tasks.sync_subscriber.enqueue(subscriber_id))


def _initial_state() -> str:
    return SyncState.PENDING if mailchimp.is_configured() else SyncState.NOT_CONNECTED


def subscriber_signup(
    *,
    email: str,
    first_name: str = "",
    country: str = "",
    interests: Iterable[str] = (),
    consent_text: str,
    consent_version: str,
    consented_at: datetime | None = None,
    source: str,
    source_url: str = "",
) -> Subscriber:
    """Someone asks for updates: record them and their consent, and send them to Mailchimp later.

    - `interests` are slugs of the editor-defined interests; unknown or inactive
      slugs are ignored. They are *added* to what the person already chose: an
      empty list (a petition signer who only ticked "send me updates") leaves a
      known subscriber's interests as they were and gives a new one none, i.e.
      the campaign's general updates only.
    - A known email is updated (a non-empty first name or country replaces the old
      one) and gets a new consent row; the caller cannot tell new from known.
    - Someone who had unsubscribed or bounced and signs up again has given fresh
      consent: their next sync asks Mailchimp to send its confirmation email again
      (status "pending"); nothing else ever changes their status in Mailchimp.

    Runs in the caller's transaction (or its own), writes only local rows, and
    enqueues the Mailchimp sync after commit. An invalid email raises Django's
    ValidationError; an unknown country code is dropped; over-long text is cut to fit.
    """
    email = normalise_email(email)
    validate_email(email)
    country = (country or "").strip().upper()
    if not countries.name(country):
        country = ""
    first_name = first_name.strip()[:100]
    source, source_url = source[:200], source_url[:500]
    consent_version = consent_version[:50]
    consented_at = consented_at or timezone.now()
    chosen = list(Interest.objects.filter(slug__in=list(interests), active=True))
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:
            try:
                # A savepoint, so a concurrent sign-up of the same address that wins the
                # race to insert turns into an update of its row instead of an error.
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email,
                        first_name=first_name,
                        country=country,
                        source=source,
                        source_url=source_url,
                        created_at=consented_at,
                        sync_state=_initial_state(),
                    )
                    created = True
            except IntegrityError:
                subscriber = Subscriber.objects.select_for_update().get(email=email)
                created = False
        else:
            created = False

        if not created:
            if first_name:
                subscriber.first_name = first_name
            if country:
                subscriber.country = country
            if subscriber.mailchimp_status in FINAL_STATUSES:
                subscriber.resubscribe_requested = True
            subscriber.change_version = F("change_version") + 1
            subscriber.sync_state = _initial_state()
            subscriber.sync_error = ""
            subscriber.sync_attempts = 0
            subscriber.next_attempt_at = None
            subscriber.save()
            subscriber.refresh_from_db()
        if chosen:
            subscriber.interests.add(*chosen)
        Consent.objects.create(
            subscriber=subscriber,
            text=consent_text,
            version=consent_version,
            consented_at=consented_at,
            source=source,
            source_url=source_url,
        )
        if mailchimp.is_configured():
            _enqueue_sync(subscriber.pk)
    return subscriber


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
    from . import tasks

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
        from . import tasks

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
    from . import tasks

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


# --- Mailchimp to us -----------------------------------------------------------------------

WEBHOOK_TYPES = {"subscribe", "unsubscribe", "profile", "upemail", "cleaned"}


def mailchimp_event_record(*, key: str, payload: dict[str, str]) -> MailchimpEvent | None:
    """Store a webhook call once; returns None when this exact call was stored before."""
    fired_at = None
    raw_fired = payload.get("fired_at", "")
    if raw_fired:
        try:
            fired_at = timezone.make_aware(datetime.strptime(raw_fired, "%Y-%m-%d %H:%M:%S"), UTC)
        except ValueError:
            fired_at = None
    email = payload.get("data[email]", "") or payload.get("data[old_email]", "")
    try:
        with transaction.atomic():
            event = MailchimpEvent.objects.create(
                key=key,
                type=payload.get("type", "")[:30],
                email=normalise_email(email)[:254],
                fired_at=fired_at,
                payload=payload,
            )
    except IntegrityError:
        return None
    from . import tasks

    transaction.on_commit(lambda: tasks.process_mailchimp_event.enqueue(event.pk))
    return event


def _newer_than_known(subscriber: Subscriber, fired_at: datetime | None) -> bool:
    """Events can arrive out of order: an older one must not overwrite a newer status."""
    if fired_at is None or subscriber.mailchimp_status_at is None:
        return True
    return fired_at >= subscriber.mailchimp_status_at


@transaction.atomic
def mailchimp_event_process(*, event_id: int) -> str:
    """Apply one stored webhook call to our subscriber; processing it twice changes nothing.

    - unsubscribe / cleaned: record the status (it then stands against our own syncs);
    - subscribe: they confirmed Mailchimp's email (or were added there): "subscribed";
    - profile: first name and country edited in Mailchimp's preferences page;
    - upemail: the address changed in Mailchimp: follow it, if the new one is not ours already.
    Events about addresses we do not hold (added in Mailchimp directly) are noted and skipped.

    Once applied, the call's form data is dropped: the row keeps its type, time,
    outcome and our subscriber's current address (none for strangers), enough to
    recognise a redelivery and to export or erase with the person.
    """
    event = MailchimpEvent.objects.select_for_update().get(pk=event_id)
    if event.processed_at:
        return event.outcome
    outcome = _apply_event(event)
    event.processed_at = timezone.now()
    event.outcome = outcome[:200]
    event.payload = {}
    event.save(update_fields=["processed_at", "outcome", "payload", "email"])
    return outcome


def _apply_event(event: MailchimpEvent) -> str:
    data = event.payload
    kind = event.type
    if kind not in WEBHOOK_TYPES:
        return f"Ignored: unknown type {kind!r}."
    when = event.fired_at or event.received_at
    if kind == "upemail":
        old = normalise_email(data.get("data[old_email]", ""))
        new = normalise_email(data.get("data[new_email]", ""))
        subscriber = Subscriber.objects.select_for_update().filter(email=old).first()
        if subscriber is None:
            event.email = ""
            return "Ignored: not one of our subscribers."
        if not new or Subscriber.objects.filter(email=new).exists():
            return "Ignored: the new address is missing or already ours."
        subscriber.email = new
        subscriber.save(update_fields=["email", "updated_at"])
        event.email = new
        return "Address updated."
    subscriber = Subscriber.objects.select_for_update().filter(email=event.email).first()
    if subscriber is None:
        event.email = ""
        return "Ignored: not one of our subscribers."
    if kind == "profile":
        first_name = data.get("data[merges][FNAME]")
        if first_name is not None:
            subscriber.first_name = first_name.strip()[:100]
        country_field = settings.MAILCHIMP_COUNTRY_MERGE_FIELD
        country = data.get(f"data[merges][{country_field}]", "").strip().upper()
        if country_field and len(country) == 2:
            subscriber.country = country
        subscriber.save(update_fields=["first_name", "country", "updated_at"])
        return "Profile updated."
    if not _newer_than_known(subscriber, event.fired_at):
        return "Ignored: older than the status we know."
    status = {
        "unsubscribe": MailchimpStatus.UNSUBSCRIBED.value,
        "cleaned": MailchimpStatus.CLEANED.value,
        "subscribe": MailchimpStatus.SUBSCRIBED.value,
    }[kind]
    subscriber.mailchimp_status = status
    subscriber.mailchimp_status_at = when
    fields = ["mailchimp_status", "mailchimp_status_at", "updated_at"]
    if status in FINAL_STATUSES:
        # Their choice in Mailchimp overrides an earlier sign-up still waiting to be sent.
        subscriber.resubscribe_requested = False
        fields.append("resubscribe_requested")
    subscriber.save(update_fields=fields)
    return f"Status: {status}."


# --- Erasure ---------------------------------------------------------------------------------


def subscriber_erase(*, email: str) -> bool:
    """Delete the subscriber here and ask Mailchimp to delete the member for good.

    The request is kept (as the address's hash only) until Mailchimp confirms, and
    sent by a task after commit; without Mailchimp connected it waits for the sweep.
    Returns whether we held anyone with this address.
    """
    email = normalise_email(email)
    deleted, _ = Subscriber.objects.filter(email=email).delete()
    MailchimpEvent.objects.filter(email=email).delete()
    if not deleted:
        return False
    deletion, _ = MailchimpDeletion.objects.update_or_create(
        subscriber_hash=subscriber_hash(email), defaults={"done_at": None, "error": ""}
    )
    from . import tasks

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
        from . import tasks

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
    from . import tasks

    due = list(MailchimpDeletion.objects.due().values_list("pk", flat=True))
    for pk in due:
        tasks.delete_mailchimp_member.enqueue(pk)
    return len(due)


def mailchimp_events_prune(*, days: int = 90) -> int:
    """Forget applied webhook calls after `days`: Mailchimp does not redeliver that late."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = MailchimpEvent.objects.filter(processed_at__lt=cutoff).delete()
    return deleted


def subscriber_changed(*, subscriber: Subscriber) -> None:
    """An editor changed a subscriber's details: send the change to Mailchimp."""
    Subscriber.objects.filter(pk=subscriber.pk).update(
        change_version=F("change_version") + 1,
        sync_state=_initial_state(),
        sync_error="",
        sync_attempts=0,
        next_attempt_at=None,
    )
    if mailchimp.is_configured():
        _enqueue_sync(subscriber.pk)
