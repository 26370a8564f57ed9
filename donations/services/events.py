"""Receiving Stripe events: stored once under their ids, processed by a task, retried on a schedule."""

from __future__ import annotations

import datetime
import logging
from typing import Protocol

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.tasks import backoff_seconds, enqueue_later

from .. import retention, tasks
from ..models import Donation, StripeEvent
from ..stripe_gateway import StripeGateway
from .cancellation import _subscription_cancel_request
from .endings import ChargeRefundedHandler, SubscriptionDeletedHandler
from .payments import CheckoutSessionHandler, Current, InvoiceHandler
from .records import _lease_end, _stripe_time

logger = logging.getLogger(__name__)


#: The events the site acts on; Stripe's webhook endpoint should send just these.
HANDLED_EVENT_TYPES = [
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
    "invoice.paid",
    "invoice.payment_failed",
    "customer.subscription.deleted",
    "charge.refunded",
]


#: The first wait before a failed event is processed again; it doubles each time (capped).
EVENT_RETRY_BASE_SECONDS = 30.0
EVENT_RETRY_CAP_SECONDS = 3600.0


def _event_processing_queue(stored: StripeEvent, due: datetime.datetime) -> None:
    """Queue a run for `due` once this transaction commits; the run carries its due time."""
    transaction.on_commit(lambda: tasks.process_stripe_event.enqueue(stored.pk, due.isoformat()))


def _event_create(event: dict, *, source: str, next_attempt_at: datetime.datetime) -> StripeEvent:
    """The stored row for a new event. One about a donor erased already (a month billed
    while the erasure was on its way) keeps only its ids from the start."""
    erased = retention.erased_donation_mentioned(event)
    return StripeEvent.objects.create(
        stripe_id=event["id"],
        type=event.get("type", ""),
        livemode=bool(event.get("livemode")),
        object_id=retention.event_object_id(event),
        payload=retention.event_payload_reduce(event, keep_customer=False) if erased else event,
        payload_pruned_at=timezone.now() if erased else None,
        stripe_created=_stripe_time(event.get("created")),
        source=source,
        next_attempt_at=next_attempt_at,
    )


