"""The growth loop in a browser: sign, share (the links carry the signer's referral code),
open the shared link in a fresh browser and sign, and see the referral counted; an
organisation's own link brings a signature its account page counts.

Screenshots at desktop (1280) and phone (390) widths go to SCREENSHOT_DIR when set,
else to the test's own temporary directory.
"""

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from petitions.models import Signature
from petitions.services import referral_counts
from tests.factories import OrganisationFactory

PASSWORD = "a-Long-and-unusual-passphrase-42"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"share-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign(page, url: str, *, name: str, email: str) -> None:
    """Sign on the (cached) petition page, the way a visitor with JavaScript does."""
    page.goto(url)
    form = page.locator("form[data-csrf]")
    expect(form).to_be_visible()
    form.get_by_label("Your name", exact=True).fill(name)
    form.get_by_label("Email address", exact=True).fill(email)
    form.get_by_label("Country", exact=True).select_option("GB")
    form.get_by_label(re.compile("^I agree")).check()
    form.get_by_role("button", name="Sign the petition").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()


def confirm(page, email: str) -> None:
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    link = re.search(r"https?://\S+/petitions/confirm/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("heading", name="Thank you for signing")).to_be_visible()


def no_outside_requests(page) -> list[str]:
    """Every address the page asks for that is not this site (none may be)."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    return asked


@pytest.mark.django_db(transaction=True)
def test_sign_share_and_a_friend_signs_through_the_link(live_server, browser, settings, shots):
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("load_demo_content", "--no-translations", verbosity=0)
    petition_url = live_server.url + "/petition/"

    signer_context = browser.new_context(viewport=DESKTOP)
    signer = signer_context.new_page()
    asked = no_outside_requests(signer)
    sign(signer, petition_url, name="Ada Lovelace", email="ada@example.org")
    ada = Signature.objects.get(email="ada@example.org")
    code = ada.share_code
    assert signer.url.endswith(f"/check-email/{code}/")

    share = signer.locator("[data-share]")
    expect(share).to_be_visible()
    for network in ("email", "whatsapp", "x", "bluesky", "facebook", "linkedin"):
        href = share.locator(f'[data-share-link="{network}"]').get_attribute("href")
        assert code in href, network
    expect(share.get_by_role("button", name="Copy link")).to_be_visible()  # shown by the script
    copied = share.get_by_label("Or copy the link").input_value()
    assert copied == f"{petition_url}?ref={code}"
    shots(signer, "check-email-desktop")

    confirm(signer, "ada@example.org")
    expect(signer.locator("[data-petition-total]")).to_have_text("1")  # this signer, counted
    expect(signer.locator("[data-share]")).to_be_visible()
    assert code in signer.locator('[data-share-link="whatsapp"]').get_attribute("href")
    shots(signer, "confirmed-desktop")
    assert all(url.startswith(live_server.url) for url in asked), asked

    # A friend opens the WhatsApp link on a phone, in a browser of their own, and signs.
    whatsapp = signer.locator('[data-share-link="whatsapp"]').get_attribute("href")
    shared = parse_qs(urlsplit(whatsapp).query)["text"][0].rsplit(" ", 1)[1]
    friend_context = browser.new_context(viewport=PHONE)
    friend = friend_context.new_page()
    friend.goto(shared)
    shots(friend, "shared-link-phone")
    sign(friend, friend.url, name="Grace Hopper", email="grace@example.org")
    shots(friend, "check-email-phone")
    confirm(friend, "grace@example.org")
    shots(friend, "confirmed-phone")
    grace = Signature.objects.get(email="grace@example.org")
    assert grace.referral_code == code
    assert (grace.utm_source, grace.utm_medium) == ("whatsapp", "share")
    assert referral_counts(codes=[code]) == {code: 1}
    friend_context.close()
    signer_context.close()


@pytest.mark.django_db(transaction=True)
def test_an_organisations_link_brings_a_signature_its_account_page_counts(
    live_server, browser, settings, django_user_model, shots
):
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("load_demo_content", "--no-translations", verbosity=0)
    user = django_user_model.objects.create_user("chair@openresults.example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    organisation = OrganisationFactory(
        name="Open Results Patients' Network", owner=user, contact_email=user.email
    )

    context = browser.new_context(viewport=DESKTOP)
    account = context.new_page()
    account.goto(live_server.url + "/accounts/login/?next=/supporters/account/")
    account.locator("input[name=login]").fill(user.email)
    account.locator("input[name=password]").fill(PASSWORD)
    account.locator("form").filter(has=account.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).click()
    expect(account).to_have_url(re.compile(r"/supporters/account/$"))
    referral = account.locator("[data-referral]")
    expect(referral).to_contain_text("Your link brought 0 signatures.")
    link = referral.locator("[data-referral-url]").first.input_value()
    assert link == f"{live_server.url}/petition/?ref={organisation.share_code}"
    shots(account, "organisation-account-desktop")

    member_context = browser.new_context(viewport=PHONE)
    member = member_context.new_page()
    member.goto(link)
    sign(member, member.url, name="Rosalind Franklin", email="rosalind@example.org")
    confirm(member, "rosalind@example.org")
    member_context.close()

    account.reload()
    expect(account.locator("[data-referral]")).to_contain_text("Your link brought 1 signature.")
    account.set_viewport_size(PHONE)
    shots(account, "organisation-account-phone")
    context.close()
