"""Workflows that change donations, one module per workflow.

- `checkout`: starting a donation (the pending row, then Stripe Checkout);
- `events`: Stripe's events, stored once under their ids and processed by a task,
  retried on a schedule when Stripe cannot be reached;
- `payments`, `endings`: what each family of events does to our records (Checkout
  Sessions and invoices record money received; a subscription's end and refunds);
  `records` holds what they share (finding our donation, moving it only forward);
- `reconcile`: recovery after an outage;
- `cancellation`: ending an erased donor's subscription, retried until Stripe confirms;
- `receipts`: receipts and the monthly donor's manage link;
- `gift_aid`: Gift Aid claims;
- `availability`: whether donations are switched on (`donations_enabled()`).

Every handler re-reads from Stripe the objects an event is about, then moves our
records only forward, so a duplicate changes nothing and the order events arrive
in does not matter. Callers import from `donations.services`.
"""

from .availability import SWITCHED_OFF_FOR_EDITORS, donations_enabled
from .cancellation import (
    SubscriptionCancelOutcome,
    donation_subscription_cancel,
    subscription_cancellations_due,
    subscriptions_cancel_request,
)
from .checkout import (
    GiftAidDetails,
    checkout_idempotency_key,
    checkout_session_params,
    donation_checkout_start,
    donation_create,
)
from .endings import ChargeRefundedHandler, SubscriptionDeletedHandler
from .events import (
    EVENT_HANDLERS,
    HANDLED_EVENT_TYPES,
    EventHandler,
    stripe_event_process,
    stripe_event_store,
)
from .gift_aid import gift_aid_claim_mark
from .payments import CheckoutSessionHandler, Current, InvoiceHandler
from .receipts import (
    donate_page_absolute_url,
    donation_portal_url,
    manage_token_make,
    manage_token_read,
    manage_url,
    payment_receipt_send,
    receipt_email_key,
)
from .reconcile import ReconcileReport, stripe_reconcile

__all__ = [
    "ChargeRefundedHandler",
    "CheckoutSessionHandler",
    "Current",
    "EVENT_HANDLERS",
    "EventHandler",
    "GiftAidDetails",
    "HANDLED_EVENT_TYPES",
    "InvoiceHandler",
    "ReconcileReport",
    "SWITCHED_OFF_FOR_EDITORS",
    "SubscriptionCancelOutcome",
    "SubscriptionDeletedHandler",
    "checkout_idempotency_key",
    "checkout_session_params",
    "donate_page_absolute_url",
    "donations_enabled",
    "donation_checkout_start",
    "donation_create",
    "donation_portal_url",
    "donation_subscription_cancel",
    "gift_aid_claim_mark",
    "manage_token_make",
    "manage_token_read",
    "manage_url",
    "payment_receipt_send",
    "receipt_email_key",
    "stripe_event_process",
    "stripe_event_store",
    "stripe_reconcile",
    "subscription_cancellations_due",
    "subscriptions_cancel_request",
]
