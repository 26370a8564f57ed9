"""Donors take part in the shared export/erase mechanism; erasure keeps what the law requires."""

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.personal_data import personal_data_erase, personal_data_export
from donations.models import Donation, GiftAidDeclaration, Payment
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

    deliver(stripe_on.renew(subscription))
    deliver(
        stripe_on.event(
            "checkout.session.completed", stripe_on.object(donation.stripe_checkout_session_id)
        )
    )

    donation.refresh_from_db()
    assert (donation.name, donation.email, donation.stripe_customer_id) == ("", "", "")
    assert Payment.objects.filter(donation=donation).count() == 2  # the money is still counted
    assert mail.outbox == []  # nobody left to send a receipt to
