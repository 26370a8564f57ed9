"""Mailchimp to us: webhook calls stored once and applied by a task, in Mailchimp's order."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    MailchimpEvent,
    MailchimpStatus,
    Subscriber,
)
from .signup import FINAL_STATUSES, subscriber_address

logger = logging.getLogger(__name__)


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
                email=subscriber_address(email)[:254],
                fired_at=fired_at,
                payload=payload,
            )
    except IntegrityError:
        return None
    from .. import tasks

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
        old = subscriber_address(data.get("data[old_email]", ""))
        new = subscriber_address(data.get("data[new_email]", ""))
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
