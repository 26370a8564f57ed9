# ruff: noqa: F811 - the fixtures imported from the apps' conftests are used as arguments
"""The honeypot and the country list every public form shares (core/forms.py)."""

import copy
import re
from unittest import mock

import pytest
from django import forms
from django.utils import translation
from django.utils.choices import CallableChoiceIterator

from core.forms import CountryField, HoneypotField, HoneypotMixin, country_choices, country_codes
from donations.models import Donation
from supporters.models import Organisation
from tests.donations.conftest import donate_page, fake_stripe, start_donation, stripe_on  # noqa: F401
from tests.factories import PetitionPageFactory
from updates.models import Subscriber


class _Form(HoneypotMixin, forms.Form):
    country = CountryField()
    website = HoneypotField()


def test_the_country_list_has_one_prompt_then_every_country():
    choices = country_choices()
    assert choices[0] == ("", "Choose a country")
    assert ("GB", "United Kingdom") in choices and len(choices) > 240


def test_a_country_is_checked_against_the_list_with_one_wording():
    assert _Form({"country": "GB"}).is_valid()
    assert _Form({"country": ""}).errors["country"] == ["Choose your country."]
    assert _Form({"country": "XX"}).errors["country"] == ["Choose your country from the list."]


def test_forms_share_the_list_instead_of_copying_it():
    # Django deep-copies every field for each form; the list itself must not be copied.
    first, second = _Form(), _Form()
    assert first.fields["country"] is not second.fields["country"]
    assert list(first.fields["country"].choices) == list(second.fields["country"].choices)
    # Django keeps a callable's choices as a CallableChoiceIterator, called when read:
    # a copied field still holds the function, not a copy of some 250 countries.
    copied = copy.deepcopy(first.fields["country"])
    assert isinstance(copied.choices, CallableChoiceIterator)
    assert copied.choices.func is country_choices
    assert copied.widget.choices.func is country_choices


def test_a_submitted_country_is_looked_up_not_searched_for():
    """Checking a code walked the 250 choices (a seventh of a signature's work); it is one
    set lookup, so validating never reads the list at all."""
    form = _Form({"country": "FR"})
    with mock.patch.object(CallableChoiceIterator, "__iter__", side_effect=AssertionError):
        assert form.is_valid()
    assert not _Form({"country": "fr"}).is_valid()  # codes are upper case, as listed


def test_the_codes_accepted_are_the_codes_listed_in_every_language():
    for language in ("en", "fr", "de"):
        with translation.override(language):
            assert country_codes() == {code for code, _name in country_choices() if code}


def test_a_field_offering_fewer_countries_accepts_only_those():
    class _Fewer(forms.Form):
        country = CountryField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["country"].choices = [("", "Choose a country"), ("GB", "United Kingdom")]

    assert _Fewer({"country": "GB"}).is_valid()
    assert _Fewer({"country": "FR"}).errors["country"] == ["Choose your country from the list."]


def test_a_filled_honeypot_is_a_bot_and_an_empty_one_is_not():
    bot, person = _Form({"country": "GB", "website": " x "}), _Form({"country": "GB"})
    assert bot.is_valid() and person.is_valid()
    assert bot.is_bot and not person.is_bot


HONEYPOT = re.compile(
    r'<div class="honeypot" aria-hidden="true">.*?<input[^>]*name="(?P<name>\w+)"[^>]*>', re.S
)


def _honeypot_names(html: str) -> set[str]:
    found = set()
    for match in HONEYPOT.finditer(html):
        tag = match.group(0)
        assert 'tabindex="-1"' in tag and 'autocomplete="off"' in tag, tag
        found.add(match.group("name"))
    return found


@pytest.fixture
def pages(site_tree, donate_page, stripe_on):
    petition = PetitionPageFactory(
        parent=site_tree["home"], publish=True, slug="petition", ask_country=True
    )
    return {
        "petition": (petition.sign_url(), "website", True),
        "updates": ("/subscribe/", "website", True),
        "supporters": ("/supporters/register/", "homepage", True),
        "donations": (donate_page.url, "website", False),
    }


@pytest.mark.parametrize("form", ["petition", "updates", "supporters", "donations"])
def test_every_public_form_renders_the_hidden_honeypot_and_the_country_list(client, pages, form):
    url, honeypot, asks_country = pages[form]
    html = client.get(url).content.decode()
    assert _honeypot_names(html) == {honeypot}
    if asks_country:  # donations asks none (Gift Aid is UK only)
        assert re.search(r'<option value=""( selected)?>Choose a country</option>', html)
        assert '<option value="GB">United Kingdom</option>' in html


def test_a_bot_registering_an_organisation_sees_the_usual_page_and_nothing_is_stored(
    client, site_tree
):
    response = client.post(
        "/supporters/register/",
        {
            "account-email": "bot@example.org",
            "account-password1": "a-Long-and-unusual-passphrase-42",
            "account-password2": "a-Long-and-unusual-passphrase-42",
            "name": "Spam Ltd",
            "website": "https://spam.example.org",
            "country": "GB",
            "category": "patient_group",
            "contact_name": "Bot",
            "homepage": "https://spam.example.org",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/supporters/register/check-your-email/"
    assert not Organisation.objects.exists()


def test_a_bot_subscribing_sees_the_usual_page_and_nothing_is_stored(client, site_tree):
    response = client.post(
        "/subscribe/",
        {"email": "bot@example.org", "consent": "on", "website": "spam"},
    )
    assert response.status_code == 302 and response["Location"].endswith("/subscribe/thanks/")
    assert not Subscriber.objects.exists()


def test_a_bot_donating_sees_the_thanks_page_and_stripe_is_never_asked(
    stripe_on, start_donation, donate_page
):
    response = start_donation(website="http://spam.example/")
    assert response.status_code == 303
    assert response["Location"] == donate_page.url + "thanks/"
    assert not Donation.objects.exists()
