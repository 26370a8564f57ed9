"""Finding our donation from what Stripe sends, and moving its records only forward."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import tasks
from ..models import Donation, DonationStatus, Payment, PaymentStatus


def _stripe_time(value) -> datetime.datetime | None:
    """A Unix time from Stripe, or None when there is none we can read."""
    if not value:
        return None
    try:
        return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


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


def _lease_end(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)


#: Stored events due for another attempt that one reconcile retries at most.
RECONCILE_DUE_BATCH = 500
