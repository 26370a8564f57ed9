"""Workflows that change donations: starting one, and everything Stripe tells us after.

Starting a donation writes the pending row in its own transaction, then asks
Stripe for a Checkout Session; if Stripe cannot be reached the row stays pending
and the donor is told to try again.

Everything after that comes from Stripe events, stored once under their ids
(`stripe_event_store`) and processed in a task (`stripe_event_process`). Each
handler re-reads from Stripe the objects the event is about, then moves our
records only forward, so a duplicate changes nothing and the order events arrive in does
not matter: an `invoice.paid` that overtakes its `checkout.session.completed`
finds its donation through the metadata we gave Stripe and records the payment
all the same; the late `checkout.session.completed` then finds it recorded.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.emails import send_once, send_once_or_retry, templated_message
from core.tasks import backoff_seconds, enqueue_later

from . import retention, tasks
from .models import (
    DonatePage,
    Donation,
    DonationStatus,
    EventSource,
    Frequency,
    GiftAidDeclaration,
    Payment,
    PaymentStatus,
    StripeEvent,
)
from .stripe_gateway import (
    ENDED_SUBSCRIPTION_STATUSES,
    StripeGateway,
    StripeNotConfigured,
    StripeRequestError,
    StripeUnavailable,
)
from .tokens import manage_token_make

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


# --- Starting a donation -------------------------------------------------------------


@dataclass(frozen=True)
class GiftAidDetails:
    title: str
    first_name: str
    last_name: str
    address: str
    house_name_or_number: str
    postcode: str
    declaration_version: str
    declaration_text: str


@transaction.atomic
def donation_create(
    *,
    page: DonatePage | None,
    frequency: str,
    amount_minor: int,
    currency: str,
    name: str,
    email: str,
    gift_aid: GiftAidDetails | None = None,
) -> Donation:
    """Record a donor's intention to give, pending until Stripe says it is paid."""
    donation = Donation.objects.create(
        page=page,
        frequency=frequency,
        amount_minor=amount_minor,
        currency=currency.upper(),
        name=name.strip(),
        email=email.strip(),
    )
    if gift_aid is not None:
        GiftAidDeclaration.objects.create(
            donation=donation,
            title=gift_aid.title,
            first_name=gift_aid.first_name,
            last_name=gift_aid.last_name,
            address=gift_aid.address,
            house_name_or_number=gift_aid.house_name_or_number,
            postcode=gift_aid.postcode,
            declaration_version=gift_aid.declaration_version,
            declaration_text=gift_aid.declaration_text,
        )
    return donation


def checkout_idempotency_key(donation: Donation) -> str:
    """The same donation always asks Stripe for the same session (a double-click makes one)."""
    return f"donation-{donation.reference}-checkout"


