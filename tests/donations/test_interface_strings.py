"""The donate page in the visitor's language: a German copy of the page shows the form's
labels, amounts and errors in German, and reads a decimal comma as German donors type it."""

import pytest
from lxml import html

from donations.models import Donation
from tests.factories import translation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_page(donate_page):
    return translation_of(donate_page, "de")


def _text(response) -> str:
    return " ".join(html.fromstring(response.content).text_content().split())


def _form(**overrides):
    data = {
        "currency": "EUR",
        "frequency": "one_off",
        "amount": "other",
        "other_amount": "12,50",
        "name": "Clara Schmidt",
        "email": "clara@example.org",
    }
    return {**data, **overrides}


def test_the_donate_form_speaks_german(stripe_on, german_page, client):
    assert german_page.url == "/de/donate/"

    response = client.get("/de/donate/?currency=EUR")
    text = _text(response)

    for label in ("Wie oft", "Einmalig", "Monatlich", "Betrag", "Anderer Betrag", "Ihr Name"):
        assert label in text
    assert "Weiter zur sicheren Zahlung" in text
    assert "Zwischen 2 € und 10.000 € in EUR." in text
    assert "5\u00a0€" in response.content.decode()  # a preset, as German writes amounts
    assert "How often" not in text
    # The words the page's script puts on the button once an amount is chosen.
    assert 'data-label-monthly="{amount} monatlich spenden"' in response.content.decode()


def test_errors_on_the_german_form_are_in_german(stripe_on, german_page, client):
    response = client.post("/de/donate/", _form(other_amount="1", name=""))

    text = _text(response)
    assert response.status_code == 400
    assert "Geben Sie Ihren Namen ein." in text
    # (the text is read with its spaces folded, the no-break one among them)
    assert "Die kleinste Spende, die wir in EUR annehmen können, beträgt 2 €." in text
    assert not Donation.objects.exists()


def test_a_decimal_comma_is_read_as_german_donors_mean_it(stripe_on, german_page, client):
    response = client.post("/de/donate/", _form(other_amount="12,50"))

    assert response.status_code == 303
    assert Donation.objects.get().amount_minor == 1250
