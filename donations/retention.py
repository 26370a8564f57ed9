"""What we keep of Stripe's events, and for how long.

Every event is stored whole when it arrives (`StripeEvent.payload`), and whole it
carries the donor with it: Checkout's `customer_details` (name, email, billing
address), an invoice's `customer_email`, `customer_name` and `customer_address`,
a charge's `billing_details`. Processing needs none of that: it needs the id of
the object the event is about (`StripeEvent.object_id`) and re-reads the object
from Stripe. So a payload is cut down to its ids

- after `STRIPE_EVENT_RETENTION_DAYS` once processed (`stripe_events_prune`, run
  daily by the scheduler), keeping the event's id, type, time and the ids of the
  objects it concerns, which are enough to trace a payment back through Stripe;
- at once, and without the Stripe customer id either, when the donor is erased
  (`stripe_events_scrub`), or when an event arrives about a donation whose donor
  was erased already (an `invoice.paid` still in flight).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Donation, Payment, StripeEvent

#: References to other Stripe objects kept in a reduced payload (ids, never people).
REFERENCES = ("subscription", "invoice", "payment_intent", "latest_charge", "charge")

BATCH = 500


def _id(value) -> str:
    if isinstance(value, dict):
        return value.get("id") or ""
    return value if isinstance(value, str) else ""


def event_object(payload: dict) -> dict:
    """The object an event is about, as the event carried it ({} if none)."""
    data = payload.get("data") if isinstance(payload, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None
    return obj if isinstance(obj, dict) else {}


def event_object_id(payload: dict) -> str:
    return _id(event_object(payload).get("id"))[:255]


def _donation_id(obj: dict) -> str:
    """Our own donation id in the metadata we gave Stripe (on the object, or on an invoice's
    subscription details)."""
    metadata = obj.get("metadata")
    details = (obj.get("parent") or {}).get("subscription_details") or {}
    for source in (metadata, details.get("metadata")):
        if isinstance(source, dict) and str(source.get("donation_id") or "").isdigit():
            return str(source["donation_id"])
    return ""


def event_references(payload: dict) -> dict[str, str]:
    """The ids an event's object holds: its own, the objects it points at, our donation's."""
    obj = event_object(payload)
    kept = {"id": _id(obj.get("id")), "object": str(obj.get("object") or "")}
    for key in REFERENCES:
        if value := _id(obj.get(key)):
            kept[key] = value
    details = (obj.get("parent") or {}).get("subscription_details") or {}
    if (subscription := _id(details.get("subscription"))) and "subscription" not in kept:
        kept["subscription"] = subscription
    if customer := _id(obj.get("customer")):
        kept["customer"] = customer
    return kept


def event_payload_reduce(payload: dict, *, keep_customer: bool = True) -> dict:
    """The payload with everything but ids taken out: the event's id, type, time and mode,
    and its object's id, kind and references. `keep_customer=False` drops the Stripe
    customer id too (the link to the person at Stripe), as erasure does."""
    kept = event_references(payload)
    if not keep_customer:
        kept.pop("customer", None)
    obj = event_object(payload)
    if donation_id := _donation_id(obj):
        kept["metadata"] = {"donation_id": donation_id}
    return {
        "id": payload.get("id"),
        "object": "event",
        "type": payload.get("type"),
        "created": payload.get("created"),
        "livemode": bool(payload.get("livemode")),
        "data": {"object": kept},
    }


def donation_stripe_ids(donations: list[Donation]) -> set[str]:
    """Every Stripe id we hold for these donations: sessions, subscriptions, customers,
    payment intents and invoices."""
    ids: set[str] = set()
    for donation in donations:
        ids |= {
            donation.stripe_checkout_session_id or "",
            donation.stripe_subscription_id or "",
            donation.stripe_customer_id or "",
        }
    for stripe_id, intent_id in Payment.objects.filter(
        donation__in=[d.pk for d in donations]
    ).values_list("stripe_id", "stripe_payment_intent_id"):
        ids |= {stripe_id, intent_id}
    ids.discard("")
    return ids


def _reduce_rows(events, *, keep_customer: bool) -> int:
    now = timezone.now()
    count = 0
    for event in events:
        event.payload = event_payload_reduce(event.payload, keep_customer=keep_customer)
        event.payload_pruned_at = event.payload_pruned_at or now
        event.save(update_fields=["payload", "payload_pruned_at"])
        count += 1
    return count


def stripe_events_scrub(*, donations: list[Donation], email: str) -> int:
    """Cut to their ids (without the customer) the stored events about these donations or
    this email address; returns how many.

    Found by every Stripe id we hold for the donations, as the event's object or
    anywhere in its payload (a charge names its payment intent, an invoice its
    subscription), and by the email address anywhere in the payload (in any case),
    which also finds events about objects we never linked to a donation.
    """
    ids = donation_stripe_ids(donations)
    match = Q(object_id__in=ids) if ids else Q(pk__in=[])
    for stripe_id in ids:
        match |= Q(payload__icontains=f'"{stripe_id}"')
    if email.strip():
        match |= Q(payload__icontains=email.strip())
    return _reduce_rows(StripeEvent.objects.filter(match).iterator(), keep_customer=False)


def stripe_event_scrub(event: StripeEvent) -> None:
    """Cut one event to its ids, without the customer (its donor has been erased)."""
    _reduce_rows([event], keep_customer=False)


def erased_donation_mentioned(payload: dict) -> bool:
    """Whether an event is about a donation whose donor has been erased (by our ids in it)."""
    refs = event_references(payload)
    ids = {value for key, value in refs.items() if key not in ("object", "customer")} - {""}
    match = Q(pk__in=[])
    if ids:
        match |= Q(stripe_checkout_session_id__in=ids) | Q(stripe_subscription_id__in=ids)
        match |= Q(payments__stripe_id__in=ids) | Q(payments__stripe_payment_intent_id__in=ids)
    if donation_id := _donation_id(event_object(payload)):
        match |= Q(pk=int(donation_id))
    return Donation.objects.filter(match, erased_at__isnull=False).exists()


def stripe_events_prune(*, now: datetime.datetime | None = None) -> int:
    """Cut to their ids the payloads of events processed more than
    STRIPE_EVENT_RETENTION_DAYS ago; returns how many. Unprocessed events are kept whole
    (someone may need to see why they fail); each event is cut once."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.STRIPE_EVENT_RETENTION_DAYS)
    total = 0
    while True:
        batch = list(
            StripeEvent.objects.filter(
                processed_at__lt=cutoff, payload_pruned_at__isnull=True
            ).order_by("pk")[:BATCH]
        )
        if not batch:
            return total
        total += _reduce_rows(batch, keep_customer=True)
