"""Someone signs the petition from its (cached) page, opens the emailed link, presses
the confirm button, and sees the count rise on the page and in the embeddable widget."""

import re
import time

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect


def count_on(page, url: str, selector: str) -> str:
    page.goto(url)
    return page.locator(selector).first.inner_text().strip()


@pytest.mark.django_db(transaction=True)
def test_sign_confirm_and_see_the_count_rise(live_server, page, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PETITION_COUNT_LAG_SECONDS = 4
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("load_demo_content", "--no-translations", verbosity=0)
    petition_url = live_server.url + "/petition/"

    page.goto(petition_url)
    expect(page.locator("[data-petition-total]")).to_have_text("0")
    widget_url = page.locator("#embed-code").input_value().split('src="')[1].split('"')[0]

    # The form arrives on a cached page; the script fetches a CSRF token and shows it.
    form = page.locator("form[data-csrf]")
    expect(form).to_be_visible()
    form.get_by_label("Your name", exact=True).fill("Ada Lovelace")
    form.get_by_label("Email address", exact=True).fill("ada@example.org")
    form.get_by_label("Country", exact=True).select_option("GB")
    form.get_by_label(re.compile("^I agree")).check()
    form.get_by_role("button", name="Sign the petition").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    # The emailed link opens a page; nothing counts until its button is pressed.
    link = re.search(r"https?://\S+/petitions/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("button", name="Confirm my signature")).to_be_visible()
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("heading", name="Thank you for signing")).to_be_visible()
    expect(page.locator("[data-petition-total]")).to_have_text("1")

    # Within the configured lag the petition page and the widget show it too.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if count_on(page, petition_url, "[data-petition-total]") == "1":
            break
        time.sleep(0.5)
    expect(page.locator("[data-petition-total]")).to_have_text("1")
    page.goto(widget_url)
    expect(page.locator(".widget__count strong")).to_have_text("1")