def stripe_event_store(*, event: dict, source: str) -> tuple[StripeEvent, bool]:
    """Keep a verified event under its unique id; True if it was new.

    A new event is queued for processing after this transaction commits. A repeat
    of an event not processed yet queues it again only when its next attempt is
    due (`next_attempt_at`): a first run may have failed (Stripe retrying after an
    outage of ours), but a hundred deliveries inside one backoff window store
    nothing and queue nothing, so they cost Stripe no calls. Queueing moves the
    due time on by a task lease, so the other copies arriving meanwhile queue
    nothing either.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            stored = _event_create(event, source=source, next_attempt_at=_lease_end(now))
    except IntegrityError:
        stored = StripeEvent.objects.get(stripe_id=event["id"])
    else:
        _event_processing_queue(stored, stored.next_attempt_at)
        return stored, True
    due_again = _lease_end(now)
    requeued = (
        StripeEvent.objects.filter(pk=stored.pk, processed_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=due_again)
    )
    if requeued:
        _event_processing_queue(stored, due_again)
    return stored, False


def _event_attempt_claim(event_pk: int, *, due: datetime.datetime | None, force: bool) -> bool:
    """Take the next attempt at processing an event, or step aside.

    A run may go ahead when it is the one queued for the event's current due time
    (`due`), when the due time has passed with nobody taking it (a run whose
    worker died, an event stored before due times existed), or when forced (an
    operator's reconcile). Taking it moves the due time on by a task lease, so a
    duplicate run started meanwhile steps aside without calling Stripe.
    """
    now = timezone.now()
    row = StripeEvent.objects.filter(pk=event_pk, processed_at__isnull=True).values(
        "next_attempt_at"
    )
    current = row.first()
    if current is None:
        return False
    current = current["next_attempt_at"]
    if not (force or current is None or current <= now or (due is not None and current == due)):
        return False
    return bool(row.filter(next_attempt_at=current).update(next_attempt_at=_lease_end(now)))


def stripe_event_process(
    *, event_pk: int, due: datetime.datetime | None = None, force: bool = False
) -> bool:
    """Act on one stored event, once. True if it is processed (now or before).

    Two steps. First, with no transaction open, the handler reads from Stripe the
    objects the event is about as they are now (so no database lock is held
    while we wait on the network). Then, in one short transaction with the
    event's row locked, it applies what it read; two workers never apply one
    event twice. A failure is written on the row with the time of the next
    attempt (backoff with jitter), and a run is queued for then; the event stays
    unprocessed for that run, a delivery after it or `stripe_reconcile`.
    """
    event = StripeEvent.objects.filter(pk=event_pk).first()
    if event is None:
        return False
    if event.processed_at is not None:
        return True
    if not _event_attempt_claim(event_pk, due=due, force=force):
        return False
    handler = EVENT_HANDLERS.get(event.type)
    try:
        current = None
        if handler is not None:
            current = handler.fetch(StripeGateway(), event.object_id, event.type)
        with transaction.atomic():
            locked = StripeEvent.objects.select_for_update().get(pk=event_pk)
            if locked.processed_at is not None:
                return True
            donation = handler.apply(current, event.type) if handler is not None else None
            if donation is not None and donation.erased_at:
                if locked.payload_pruned_at is None:
                    # About someone erased since: what Stripe sent of them is not kept.
                    retention.stripe_event_scrub(locked)
                # A subscription that began after the erasure (the donor was still at
                # Checkout) is ended too: nobody is left to send its manage link to.
                _subscription_cancel_request(donation_pk=donation.pk)
            locked.processed_at = timezone.now()
            locked.next_attempt_at = None
            locked.attempts += 1
            locked.last_error = ""
            locked.save(update_fields=["processed_at", "next_attempt_at", "attempts", "last_error"])
            return True
    except Exception as error:
        logger.exception("Stripe event %s failed", event_pk)
        _event_retry_schedule(event_pk, attempts=event.attempts + 1, error=error)
        return False


def _event_retry_schedule(event_pk: int, *, attempts: int, error: Exception) -> None:
    retry_at = timezone.now() + datetime.timedelta(
        seconds=backoff_seconds(
            attempts - 1, base=EVENT_RETRY_BASE_SECONDS, cap=EVENT_RETRY_CAP_SECONDS
        )
    )
    try:
        StripeEvent.objects.filter(pk=event_pk).update(
            attempts=F("attempts") + 1,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=retry_at,
        )
        enqueue_later(tasks.process_stripe_event, retry_at, event_pk, retry_at.isoformat())
    except DatabaseError:
        # The due time stays a lease ahead, so the next delivery or reconcile retries.
        logger.exception("Could not record the failure of Stripe event %s", event_pk)


class EventHandler(Protocol):
    """Reads what an event is about from Stripe (`fetch`, by the object's id alone, no
    transaction open), then applies it under locks (`apply`), returning the donation
    it concerned, if any."""

    def fetch(self, gateway: StripeGateway, object_id: str, event_type: str) -> Current: ...

    def apply(self, current: Current, event_type: str) -> Donation | None: ...


EVENT_HANDLERS: dict[str, EventHandler] = {
    "checkout.session.completed": CheckoutSessionHandler(),
    "checkout.session.async_payment_succeeded": CheckoutSessionHandler(),
    "checkout.session.async_payment_failed": CheckoutSessionHandler(),
    "checkout.session.expired": CheckoutSessionHandler(),
    "invoice.paid": InvoiceHandler(),
    "invoice.payment_failed": InvoiceHandler(),
    "customer.subscription.deleted": SubscriptionDeletedHandler(),
    "charge.refunded": ChargeRefundedHandler(),
}
