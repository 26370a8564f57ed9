"""Signing, donating and registering an organisation with the keyboard alone: no clicks.
Focus is visible on everything it lands on (tests/browser/keyboard.py checks each Tab),
the skip link leads to the main content, and each journey ends where a mouse user's does.
"""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from donations.models import Donation
from petitions.models import PetitionPage, Signature
from supporters.models import Organisation
from tests.browser.keyboard import (
    fill_form_by_keyboard,
    focused,
    is_button,
    is_link,
    skip_to_main,
    tab,
    tab_until,
)

PASSWORD = "a-Long-and-unusual-passphrase-42"


@pytest.fixture
def demo_site(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("load_demo_content", verbosity=0)
    return live_server.url


SIGNER = {
    "Your name": "Ada Lovelace",
    "Email address": "ada@example.org",
    "Country": "United Kingdom",
    "I agree": True,
}


@pytest.mark.django_db(transaction=True)
def test_sign_and_confirm_with_the_keyboard(demo_site, page, screenshot):
    petition = PetitionPage.objects.live().get(locale__language_code=settings.LANGUAGE_CODE)
    page.goto(demo_site + petition.url)
    # The form arrives on a cached page and is shown once its CSRF token is fetched.
    expect(page.locator("form[data-csrf]")).to_be_visible()

    skip_to_main(page)
    # Tab order goes forward to the form, and Shift+Tab comes back to where it was.
    name = tab_until(page, lambda element: element["label"].startswith("Your name"))
    tab(page)
    assert focused(page)["label"].startswith("Email")
    assert tab(page, backwards=True)["id"] == name["id"]

    # Enter on the button with nothing filled in: the form comes back with its errors.
    tab_until(page, is_button("Sign the petition"))
    page.keyboard.press("Enter")
    expect(page.locator(".field-error").first).to_be_visible()
    assert not Signature.objects.exists()
    screenshot(page, "sign-errors")

    skip_to_main(page)
    filled = fill_form_by_keyboard(page, SIGNER, submit="Sign the petition")
    assert filled == list(SIGNER)
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    signature = Signature.objects.get(email="ada@example.org")
    assert (signature.name, signature.country, signature.status) == (
        "Ada Lovelace",
        "GB",
        "pending",
    )
    screenshot(page, "check-email")

    # The emailed link opens a page whose one button confirms: Tab to it, press Space.
    link = re.search(r"https?://\S+/petitions/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    skip_to_main(page)
    tab_until(page, is_button("Confirm my signature"))
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", name="Thank you for signing")).to_be_visible()
    signature.refresh_from_db()
    assert signature.status == "confirmed"
    screenshot(page, "confirmed")


@pytest.mark.django_db(transaction=True)
def test_donate_with_the_keyboard_to_stripe_checkout(demo_site, page, fake_stripe, screenshot):
    page.goto(demo_site + "/")
    skip_to_main(page)
    tab_until(page, is_link(r"\bdonat"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Support our work")
    screenshot(page, "donate")

    skip_to_main(page)
    fill_form_by_keyboard(
        page,
        {
            "Monthly": True,
            "£25": True,
            "Your name": "Ada Lovelace",
            "Email": "ada@example.org",
        },
        submit="Donate",
    )
    # Sent on to Stripe's hosted Checkout (here the fake's page): the site's part is done.
    expect(page).to_have_url(re.compile(re.escape(fake_stripe.url) + r"/checkout/pay/cs_test_\w+$"))
    donation = Donation.objects.get()
    assert (donation.frequency, donation.amount_minor, donation.currency) == (
        "monthly",
        2500,
        "GBP",
    )
    assert donation.email == "ada@example.org"


@pytest.mark.django_db(transaction=True)
def test_register_an_organisation_with_the_keyboard(demo_site, page, screenshot):
    page.goto(demo_site + "/supporters/")
    skip_to_main(page)
    tab_until(page, is_link("Register your organisation"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Register")
    screenshot(page, "register")

    skip_to_main(page)
    fill_form_by_keyboard(
        page,
        {
            "Your email address": "chair@openresults.example.org",
            "Choose a password": PASSWORD,
            "The same password again": PASSWORD,
            "Organisation name": "Open Results Patients' Network",
            "Website": "https://openresults.example.org",
            "Country": "United Kingdom",
            "Kind of organisation": "Patient",
            "Your name": "Grace Hopper",
        },
        submit="Register support",
    )
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    screenshot(page, "registered")
    organisation = Organisation.objects.get(name="Open Results Patients' Network")
    assert organisation.country == "GB"
    assert organisation.category == "patient_group"
    assert organisation.contact_name == "Grace Hopper"
