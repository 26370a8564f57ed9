"""Donors take part in the shared export/erase mechanism; erasure keeps what the law requires."""

import json

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.personal_data import personal_data_erase, personal_data_export
from donations.models import Donation, GiftAidDeclaration, Payment, StripeEvent
from tests.factories import DonationFactory, GiftAidDeclarationFactory, PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def donor():
    donation = DonationFactory(
        name="Ada Lovelace", email="Ada@Example.org", status="paid", stripe_customer_id="cus_1"
    )
    GiftAidDeclarationFactory(donation=donation)
    PaymentFactory(donation=donation)
    DonationFactory(name="Someone Else", email="other@example.org")
    return donation


def test_export_lists_donations_payments_and_declaration(donor):
    [exported] = personal_data_export(email="ada@example.org")["donations"]
    assert exported["name"] == "Ada Lovelace"
    assert exported["amount"] == "£25"
    assert exported["payments"][0]["status"] == "Paid"
    assert exported["gift_aid_declaration"]["postcode"] == "SW1Y 4JH"


def test_erase_removes_the_donor_and_keeps_amounts_and_gift_aid_and_says_so(donor):
    outcome = personal_data_erase(email="ada@example.org")["donations"]

    donor.refresh_from_db()
    assert (donor.name, donor.email, donor.stripe_customer_id) == ("", "", "")
    assert donor.erased_at is not None
    assert Payment.objects.get().amount_minor == 2500
    assert GiftAidDeclaration.objects.get().last_name == "Lovelace"
    assert "kept the amounts and dates" in outcome
    assert "HMRC requires us to keep for six years" in outcome
    assert Donation.objects.get(email="other@example.org").name == "Someone Else"
    assert personal_data_export(email="ada@example.org")["donations"] == []


def test_the_management_command_covers_donations(donor, capsys):
    call_command("personal_data", "erase", "ada@example.org", "--yes")
    assert "donations" in capsys.readouterr().out
    donor.refresh_from_db()
    assert donor.email == ""


def test_an_erased_monthly_donor_stays_erased_when_stripe_bills_again(
    stripe_on, start_donation, deliver
):
    start_donation(frequency="monthly", amount="10.00", email="grace@example.org")
    donation = Donation.objects.get()
    for event in stripe_on.complete_checkout(
        donation.stripe_checkout_session_id, email="grace@example.org"
    ):
        deliver(event)
    donation.refresh_from_db()
    subscription = donation.stripe_subscription_id
    personal_data_erase(email="grace@example.org")
    mail.outbox.clear()

    later = [
        stripe_on.renew(subscription),
        stripe_on.event(
            "checkout.session.completed", stripe_on.object(donation.stripe_checkout_session_id)
        ),
    ]
    assert "grace@example.org" in json.dumps(later)  # Stripe still sends who they are
    for event in later:
        deliver(event)

    donation.refresh_from_db()
    assert (donation.name, donation.email, donation.stripe_customer_id) == ("", "", "")
    assert Payment.objects.filter(donation=donation).count() == 2  # the money is still counted
    assert mail.outbox == []  # nobody left to send a receipt to
    for stored in StripeEvent.objects.filter(stripe_id__in=[event["id"] for event in later]):
        assert _mentions(stored, "grace@example.org", "A Donor", "SW1Y", "cus_") == []
        assert stored.processed_at is not None


# --- Stripe's stored events ----------------------------------------------------------------


def _mentions(event: StripeEvent, *needles: str) -> list[str]:
    text = json.dumps(event.payload).lower()
    return [needle for needle in needles if needle.lower() in text]


def test_erasure_scrubs_the_donor_from_every_stored_stripe_event(
    stripe_on, start_donation, deliver
):
    """Checkout's customer_details, the invoice's customer_email and address, the
    charge's billing_details: none of it stays once the donor is erased."""
    start_donation(amount="25.00", email="grace@example.org", name="Grace Hopper")
    start_donation(frequency="monthly", amount="10.00", email="grace@example.org")
    start_donation(amount="5.00", email="other@example.org", name="Someone Else")
    one_off, monthly, other = Donation.objects.order_by("pk")
    hers = stripe_on.complete_checkout(
        one_off.stripe_checkout_session_id, email="grace@example.org", name="Grace Hopper"
    )
    hers += stripe_on.complete_checkout(
        monthly.stripe_checkout_session_id, email="grace@example.org", name="Grace Hopper"
    )
    theirs = stripe_on.complete_checkout(
        other.stripe_checkout_session_id, email="other@example.org", name="Someone Else"
    )
    subscription = stripe_on.object(monthly.stripe_checkout_session_id)["subscription"]
    hers.append(stripe_on.renew(subscription))
    hers.append(
        stripe_on.refund(stripe_on.charge_for(session_id=one_off.stripe_checkout_session_id))
    )
    # About a customer record of hers we never linked to a donation: found by her email.
    hers.append(
        {
            "id": "evt_customer_created",
            "object": "event",
            "type": "customer.created",
            "created": 1,
            "data": {
                "object": {
                    "id": "cus_elsewhere",
                    "object": "customer",
                    "email": "Grace@Example.org",
                    "name": "Grace Hopper",
                }
            },
        }
    )
    for event in hers + theirs:
        deliver(event)
    customers = [
        stripe_on.object(donation.stripe_checkout_session_id)["customer"]
        for donation in (one_off, monthly)
    ]
    her_events = StripeEvent.objects.filter(stripe_id__in=[event["id"] for event in hers])
    assert len(her_events) == 6
    assert all(_mentions(event, "grace@example.org") for event in her_events)

    personal_data_erase(email="grace@example.org")

    for event in her_events.all():
        assert _mentions(event, "grace", "hopper", "St James", "SW1Y", *customers) == [], event
        assert (event.payload["id"], event.payload["type"]) == (event.stripe_id, event.type)
        assert event.payload["data"]["object"]["id"] == event.object_id != ""
        assert event.processed_at is not None
    for event in StripeEvent.objects.filter(stripe_id__in=[event["id"] for event in theirs]):
        assert _mentions(event, "other@example.org", "Someone Else", "SW1Y") != []
