"""Events that record money received: Checkout Sessions (one-off and the first month) and invoices (each month)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..models import Donation, DonationStatus, Payment
from ..stripe_gateway import StripeGateway
from .records import _donation_from_metadata, _id, _lock, _payment_record, _set_status, _stripe_time

logger = logging.getLogger(__name__)


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