def checkout_session_params(
    *, donation: Donation, charity: str, success_url: str, cancel_url: str
) -> dict:
    """What Stripe needs to take this donation: price data from the amount, our ids in metadata."""
    metadata = {"donation_id": str(donation.pk), "donation_reference": str(donation.reference)}
    monthly = donation.frequency == Frequency.MONTHLY
    price_data: dict = {
        "currency": donation.currency.lower(),
        "unit_amount": donation.amount_minor,
        "product_data": {"name": f"{'Monthly donation' if monthly else 'Donation'} to {charity}"},
    }
    if monthly:
        price_data["recurring"] = {"interval": "month"}
    params: dict = {
        "mode": "subscription" if monthly else "payment",
        "line_items": [{"price_data": price_data, "quantity": 1}],
        "client_reference_id": str(donation.pk),
        "metadata": metadata,
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    if donation.email:
        params["customer_email"] = donation.email
    if monthly:
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["submit_type"] = "donate"
        params["payment_intent_data"] = {"metadata": metadata}
        # A customer record lets a one-off donor's refunds and receipts line up in Stripe.
        params["customer_creation"] = "always"
    return params


def donation_checkout_start(
    *, donation: Donation, charity: str, success_url: str, cancel_url: str
) -> str:
    """Create the donation's Checkout Session and return Stripe's page to send the donor to.

    Raises StripeUnavailable / StripeRequestError; the donation then stays pending.
    """
    session = StripeGateway().checkout_session_create(
        params=checkout_session_params(
            donation=donation, charity=charity, success_url=success_url, cancel_url=cancel_url
        ),
        idempotency_key=checkout_idempotency_key(donation),
    )
    Donation.objects.filter(pk=donation.pk).update(
        stripe_checkout_session_id=session["id"], updated_at=timezone.now()
    )
    donation.stripe_checkout_session_id = session["id"]
    return session["url"]


# --- Receiving events ------------------------------------------------------------------


def _stripe_time(value) -> datetime.datetime | None:
    """A Unix time from Stripe, or None when there is none we can read."""
    if not value:
        return None
    try:
        return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


#: The first wait before a failed event is processed again; it doubles each time (capped).
EVENT_RETRY_BASE_SECONDS = 30.0
EVENT_RETRY_CAP_SECONDS = 3600.0


def _lease_end(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)


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


# --- Finding our donation from what Stripe sends --------------------------------------


def _id(value) -> str:
    """An expandable Stripe field: an id, or the object itself."""
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


def _donation_from_metadata(metadata: dict | None) -> Donation | None:
    donation_id = (metadata or {}).get("donation_id")
    if donation_id and str(donation_id).isdigit():
        return Donation.objects.select_for_update().filter(pk=int(donation_id)).first()
    return None


def _lock(donation: Donation) -> Donation:
    return Donation.objects.select_for_update().get(pk=donation.pk)


def _set_status(donation: Donation, status: str, *, allowed_from: tuple[str, ...]) -> bool:
    """Move forward only: a late or repeated event never undoes a later state."""
    if donation.status == status or donation.status not in allowed_from:
        return False
    donation.status = status
    if status in (DonationStatus.PAID, DonationStatus.ACTIVE) and not donation.completed_at:
        donation.completed_at = timezone.now()
    if status == DonationStatus.CANCELLED:
        donation.cancelled_at = donation.cancelled_at or timezone.now()
    return True


def _payment_record(
    *,
    donation: Donation,
    stripe_id: str,
    payment_intent_id: str,
    amount_minor: int,
    currency: str,
    paid: bool,
    paid_at: datetime.datetime | None,
    failure_message: str = "",
) -> Payment:
    """The payment under this Stripe id, created once; a later success upgrades a failure.

    A payment received is never turned back into a failure (Stripe retries an
    invoice, and its old failure event may arrive after its success).
    """
    status = PaymentStatus.PAID if paid else PaymentStatus.FAILED
    defaults = {
        "donation": donation,
        "stripe_payment_intent_id": payment_intent_id,
        "amount_minor": amount_minor,
        "currency": currency.upper(),
        "status": status,
        "paid_at": (paid_at or timezone.now()) if paid else None,
        "failure_message": failure_message[:500],
    }
    try:
        with transaction.atomic():
            payment, created = Payment.objects.get_or_create(stripe_id=stripe_id, defaults=defaults)
    except IntegrityError:  # another worker recorded it a moment ago
        payment, created = Payment.objects.get(stripe_id=stripe_id), False
    if created:
        if paid:
            transaction.on_commit(lambda: tasks.send_receipt.enqueue(payment.pk))
        return payment
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    changed = []
    if payment_intent_id and not payment.stripe_payment_intent_id:
        payment.stripe_payment_intent_id = payment_intent_id
        changed.append("stripe_payment_intent_id")
    if paid and payment.status == PaymentStatus.FAILED:
        payment.status = PaymentStatus.PAID
        payment.paid_at = paid_at or timezone.now()
        payment.failure_message = ""
        changed += ["status", "paid_at", "failure_message"]
        transaction.on_commit(lambda: tasks.send_receipt.enqueue(payment.pk))
    elif not paid and payment.status == PaymentStatus.FAILED and failure_message:
        payment.failure_message = failure_message[:500]
        changed.append("failure_message")
    if changed:
        payment.save(update_fields=changed)
    return payment


# --- Checkout Sessions -------------------------------------------------------------------


@dataclass
class Current:
    """What Stripe holds now about the objects an event concerns (read before any lock)."""

    session: dict | None = None
    invoice: dict | None = None
    subscription: dict | None = None
    charge: dict | None = None
    payment_intent: dict | None = None


def _fetch_invoice(gateway: StripeGateway, invoice_id: str, current: Current) -> None:
    current.invoice = gateway.invoice_retrieve(invoice_id)
    subscription_id, metadata = _invoice_subscription(current.invoice)
    if subscription_id and not metadata.get("donation_id"):
        # The invoice carried no metadata: the subscription itself does.
        current.subscription = gateway.subscription_retrieve(subscription_id)


def _fetch_session(gateway: StripeGateway, session_id: str, current: Current) -> None:
    current.session = gateway.checkout_session_retrieve(session_id)
    invoice_id = _id(current.session.get("invoice"))
    if invoice_id and current.session.get("payment_status") == "paid":
        _fetch_invoice(gateway, invoice_id, current)


def _apply_checkout_session(
    session: dict, *, invoice: dict | None, event_type: str = ""
) -> Donation | None:
    """Bring a donation up to date with its Checkout Session as Stripe has it now."""
    session_id = session["id"]
    donation = _donation_from_metadata(session.get("metadata"))
    if donation is None:
        donation = (
            Donation.objects.select_for_update()
            .filter(stripe_checkout_session_id=session_id)
            .first()
        )
    if donation is None:
        logger.info("Checkout Session %s is not one of our donations", session_id)
        return None

    changed = {"updated_at"}
    if session.get("status") == "expired":
        # The donor left Checkout without paying and Stripe closed the session (after 24
        # hours): nothing will come of this donation, so it stops counting as pending.
        if _set_status(donation, DonationStatus.EXPIRED, allowed_from=(DonationStatus.PENDING,)):
            donation.save(update_fields=["status", "updated_at"])
        return donation
    if not donation.stripe_checkout_session_id:
        donation.stripe_checkout_session_id = session_id
        changed.add("stripe_checkout_session_id")
    customer = _id(session.get("customer"))
    # An erased donor stays erased: Stripe's copy of who they are is not brought back.
    if customer and donation.stripe_customer_id != customer and not donation.erased_at:
        donation.stripe_customer_id = customer
        changed.add("stripe_customer_id")
    email = (session.get("customer_details") or {}).get("email")
    if email and not donation.email and not donation.erased_at:
        donation.email = email
        changed.add("email")

    if session.get("status") != "complete":
        donation.save(update_fields=sorted(changed))
        return donation

    if session.get("mode") == "subscription":
        subscription_id = _id(session.get("subscription"))
        if subscription_id and donation.stripe_subscription_id != subscription_id:
            donation.stripe_subscription_id = subscription_id
            changed.add("stripe_subscription_id")
        if _set_status(
            donation,
            DonationStatus.ACTIVE,
            allowed_from=(DonationStatus.PENDING, DonationStatus.PROCESSING),
        ):
            changed |= {"status", "completed_at"}
        donation.save(update_fields=sorted(changed))
        if invoice is not None:
            _apply_invoice(invoice, subscription=None, donation=donation)
        return donation

    # A one-off payment.
    payment_intent = _id(session.get("payment_intent"))
    if session.get("payment_status") == "paid" and payment_intent:
        _payment_record(
            donation=donation,
            stripe_id=payment_intent,
            payment_intent_id=payment_intent,
            amount_minor=int(session.get("amount_total") or donation.amount_minor),
            currency=session.get("currency") or donation.currency,
            paid=True,
            paid_at=None,
        )
        if _set_status(
            donation,
            DonationStatus.PAID,
            allowed_from=(DonationStatus.PENDING, DonationStatus.PROCESSING, DonationStatus.FAILED),
        ):
            changed |= {"status", "completed_at"}
    elif event_type == "checkout.session.async_payment_failed":
        # A bank debit that bounced: the session is complete but will never be paid.
        if _set_status(
            donation,
            DonationStatus.FAILED,
            allowed_from=(DonationStatus.PENDING, DonationStatus.PROCESSING),
        ):
            changed.add("status")
    elif _set_status(donation, DonationStatus.PROCESSING, allowed_from=(DonationStatus.PENDING,)):
        changed.add("status")  # a delayed method (bank debit): paid or failed comes later
    donation.save(update_fields=sorted(changed))
    return donation


class CheckoutSessionHandler:
    @staticmethod
    def fetch(gateway: StripeGateway, object_id: str, event_type: str) -> Current:
        current = Current()
        _fetch_session(gateway, object_id, current)
        return current

    @staticmethod
    def apply(current: Current, event_type: str) -> Donation | None:
        return _apply_checkout_session(
            current.session, invoice=current.invoice, event_type=event_type
        )


# --- Invoices (each month of a monthly donation) ----------------------------------------


def _invoice_subscription(invoice: dict) -> tuple[str, dict]:
    """The subscription an invoice bills, and the metadata it carries."""
    details = ((invoice.get("parent") or {}).get("subscription_details")) or {}
    return _id(details.get("subscription")), details.get("metadata") or {}


def _invoice_payment_intent(invoice: dict) -> str:
    payments = (invoice.get("payments") or {}).get("data") or []
    for invoice_payment in payments:
        payment = invoice_payment.get("payment") or {}
        if payment.get("type") == "payment_intent" and payment.get("payment_intent"):
            return _id(payment["payment_intent"])
    return ""


def _donation_for_subscription(
    subscription_id: str, metadata: dict, subscription: dict | None = None
) -> Donation | None:
    """Our donation for a subscription: by its id, else by the metadata we gave Stripe."""
    donation = None
    if subscription_id:
        donation = (
            Donation.objects.select_for_update()
            .filter(stripe_subscription_id=subscription_id)
            .first()
        )
    if donation is None:
        donation = _donation_from_metadata(metadata)
    if donation is None and subscription is not None:
        donation = _donation_from_metadata(subscription.get("metadata"))
    if donation is not None and subscription_id and not donation.stripe_subscription_id:
        donation.stripe_subscription_id = subscription_id
        donation.save(update_fields=["stripe_subscription_id", "updated_at"])
    return donation


def _apply_invoice(
    invoice: dict, *, subscription: dict | None, donation: Donation | None = None
) -> Payment | None:
    """Record one month of a monthly donation (paid or failed) as Stripe has it now."""
    subscription_id, metadata = _invoice_subscription(invoice)
    if donation is None:
        donation = _donation_for_subscription(subscription_id, metadata, subscription)
    if donation is None:
        logger.info("Invoice %s is not for one of our donations", invoice["id"])
        return None
    donation = _lock(donation)
    customer = _id(invoice.get("customer"))
    if customer and not donation.stripe_customer_id and not donation.erased_at:
        donation.stripe_customer_id = customer
        donation.save(update_fields=["stripe_customer_id", "updated_at"])

    paid = invoice.get("status") == "paid"
    if not paid and invoice.get("attempt_count", 0) == 0:
        return None  # a draft or open invoice nobody has tried to pay yet
    amount = int(invoice.get("amount_paid") or 0) if paid else int(invoice.get("amount_due") or 0)
    payment = _payment_record(
        donation=donation,
        stripe_id=invoice["id"],
        payment_intent_id=_invoice_payment_intent(invoice),
        amount_minor=amount,
        currency=invoice.get("currency") or donation.currency,
        paid=paid,
        paid_at=_stripe_time((invoice.get("status_transitions") or {}).get("paid_at")),
        failure_message="" if paid else "The card payment for this month failed.",
    )
    if paid and _set_status(
        donation,
        DonationStatus.ACTIVE,
        allowed_from=(DonationStatus.PENDING, DonationStatus.PROCESSING, DonationStatus.FAILED),
    ):
        donation.save(update_fields=["status", "completed_at", "updated_at"])
    return payment


class InvoiceHandler:
    @staticmethod
    def fetch(gateway: StripeGateway, object_id: str, event_type: str) -> Current:
        current = Current()
        _fetch_invoice(gateway, object_id, current)
        return current

    @staticmethod
    def apply(current: Current, event_type: str) -> Donation | None:
        payment = _apply_invoice(current.invoice, subscription=current.subscription)
        return payment.donation if payment is not None else None


# --- Subscriptions ending ------------------------------------------------------------------


class SubscriptionDeletedHandler:
    """The donor cancelled in the portal, Stripe gave up after failed payments, or we
    cancelled it (the donor asked to be erased).

    Stripe keeps a deleted subscription readable, so it is re-read like everything else.
    """

    @staticmethod
    def fetch(gateway: StripeGateway, object_id: str, event_type: str) -> Current:
        return Current(subscription=gateway.subscription_retrieve(object_id))

    @staticmethod
    def apply(current: Current, event_type: str) -> Donation | None:
        subscription = current.subscription
        if subscription.get("status") not in ENDED_SUBSCRIPTION_STATUSES:
            return None  # Stripe says it still runs: nothing has ended
        donation = _donation_for_subscription(
            subscription["id"], subscription.get("metadata") or {}
        )
        if donation is None:
            logger.info("Subscription %s is not one of our donations", subscription["id"])
            return None
        donation = _lock(donation)
        _subscription_ended(donation, subscription)
        return donation


def _subscription_ended(donation: Donation, subscription: dict) -> None:
    """Stripe says the subscription has ended: the donation is cancelled (a locked row)."""
    ended = _stripe_time(subscription.get("ended_at") or subscription.get("canceled_at"))
    if _set_status(
        donation,
        DonationStatus.CANCELLED,
        allowed_from=(
            DonationStatus.PENDING,
            DonationStatus.PROCESSING,
            DonationStatus.ACTIVE,
            DonationStatus.FAILED,
        ),
    ):
        donation.cancelled_at = ended or timezone.now()
        donation.save(update_fields=["status", "cancelled_at", "updated_at"])
    if donation.cancel_next_attempt_at is not None:
        donation.cancel_next_attempt_at = None  # Stripe confirms: nothing left to cancel
        donation.cancel_last_error = ""
        donation.save(update_fields=["cancel_next_attempt_at", "cancel_last_error", "updated_at"])


# --- Refunds -----------------------------------------------------------------------------


class ChargeRefundedHandler:
    """Record how much of a payment has been returned, as Stripe has it now (never counted twice).

    A refund can arrive before the payment it returns. Then the fetch step also
    reads what records that payment (the month's invoice, or the one-off's
    Checkout Session) and the apply step records it first.
    """

    @staticmethod
    def fetch(gateway: StripeGateway, object_id: str, event_type: str) -> Current:
        current = Current(charge=gateway.charge_retrieve(object_id))
        intent_id = _id(current.charge.get("payment_intent"))
        if not intent_id or Payment.objects.filter(stripe_payment_intent_id=intent_id).exists():
            return current
        invoice_id = gateway.invoice_id_for_payment_intent(intent_id)
        if invoice_id:
            _fetch_invoice(gateway, invoice_id, current)
            return current
        current.payment_intent = gateway.payment_intent_retrieve(intent_id)
        donation_id = (current.payment_intent.get("metadata") or {}).get("donation_id", "")
        donation = (
            Donation.objects.filter(pk=int(donation_id)).first()
            if str(donation_id).isdigit()
            else None
        )
        if donation is not None and donation.stripe_checkout_session_id:
            _fetch_session(gateway, donation.stripe_checkout_session_id, current)
        return current

    @staticmethod
    def apply(current: Current, event_type: str) -> Donation | None:
        charge = current.charge
        intent_id = _id(charge.get("payment_intent"))
        if not intent_id:
            return None
        if current.invoice is not None:
            _apply_invoice(current.invoice, subscription=current.subscription)
        elif current.session is not None:
            _apply_checkout_session(current.session, invoice=current.invoice)
        payment = (
            Payment.objects.select_for_update().filter(stripe_payment_intent_id=intent_id).first()
        )
        if payment is None:
            logger.info("Charge %s is not for one of our donations", charge["id"])
            return None
        refunded = min(int(charge.get("amount_refunded") or 0), payment.amount_minor)
        if refunded <= payment.amount_refunded_minor:
            return payment.donation  # already recorded (refunds only ever grow)
        payment.amount_refunded_minor = refunded
        payment.status = (
            PaymentStatus.REFUNDED
            if refunded >= payment.amount_minor
            else PaymentStatus.PARTIALLY_REFUNDED
        )
        payment.refunded_at = timezone.now()
        payment.save(update_fields=["amount_refunded_minor", "status", "refunded_at"])
        donation = _lock(payment.donation)
        if (
            donation.frequency == Frequency.ONE_OFF
            and payment.status == PaymentStatus.REFUNDED
            and _set_status(donation, DonationStatus.REFUNDED, allowed_from=(DonationStatus.PAID,))
        ):
            donation.save(update_fields=["status", "updated_at"])
        return donation


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


# --- Recovery ----------------------------------------------------------------------------


#: Stored events due for another attempt that one reconcile retries at most.
RECONCILE_DUE_BATCH = 500


@dataclass
class ReconcileReport:
    listed: int = 0
    new: int = 0
    processed: int = 0
    failed: list[str] = field(default_factory=list)


def stripe_reconcile(*, since: datetime.timedelta) -> ReconcileReport:
    """Fetch Stripe's events of the last `since` and process any we missed or failed on.

    After a webhook outage this loses nothing: events we never received are
    stored (as from reconciliation) and processed; ones we stored but could not
    process are tried again now; ones already processed are left alone. Stored
    events whose next attempt is due are retried too, listed or not (their
    scheduled run may have been lost with a queue that cannot defer).
    """
    report = ReconcileReport()
    start = timezone.now() - since
    listed: set[int] = set()
    for event in StripeGateway().events_list(
        created_after=int(start.timestamp()), types=HANDLED_EVENT_TYPES
    ):
        report.listed += 1
        try:
            with transaction.atomic():
                stored = _event_create(
                    event, source=EventSource.RECONCILE, next_attempt_at=timezone.now()
                )
            report.new += 1
        except IntegrityError:
            stored = StripeEvent.objects.get(stripe_id=event["id"])
        listed.add(stored.pk)
        if stored.processed_at is not None:
            continue
        # Someone asked for this now (after an outage): no backoff window applies.
        if stripe_event_process(event_pk=stored.pk, force=True):
            report.processed += 1
        else:
            report.failed.append(stored.stripe_id)
    due = (
        StripeEvent.objects.filter(processed_at__isnull=True, next_attempt_at__lte=timezone.now())
        .exclude(pk__in=listed)
        .order_by("next_attempt_at")
        .values_list("pk", "stripe_id")[:RECONCILE_DUE_BATCH]
    )
    for event_pk, stripe_id in list(due):
        if stripe_event_process(event_pk=event_pk):
            report.processed += 1
        elif StripeEvent.objects.filter(pk=event_pk, processed_at__isnull=True).exists():
            report.failed.append(stripe_id)
    return report


# --- Ending an erased donor's subscription ---------------------------------------------

#: The first wait before Stripe is asked again to end a subscription; it doubles (capped).
CANCEL_RETRY_BASE_SECONDS = 60.0
CANCEL_RETRY_CAP_SECONDS = 3600.0
CANCEL_COMMENT = "The donor asked for their personal data to be erased."


@dataclass(frozen=True)
class SubscriptionCancelOutcome:
    """Where ending one subscription stands: cancelled (Stripe confirmed), or still
    active with the reason, and when the next try is due."""

    subscription_id: str
    cancelled: bool
    reason: str = ""
    retry_at: datetime.datetime | None = None

    @property
    def status(self) -> str:
        if self.cancelled:
            return "cancelled"
        return f"still active — {self.reason}; retrying in the background"


def _subscription_cancel_queue(donation_pk: int, due: datetime.datetime) -> None:
    transaction.on_commit(lambda: tasks.cancel_subscription.enqueue(donation_pk, due.isoformat()))


def _subscription_cancel_request(*, donation_pk: int) -> bool:
    """Ask for this donation's subscription to be ended (due now), unless it has ended or
    is being ended already. True if asked now."""
    now = timezone.now()
    asked = (
        Donation.objects.subscription_running()
        .filter(pk=donation_pk, cancel_next_attempt_at__isnull=True)
        .update(cancel_requested_at=now, cancel_next_attempt_at=now, cancel_last_error="")
    )
    if asked:
        _subscription_cancel_queue(donation_pk, now)
    return bool(asked)


def subscriptions_cancel_request(*, donations: list[Donation]) -> list[int]:
    """Mark for cancellation in Stripe every subscription of these donations that may still
    charge; returns their ids. Nothing is queued: the caller tries each once right after
    its transaction commits (`donation_subscription_cancel`), and a failure schedules the
    retries. A caller that stops before then leaves them due for `stripe_reconcile`."""
    now = timezone.now()
    running = list(
        Donation.objects.subscription_running()
        .filter(pk__in=[donation.pk for donation in donations])
        .values_list("pk", flat=True)
    )
    Donation.objects.filter(pk__in=running).update(
        cancel_requested_at=now, cancel_next_attempt_at=now, cancel_last_error=""
    )
    return running


def _cancel_attempt_claim(donation_pk: int, *, due: datetime.datetime | None) -> bool:
    """Take the attempt that is due (or the one this run was queued for), moving the due
    time on by a task lease so a duplicate run steps aside (as for Stripe events)."""
    now = timezone.now()
    current = (
        Donation.objects.filter(pk=donation_pk, cancel_next_attempt_at__isnull=False)
        .values_list("cancel_next_attempt_at", flat=True)
        .first()
    )
    if current is None or not (current <= now or current == due):
        return False
    return bool(
        Donation.objects.filter(pk=donation_pk, cancel_next_attempt_at=current).update(
            cancel_next_attempt_at=_lease_end(now)
        )
    )


def donation_subscription_cancel(
    *, donation_pk: int, due: datetime.datetime | None = None
) -> SubscriptionCancelOutcome | None:
    """Ask Stripe to end this donation's subscription now, once; say where it stands.

    Needs only the subscription id (the donor's details are gone by now). Cancelled
    means Stripe confirmed the subscription has ended, whoever ended it; one that
    ended already counts as cancelled. Otherwise the reason is recorded on the
    donation with the time of the next try (backoff with jitter) and a run of the
    `cancel_subscription` task is queued for then, until Stripe confirms. Returns
    None when there is nothing to do here: no cancellation asked for, or another
    run holds the attempt.
    """
    donation = Donation.objects.filter(pk=donation_pk).first()
    if donation is None or donation.cancel_next_attempt_at is None:
        return None
    subscription_id = donation.stripe_subscription_id or ""
    if not _cancel_attempt_claim(donation_pk, due=due):
        return None
    if donation.status == DonationStatus.CANCELLED or not subscription_id:
        Donation.objects.filter(pk=donation_pk).update(cancel_next_attempt_at=None)
        return SubscriptionCancelOutcome(subscription_id=subscription_id, cancelled=True)
    try:
        subscription = StripeGateway().subscription_cancel(subscription_id, comment=CANCEL_COMMENT)
    except (StripeUnavailable, StripeNotConfigured) as error:
        reason = f"Stripe did not answer ({error})"
    except StripeRequestError as error:
        reason = f"Stripe refused ({error})"
    else:
        if subscription.get("status") in ENDED_SUBSCRIPTION_STATUSES:
            with transaction.atomic():
                _subscription_ended(_lock(donation), subscription)
                Donation.objects.filter(pk=donation_pk).update(
                    cancel_next_attempt_at=None, cancel_attempts=F("cancel_attempts") + 1
                )
            return SubscriptionCancelOutcome(subscription_id=subscription_id, cancelled=True)
        reason = f"Stripe says it is {subscription.get('status') or 'unknown'}"
    attempts = donation.cancel_attempts + 1
    retry_at = timezone.now() + datetime.timedelta(
        seconds=backoff_seconds(
            attempts - 1, base=CANCEL_RETRY_BASE_SECONDS, cap=CANCEL_RETRY_CAP_SECONDS
        )
    )
    Donation.objects.filter(pk=donation_pk).update(
        cancel_attempts=F("cancel_attempts") + 1,
        cancel_last_error=reason[:500],
        cancel_next_attempt_at=retry_at,
    )
    enqueue_later(tasks.cancel_subscription, retry_at, donation_pk, retry_at.isoformat())
    logger.warning("Subscription %s not cancelled: %s", subscription_id, reason)
    return SubscriptionCancelOutcome(
        subscription_id=subscription_id, cancelled=False, reason=reason, retry_at=retry_at
    )


def subscription_cancellations_due() -> list[SubscriptionCancelOutcome]:
    """Try now every cancellation whose next attempt is due (for `stripe_reconcile`)."""
    due = Donation.objects.filter(cancel_next_attempt_at__lte=timezone.now()).order_by(
        "cancel_next_attempt_at"
    )
    outcomes = []
    for donation_pk in list(due.values_list("pk", flat=True)[:RECONCILE_DUE_BATCH]):
        outcome = donation_subscription_cancel(donation_pk=donation_pk)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


# --- Monthly donors managing their donation ---------------------------------------------


def donation_portal_url(*, donation: Donation, return_url: str) -> str:
    """A fresh link into Stripe's customer portal for this donor (no password, nothing stored)."""
    if not donation.stripe_customer_id:
        raise ValueError("This donation has no Stripe customer yet.")
    return StripeGateway().billing_portal_session_create(
        customer_id=donation.stripe_customer_id, return_url=return_url
    )


# --- Receipts ---------------------------------------------------------------------------


def receipt_email_key(payment_pk: int) -> str:
    """The purpose a receipt is sent under: one per payment (core/emails.py)."""
    return f"donations.receipt:{payment_pk}"


def _receipt_message(payment_pk: int):
    payment = Payment.objects.select_related("donation__page", "donation__gift_aid").get(
        pk=payment_pk
    )
    donation = payment.donation
    if not donation.email or donation.erased_at:
        return None  # nobody to thank: the donor was erased, or never gave an address
    page = donation.page
    gift_aid = getattr(donation, "gift_aid", None) if payment.currency == "GBP" else None
    context = {
        "donation": donation,
        "payment": payment,
        "charity": page.charity() if page else settings.WAGTAIL_SITE_NAME,
        "gift_aid": gift_aid,
        "gift_aid_minor": payment.amount_minor // 4 if gift_aid else 0,
        "manage_url": manage_url(manage_token_make(donation_pk=donation.pk))
        if donation.is_monthly and donation.stripe_customer_id
        else "",
        "manage_days": settings.DONATIONS_MANAGE_LINK_MAX_AGE_DAYS,
        "donate_url": donate_page_absolute_url(page),
    }
    return templated_message(
        template="donations/email/receipt", context=context, to=[donation.email]
    )


def payment_receipt_send(*, payment_pk: int, task=None) -> bool:
    """Thank the donor for one payment, at most once; True if this call sent the receipt.

    The email goes through `core.emails.send_once` under one key per payment, so a
    task run twice sends once, and a run whose worker died after claiming the
    receipt and before sending it leaves a claim that the next run takes over
    when its lease has run out. `receipt_sent_at` records that it was sent (never
    that someone meant to). If the mail server refuses, `task` (the receipt task)
    is queued again for later; without one, raises EmailNotSent.
    """
    if Payment.objects.filter(pk=payment_pk, receipt_sent_at__isnull=False).exists():
        return False
    key, build = receipt_email_key(payment_pk), lambda: _receipt_message(payment_pk)
    if task is None:
        sent = send_once(key=key, build=build)
    else:
        sent = send_once_or_retry(key=key, build=build, task=task, args=(payment_pk,))
    if sent:
        Payment.objects.filter(pk=payment_pk).update(receipt_sent_at=timezone.now())
    return sent


def donate_page_absolute_url(page: DonatePage | None) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if page is not None:
        url = page.get_url()
        if url:
            return url if url.startswith("http") else base + url
    return base + "/"


def manage_url(token: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("donations:manage", args=[token])


# --- Gift Aid claims ---------------------------------------------------------------------


def gift_aid_claim_mark(*, payment_ids: list[int], actor=None) -> int:
    """Record that these payments went into a Gift Aid claim, so no later claim repeats them.

    Only payments that can be claimed and are not claimed yet change; returns how many.
    """
    return (
        Payment.objects.gift_aid_claimable()
        .filter(pk__in=payment_ids, gift_aid_claimed_at__isnull=True)
        .update(
            gift_aid_claimed_at=timezone.now(),
            gift_aid_claimed_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    )
