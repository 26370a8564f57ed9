"""The donate page: where it may stand, what it offers, and the demo loader."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from lxml import html
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms.models import HomePage
from demo.donations import donations_demo_load
from donations.models import DonateCurrency, DonatePage
from tests.factories import HomePageFactory

pytestmark = pytest.mark.django_db


class DonatePageRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node(), publish=True)

    def test_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(DonatePage, {HomePage})
        self.assertAllowedSubpageTypes(DonatePage, {})

    def test_an_editor_creates_it_with_amounts_per_currency(self):
        self.login()
        self.assertCanCreate(
            self.home,
            DonatePage,
            nested_form_data(
                {
                    "title": "Give",
                    "slug": "give",
                    "intro": "Help us.",
                    "currencies": inline_formset(
                        [{"currency": "GBP", "presets": "5, 10", "minimum": "2", "maximum": "100"}]
                    ),
                    "allow_monthly": "on",
                    "charity_name": "",
                    "thank_you_text": "",
                }
            ),
        )
        page = DonatePage.objects.get(slug="give")
        [option] = page.currency_options()
        assert (option.code, option.presets, option.maximum) == (
            "GBP",
            (Decimal("5.00"), Decimal("10.00")),
            Decimal("100"),
        )


def test_page_offers_editor_presets_per_currency(stripe_on, donate_page, client):
    donate_page.currencies.add(
        DonateCurrency(
            currency="GBP", presets="3, 30", minimum=Decimal("3"), maximum=Decimal("300")
        )
    )
    donate_page.currencies.add(
        DonateCurrency(
            currency="USD", presets="20, 40", minimum=Decimal("5"), maximum=Decimal("500")
        )
    )
    donate_page.save_revision().publish()

    text = client.get("/donate/").content.decode()
    assert "£3" in text and "£30" in text and "Between £3 and £300" in text
    assert "USD" in text and "EUR" not in text

    text = client.get("/donate/?currency=USD").content.decode()
    assert "$20" in text and "$40" in text


def test_amount_over_an_editor_maximum_is_refused(stripe_on, donate_page, client):
    donate_page.currencies.add(
        DonateCurrency(currency="GBP", presets="5", minimum=Decimal("5"), maximum=Decimal("100"))
    )
    donate_page.save_revision().publish()
    response = client.post(
        "/donate/",
        {
            "frequency": "one_off",
            "currency": "GBP",
            "amount": "other",
            "other_amount": "150",
            "name": "A",
            "email": "a@example.org",
        },
    )
    assert response.status_code == 400
    assert "largest donation this form can take in GBP is £100" in response.content.decode()


def test_defaults_without_editor_rows(stripe_on, donate_page, client):
    text = client.get("/donate/").content.decode()
    assert "GBP" in text and "EUR" in text and "USD" in text
    assert "Between £2 and £10,000" in text


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"presets": "5, ten"}, "presets"),
        ({"presets": "1, 5", "minimum": Decimal("2")}, "presets"),
        ({"minimum": Decimal("10"), "maximum": Decimal("5"), "presets": "7"}, "maximum"),
        ({"minimum": Decimal("0.10"), "presets": "5"}, "minimum"),
    ],
)
def test_editor_mistakes_in_currency_rows_are_explained(fields, error_field):
    row = DonateCurrency(
        currency="GBP",
        **{"presets": "5", "minimum": Decimal("2"), "maximum": Decimal("100"), **fields},
    )
    with pytest.raises(ValidationError) as caught:
        row.clean()
    assert error_field in caught.value.message_dict


def test_monthly_can_be_switched_off(stripe_on, donate_page, client):
    donate_page.allow_monthly = False
    donate_page.save_revision().publish()
    assert "Monthly" not in client.get("/donate/").content.decode()
    response = client.post(
        "/donate/",
        {
            "frequency": "monthly",
            "currency": "GBP",
            "amount": "5.00",
            "name": "A",
            "email": "a@example.org",
        },
    )
    assert response.status_code == 400


def test_demo_loader_creates_the_page_once(site_tree, client):
    first = donations_demo_load()
    second = donations_demo_load()
    assert first.pk == second.pk
    assert DonatePage.objects.count() == 1
    assert first.url == "/donate/"
    assert [row.currency for row in first.currencies.all()] == ["GBP", "EUR", "USD"]
    assert client.get("/donate/").status_code == 200


def test_the_page_editor_warns_while_donations_are_switched_off(donate_page, admin_client):
    text = " ".join(
        admin_client.get(f"/admin/pages/{donate_page.pk}/edit/").content.decode().split()
    )
    assert "data-donations-switched-off" in text
    assert "Donations are switched off until the Stripe keys are set" in text
    assert "ask whoever runs the site to set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET" in text


def test_the_page_editor_says_nothing_once_stripe_is_set(stripe_on, donate_page, admin_client):
    response = admin_client.get(f"/admin/pages/{donate_page.pk}/edit/")
    assert response.status_code == 200
    assert "data-donations-switched-off" not in response.content.decode()


def test_the_currency_is_asked_once(stripe_on, donate_page, client):
    """The "Give in" links choose the currency; the form only carries the choice."""
    text = client.get("/donate/?currency=EUR").content.decode()
    assert text.count('name="currency"') == 1
    assert '<input type="hidden" name="currency" value="EUR"' in text
    assert "<select" not in text
    assert 'href="?currency=GBP"' in text and "Your donation in EUR" in text


def test_gift_aid_is_offered_on_pounds_only_and_its_details_sit_behind_the_tick(
    stripe_on, donate_page, client
):
    pounds = client.get("/donate/").content.decode()
    details = pounds[pounds.index("data-gift-aid-details") :]
    assert 'name="gift_aid"' in pounds
    # Without JavaScript the details stay in view (site.js hides them until ticked).
    assert "hidden" not in pounds[pounds.index("data-gift-aid-details") - 80 :][:120]
    assert 'name="address"' in details and 'name="postcode"' in details
    euros = client.get("/donate/?currency=EUR").content.decode()
    assert 'name="gift_aid"' not in euros and 'name="postcode"' not in euros


def test_gift_aid_details_are_checked_only_when_it_is_ticked(stripe_on, donate_page, client):
    donation = {
        "frequency": "one_off",
        "currency": "GBP",
        "amount": "10",
        "name": "Ada Lovelace",
        "email": "ada@example.org",
    }
    assert client.post("/donate/", donation).status_code == 303
    refused = client.post("/donate/", {**donation, "gift_aid": "on"})
    assert refused.status_code == 400
    assert "Enter your home address for Gift Aid" in refused.content.decode()


def test_without_javascript_the_button_says_where_it_goes(stripe_on, donate_page, client):
    tree = html.fromstring(client.get("/donate/").content)
    (button,) = tree.xpath("//button[@data-donate-button]")
    assert button.text_content() == "Continue to secure payment"
