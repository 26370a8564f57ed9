"""What is kept of Stripe's events: after the retention period, only their ids."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from donations.models import Donation, DonationStatus, StripeEvent
from donations.retention import event_payload_reduce
from donations.services import stripe_event_process

pytestmark = pytest.mark.django_db


def _invoice_event(stripe_id: str) -> dict:
    """An invoice.paid as real Stripe sends it: the donor's email, name and address ride along."""
    return {
        "id": stripe_id,
        "object": "event",
        "type": "invoice.paid",
        "created": 1_790_000_000,
        "livemode": True,
        "api_version": "2026-10-28.endive",
        "data": {
            "object": {
                "id": f"in_{stripe_id}",
                "object": "invoice",
                "customer": "cus_123",
                "customer_email": "ada@example.org",
                "customer_name": "Ada Lovelace",
                "customer_address": {"line1": "12 St James's Square", "postal_code": "SW1Y 4JH"},
                "parent": {
                    "type": "subscription_details",
                    "subscription_details": {
                        "subscription": "sub_123",
                        "metadata": {"donation_id": "7"},
                    },
                },
                "amount_paid": 1000,
            }
        },
    }


def _stored(stripe_id: str, *, processed_days_ago: float | None, received_days_ago: float = 0):
    now = timezone.now()
    payload = _invoice_event(stripe_id)
    return StripeEvent.objects.create(
        stripe_id=stripe_id,
        type=payload["type"],
        payload=payload,
        object_id=payload["data"]["object"]["id"],
        source="webhook",
        received_at=now - datetime.timedelta(days=received_days_ago),
        processed_at=None
        if processed_days_ago is None
        else now - datetime.timedelta(days=processed_days_ago),
    )


def test_processed_events_keep_only_their_ids_after_the_retention_period(settings):
    settings.STRIPE_EVENT_RETENTION_DAYS = 30
    old = _stored("evt_old", processed_days_ago=31, received_days_ago=31)
    recent = _stored("evt_recent", processed_days_ago=29, received_days_ago=29)
    waiting = _stored("evt_waiting", processed_days_ago=None, received_days_ago=40)
    out = io.StringIO()

    call_command("stripe_events_prune", stdout=out)

    assert "1 Stripe event" in out.getvalue()
    old.refresh_from_db()
    assert old.payload == {
        "id": "evt_old",
        "object": "event",
        "type": "invoice.paid",
        "created": 1_790_000_000,
        "livemode": True,
        "data": {
            "object": {
                "id": "in_evt_old",
                "object": "invoice",
                "customer": "cus_123",
                "subscription": "sub_123",
                "metadata": {"donation_id": "7"},
            }
        },
    }
    assert (old.object_id, old.type, old.stripe_id) == ("in_evt_old", "invoice.paid", "evt_old")
    assert old.processed_at is not None and old.payload_pruned_at is not None
    for untouched in (recent, waiting):
        untouched.refresh_from_db()
        assert "ada@example.org" in json.dumps(untouched.payload)
        assert untouched.payload_pruned_at is None

    out = io.StringIO()
    call_command("stripe_events_prune", stdout=out)
    assert "0 Stripe event" in out.getvalue()


def test_the_retention_period_is_a_setting(settings):
    settings.STRIPE_EVENT_RETENTION_DAYS = 7
    event = _stored("evt_a_week", processed_days_ago=8)
    call_command("stripe_events_prune", stdout=io.StringIO())
    event.refresh_from_db()
    assert "customer_email" not in event.payload["data"]["object"]


def test_a_reduced_payload_has_no_personal_data_and_can_drop_the_customer():
    reduced = event_payload_reduce(_invoice_event("evt_x"), keep_customer=False)
    text = json.dumps(reduced)
    assert "ada@" not in text and "Lovelace" not in text and "SW1Y" not in text
    assert "cus_123" not in text
    assert reduced["data"]["object"]["subscription"] == "sub_123"


def test_processing_needs_only_the_object_id(stripe_on, start_donation, deliver):
    """A cancellation stored while we could not process it, its payload cut to its ids
    (pruned or scrubbed), is still applied: the handler re-reads Stripe."""
    start_donation(frequency="monthly", amount="10.00")
    donation = Donation.objects.get()
    for event in stripe_on.complete_checkout(donation.stripe_checkout_session_id):
        deliver(event)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.ACTIVE
    cancelled = stripe_on.cancel_subscription(donation.stripe_subscription_id)
    stored = StripeEvent.objects.create(
        stripe_id=cancelled["id"],
        type=cancelled["type"],
        payload={"id": cancelled["id"], "type": cancelled["type"]},
        object_id=donation.stripe_subscription_id,
        source="webhook",
    )

    assert stripe_event_process(event_pk=stored.pk) is True

    donation.refresh_from_db()
    assert donation.status == DonationStatus.CANCELLED
