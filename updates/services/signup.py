"""Signing up: our own rows first, in one transaction; Mailchimp later, by a task."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime

from django.conf import settings
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_countries import countries

from core.attribution import attribution_clean
from core.consent import ConsentWording

from .. import mailchimp
from ..models import (
    Consent,
    Interest,
    MailchimpStatus,
    Subscriber,
    SyncState,
)

logger = logging.getLogger(__name__)


# Mailchimp statuses after which only the person (or a new sign-up of theirs) may
# bring the member back: our own syncs never send a status for them.
FINAL_STATUSES = {MailchimpStatus.UNSUBSCRIBED.value, MailchimpStatus.CLEANED.value}


def subscriber_address(email: str) -> str:
    """The address as the list stores it: stripped and lower-cased, as Mailchimp hashes it.

    Mailchimp names a member by the MD5 of the lower-cased address, so the list keeps
    one subscriber per lower-cased address too. Whose data an export or erasure
    covers is decided by core/identity.py, not by this.
    """
    return email.strip().lower()


def _enqueue_sync(subscriber_id: int) -> None:
    from .. import tasks

    transaction.on_commit(lambda: tasks.sync_subscriber.enqueue(subscriber_id))


def _initial_state() -> str:
    return SyncState.PENDING if mailchimp.is_configured() else SyncState.NOT_CONNECTED


def subscriber_signup(
    *,
    email: str,
    first_name: str = "",
    country: str = "",
    interests: Iterable[str] = (),
    consent: ConsentWording,
    consented_at: datetime | None = None,
    source: str,
    source_url: str = "",
    attribution: Mapping[str, str] | None = None,
    language: str = "",
) -> Subscriber:
    """Someone asks for updates: record them and their consent, and send them to Mailchimp later.

    - `consent` is the wording they agreed to, from `core.consent.wording_record`
      (the updates form's own, or the opt-in on the petition they signed).
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
    `attribution` (core/attribution.py) is kept from the first sign-up only.
    `language` is the one they signed up in (one of LANGUAGES; the latest sign-up's
    wins): Mailchimp gets it as the member's language.
    """
    offered = {code for code, _ in settings.LANGUAGES}
    language = language.lower() if language and language.lower() in offered else ""
    email = subscriber_address(email)
    validate_email(email)
    country = (country or "").strip().upper()
    if not countries.name(country):
        country = ""
    first_name = first_name.strip()[:100]
    source, source_url = source[:200], source_url[:500]
    consented_at = consented_at or timezone.now()
    chosen = list(Interest.objects.originals().filter(slug__in=list(interests), active=True))
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
                        language=language or settings.LANGUAGE_CODE,
                        **attribution_clean(attribution or {}),
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
            if language:
                subscriber.language = language
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
            wording=consent,
            consented_at=consented_at,
            source=source,
            source_url=source_url,
        )
        if mailchimp.is_configured():
            _enqueue_sync(subscriber.pk)
    return subscriber


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
