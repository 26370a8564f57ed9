"""Pressing Donate: a pending donation, a Checkout Session built from it, a 303 to Stripe."""

import pytest

from donations.models import Donation, DonationStatus, Payment

pytestmark = pytest.mark.django_db


def test_one_off_donation_redirects_to_checkout_with_the_donation_in_metadata(
    stripe_on, start_donation
):
    response = start_donation(amount="25.00")

    donation = Donation.objects.get()
    assert response.status_code == 303
    session_id = donation.stripe_checkout_session_id
    assert response["Location"] == f"{stripe_on.url}/checkout/pay/{session_id}"
    assert donation.status == DonationStatus.PENDING
    assert (donation.amount_minor, donation.currency, donation.frequency) == (
        2500,
        "GBP",
        "one_off",
    )

    [request] = stripe_on.requests_to("POST", "/v1/checkout/sessions")
    params = request.params
    assert params["mode"] == "payment"
    assert params["client_reference_id"] == str(donation.pk)
    assert params["metadata"]["donation_id"] == str(donation.pk)
    assert params["payment_intent_data"]["metadata"]["donation_id"] == str(donation.pk)
    price = params["line_items"][0]["price_data"]
    assert (price["unit_amount"], price["currency"]) == ("2500", "gbp")
    assert "recurring" not in price
    assert params["customer_email"] == "ada@example.org"
    assert params["success_url"].endswith("/donate/thanks/?session_id={CHECKOUT_SESSION_ID}")
    assert request.idempotency_key == f"donation-{donation.reference}-checkout"


