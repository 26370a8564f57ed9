"""Events that end or return money: a subscription ending, and refunds."""

from __future__ import annotations

import logging

from django.utils import timezone

from ..models import Donation, DonationStatus, Frequency, Payment, PaymentStatus
from ..stripe_gateway import ENDED_SUBSCRIPTION_STATUSES, StripeGateway
from .payments import (
    Current,
    _apply_checkout_session,
    _apply_invoice,
    _donation_for_subscription,
    _fetch_invoice,
    _fetch_session,
)
from .records import _id, _lock, _set_status, _stripe_time

logger = logging.getLogger(__name__)


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
