"""A donor in another language: Checkout opens in it, and the receipt is written in it."""

import pytest
from django.core import mail
from django.utils import translation

from donations.models import Donation
from donations.stripe_gateway import checkout_locale
from donations.tasks import send_receipt
from tests.factories import DonationFactory, PaymentFactory, translation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_page(donate_page):
    return translation_of(donate_page, "es", title="Apoya nuestro trabajo")


def donate_on(client, page, **fields):
    data = {
        "frequency": "one_off",
        "currency": "GBP",
        "amount": "25.00",
        "other_amount": "",
        "name": "Ana García",
        "email": "ana@example.org",
        **fields,
    }
    with translation.override(page.locale.language_code):
        url = page.url
    return client.post(url, data)


def test_giving_on_the_spanish_page_opens_checkout_in_spanish(stripe_on, client, spanish_page):
    response = donate_on(client, spanish_page)
    assert response.status_code == 303
    donation = Donation.objects.get()
    assert donation.language == "es"
    [request] = stripe_on.requests_to("POST", "/v1/checkout/sessions")
    assert request.params["locale"] == "es"
    product = request.params["line_items"][0]["price_data"]["product_data"]["name"]
    assert product.startswith("Donativo a ")


def test_giving_in_english_opens_checkout_in_british_english(stripe_on, client, donate_page):
    donate_on(client, donate_page)
    assert Donation.objects.get().language == "en-gb"
    [request] = stripe_on.requests_to("POST", "/v1/checkout/sessions")
    assert request.params["locale"] == "en-GB"


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("en-gb", "en-GB"),
        ("es", "es"),
        ("de", "de"),
        ("pt-br", "pt-BR"),
        ("ar", "auto"),
        ("", "auto"),
    ],
)
def test_checkout_locales(language, locale):
    assert checkout_locale(language) == locale


def test_the_receipt_is_in_the_donors_language_and_links_to_their_page(donate_page, spanish_page):
    # Recorded on the English page, in Spanish: the receipt links to the Spanish page.
    donation = DonationFactory(
        name="Ana García", email="ana@example.org", status="paid", language="es", page=donate_page
    )
    send_receipt.enqueue(PaymentFactory(donation=donation).pk)
    [message] = mail.outbox
    assert message.subject == "Tu donativo a Trials Transparency Campaign: gracias"
    assert message.body.startswith("Hola, Ana García:")
    assert "Importe recibido: " in message.body
    assert "http://testserver/es/" in message.body


def test_a_receipt_for_an_english_donor_stays_english(donate_page):
    donation = DonationFactory(name="Ada", email="ada@example.org", status="paid", page=donate_page)
    send_receipt.enqueue(PaymentFactory(donation=donation).pk)
    [message] = mail.outbox
    assert message.subject.startswith("Your donation to ")
    assert "Amount received: " in message.body
