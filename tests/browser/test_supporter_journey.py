"""An organisation registers, its contact verifies by the emailed link, a moderator
signs in with two-factor authentication and approves it, and the public list shows it."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.auth import current_totp_code

PASSWORD = "a-Long-and-unusual-passphrase-42"


@pytest.mark.django_db(transaction=True)
def test_register_verify_approve_and_appear(live_server, browser, settings, django_user_model):
    settings.PAGE_CACHE_ENABLED = True
    settings.STAFF_REQUIRE_2FA = True
    call_command("load_demo_content", "--no-translations", verbosity=0)
    moderator = django_user_model.objects.create_superuser("moderator@example.org", PASSWORD)
    EmailAddress.objects.create(user=moderator, email=moderator.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)

    # The contact registers from the public list.
    contact = browser.new_context().new_page()
    contact.goto(live_server.url + "/supporters/")
    expect(contact.locator("main")).to_contain_text("320")
    contact.get_by_role("link", name=re.compile("Register your organisation", re.I)).first.click()
    contact.get_by_label("Email").fill("chair@openresults.example.org")
    contact.get_by_label("Choose a password").fill(PASSWORD)
    contact.get_by_label("The same password again").fill(PASSWORD)
    contact.get_by_label("Organisation name").fill("Open Results Patients' Network")
    contact.get_by_label("Website").fill("https://openresults.example.org")
    contact.get_by_label("Country").select_option("GB")
    contact.get_by_label("Kind of organisation").select_option("patient_group")
    contact.get_by_label("Your name").fill("Grace Hopper")
    contact.get_by_role("button", name="Register support").click()
    expect(contact.get_by_role("heading", name="Check your email")).to_be_visible()

    # The link in the email opens a page; only its button confirms.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    contact.goto(link)
    contact.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    expect(contact.locator("main")).to_contain_text("Awaiting review")

    # The moderator signs in (password, then the authenticator code) and approves.
    admin = browser.new_context().new_page()
    admin.goto(live_server.url + "/admin/")
    admin.get_by_label("Email").fill(moderator.email)
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign In").click()
    admin.get_by_label("Code").fill(current_totp_code(secret))
    admin.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(admin).to_have_url(re.compile(r"/admin/$"))
    admin.goto(live_server.url + "/admin/supporters/organisation/?needs_review=true")
    admin.get_by_role("link", name="Open Results Patients' Network").first.click()
    admin.locator(".supporters-moderation").get_by_role("link", name="Approve").click()
    admin.get_by_role("button", name=re.compile("Approve", re.I)).click()
    expect(admin.locator("body")).to_contain_text(re.compile("approved", re.I))

    # Anyone now finds it on the public list, linking to its website.
    public = browser.new_context().new_page()
    public.goto(live_server.url + "/supporters/?q=open+results")
    entry = public.get_by_role("link", name="Open Results Patients' Network")
    expect(entry).to_have_attribute("href", "https://openresults.example.org")
    public.goto(live_server.url + "/supporters/")
    expect(public.locator("main")).to_contain_text("321")