def test_monthly_donation_asks_for_a_subscription_with_a_monthly_price(stripe_on, start_donation):
    start_donation(frequency="monthly", currency="EUR", amount="other", other_amount="12.50")

    donation = Donation.objects.get()
    [request] = stripe_on.requests_to("POST", "/v1/checkout/sessions")
    assert request.params["mode"] == "subscription"
    price = request.params["line_items"][0]["price_data"]
    assert price == {
        "currency": "eur",
        "unit_amount": "1250",
        "recurring": {"interval": "month"},
        "product_data": {"name": "Monthly donation to Trials Transparency Campaign"},
    }
    assert request.params["subscription_data"]["metadata"]["donation_id"] == str(donation.pk)
    assert donation.frequency == "monthly"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"amount": "other", "other_amount": "1.50"},
            "other_amount",
            "smallest donation we can take in GBP is £2",
        ),
        (
            {"amount": "other", "other_amount": "10000.01"},
            "other_amount",
            "largest donation this form can take in GBP is £10,000",
        ),
        (
            {"amount": "other", "other_amount": "lots"},
            "other_amount",
            "Enter the amount as a number",
        ),
        (
            {"amount": "other", "other_amount": "10.005"},
            "other_amount",
            "at most two decimal places",
        ),
        ({"amount": "other", "other_amount": ""}, "other_amount", "Enter an amount"),
        ({"currency": "JPY"}, "currency", "choose one of the currencies offered above."),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"name": ""}, "name", "Enter your name."),
        ({"email": ""}, "email", "so we can send your receipt"),
        ({"frequency": "yearly"}, "frequency", "Choose how often to give: once, or monthly."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_sent_to_stripe(
    stripe_on, start_donation, fields, field, message
):
    response = start_donation(**fields)

    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Donation.objects.exists()
    assert stripe_on.requests == []


def test_unknown_currency_error_names_the_currencies_offered(stripe_on, start_donation):
    response = start_donation(currency="JPY")
    assert "We cannot take JPY here" in response.content.decode()


def test_gift_aid_needs_name_home_address_and_uk_postcode(stripe_on, start_donation):
    response = start_donation(gift_aid="on", first_name="Ada", last_name="Lovelace")

    errors = response.context["form"].errors
    assert response.status_code == 400
    assert "Enter your home address for Gift Aid" in str(errors["address"])
    assert "Enter your UK postcode" in str(errors["postcode"])
    assert not Donation.objects.exists()


def test_gift_aid_refused_on_euros(stripe_on, start_donation):
    response = start_donation(
        currency="EUR",
        gift_aid="on",
        first_name="Ada",
        last_name="Lovelace",
        address="12 High Street\nLondon",
        postcode="SW1A 1AA",
    )
    assert response.status_code == 400
    assert "only to donations in pounds sterling" in str(
        response.context["form"].errors["gift_aid"]
    )


def test_gift_aid_refuses_a_postcode_that_is_not_british(stripe_on, start_donation):
    response = start_donation(
        gift_aid="on",
        first_name="Ada",
        last_name="Lovelace",
        address="12 Rue de Rivoli",
        postcode="75001",
    )
    assert "Enter a UK postcode" in str(response.context["form"].errors["postcode"])


def test_gift_aid_declaration_is_stored_with_its_text_version_and_date(stripe_on, start_donation):
    response = start_donation(
        gift_aid="on",
        title="Dr.",
        first_name="Ada",
        last_name="Lovelace",
        address="12 St James's Square\nLondon",
        postcode="sw1y4jh",
    )

    assert response.status_code == 303
    declaration = Donation.objects.get().gift_aid
    assert (declaration.title, declaration.house_name_or_number, declaration.postcode) == (
        "Dr",
        "12",
        "SW1Y 4JH",
    )
    assert declaration.wording.purpose == "gift_aid_declaration"
    assert declaration.wording.version  # from the store, not a hand-kept label
    assert "I am a UK taxpayer" in declaration.wording.text
    assert "Trials Transparency Campaign" in declaration.wording.text
    assert declaration.declared_at is not None


@pytest.mark.parametrize("status", [429, 500])
def test_stripe_down_keeps_the_pending_donation_and_tells_the_donor(
    stripe_on, start_donation, status
):
    stripe_on.fail_next(status)

    response = start_donation()

    assert response.status_code == 503
    assert "nothing has been charged" in response.content.decode()
    donation = Donation.objects.get()
    assert donation.status == DonationStatus.PENDING and donation.stripe_checkout_session_id is None


def test_stripe_refusing_the_session_is_a_clear_error_not_a_500(stripe_on, start_donation):
    stripe_on.fail_next(400, message="Amount must convert to at least 30 pence.")
    response = start_donation()
    assert response.status_code == 503
    assert "try again" in response.content.decode()


def test_a_hanging_stripe_times_out_into_the_same_message(stripe_on, start_donation, settings):
    settings.STRIPE_TIMEOUT_SECONDS = 0.5
    stripe_on.hang_next(2)
    response = start_donation()
    assert response.status_code == 503


def test_without_stripe_the_page_says_donations_are_not_set_up(donate_page, client):
    response = client.get(donate_page.url)
    assert response.status_code == 200
    assert "Donations are not set up yet" in response.content.decode()
    assert "<form" not in response.content.decode().split("<main", 1)[1]

    response = client.post(donate_page.url, {"amount": "25.00", "currency": "GBP"})
    assert response.status_code == 200
    assert not Donation.objects.exists()


def test_the_thanks_page_alone_marks_nothing_paid(stripe_on, start_donation, client):
    start_donation()
    donation = Donation.objects.get()

    response = client.get(f"/donate/thanks/?session_id={donation.stripe_checkout_session_id}")

    assert response.status_code == 200
    assert "confirming your payment" in response.content.decode()
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PENDING
    assert not Payment.objects.exists()
    assert "no-store" in response["Cache-Control"]


def test_a_script_starting_checkout_after_checkout_is_stopped(stripe_on, start_donation, settings):
    settings.DONATIONS_RATE_LIMIT_IP = "3/h"
    answers = [start_donation(email=f"donor{i}@example.org").status_code for i in range(5)]
    assert answers == [303, 303, 303, 429, 429]
    assert Donation.objects.count() == 3
    page = start_donation(email="late@example.org")
    assert "Too many donations have been started" in page.content.decode()


def test_a_donation_records_where_the_donor_came_from(stripe_on, start_donation):
    """First-touch tags and referral code (core/attribution.py), cleaned: bad ones are dropped."""
    start_donation(
        utm_source="newsletter",
        utm_medium="x" * 900,
        utm_campaign="<x>",
        referral_code="abcdefghjk",
    )
    donation = Donation.objects.get()
    assert donation.attribution_export() == {
        "utm_source": "newsletter",
        "utm_medium": "x" * 100,
        "utm_campaign": "",
        "referral_code": "abcdefghjk",
    }
