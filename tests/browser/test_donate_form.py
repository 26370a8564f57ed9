"""The donate form in a browser: Gift Aid's details appear only once it is ticked, and
the button says what pressing it does ("Donate £10 monthly"); without JavaScript the
details stay in view and the button is general."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import DonatePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def donate_url(live_server, fake_stripe, site_tree):
    """The donate page with donations on, against the fake Stripe (conftest's fixture)."""
    DonatePageFactory(parent=site_tree["home"], publish=True)
    return live_server.url + "/donate/"


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where the journeys' screenshots go: SCREENSHOT_DIR if set, else the test's own
    temporary directory."""
    directory = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path) / "donate_form"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_gift_aid_details_follow_the_tick_and_the_button_follows_the_choice(
    browser, donate_url, screenshots, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(donate_url)
    button = page.locator("[data-donate-button]")
    details = page.locator("[data-gift-aid-details]")

    # The page opens on the second preset, once.
    expect(button).to_have_text("Donate £10")
    expect(details).to_be_hidden()
    page.screenshot(path=screenshots / f"donate-{width}.png", full_page=True)

    page.get_by_label("Monthly").check()
    expect(button).to_have_text("Donate £10 monthly")
    page.get_by_label("£25").check()
    expect(button).to_have_text("Donate £25 monthly")
    page.get_by_label("Your own amount").fill("12.5")
    expect(page.get_by_label("Other amount")).to_be_checked()
    expect(button).to_have_text("Donate £12.50 monthly")
    page.get_by_label("Your own amount").fill("1")  # below the £2 minimum
    expect(button).to_have_text("Donate")
    page.get_by_label("One-off").check()
    page.get_by_label("£50").check()
    expect(button).to_have_text("Donate £50")

    gift_aid = page.get_by_label(re.compile("add Gift Aid"))
    gift_aid.check()
    expect(details).to_be_visible()
    expect(page.get_by_label("Home address")).to_be_visible()
    page.screenshot(path=screenshots / f"donate-gift-aid-{width}.png", full_page=True)
    gift_aid.uncheck()
    expect(details).to_be_hidden()
    assert _page_width(page) <= width

    # Another currency: the presets, the button and the (pounds-only) Gift Aid follow.
    page.get_by_role("link", name="€ EUR").click()
    expect(button).to_have_text("Donate €10")
    expect(page.get_by_label(re.compile("add Gift Aid"))).to_have_count(0)
    page.get_by_label("Monthly").check()
    expect(button).to_have_text("Donate €10 monthly")
    context.close()


def test_without_javascript_gift_aid_details_show_and_are_checked_only_when_ticked(
    browser, donate_url, screenshots
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(donate_url)
    expect(page.get_by_label("Home address")).to_be_visible()
    button = page.get_by_role("button", name="Continue to secure payment")
    expect(button).to_be_visible()
    page.screenshot(path=screenshots / "donate-no-js-390.png", full_page=True)

    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label(re.compile("add Gift Aid")).check()
    button.click()
    expect(page.locator(".error-summary")).to_contain_text("Enter your home address for Gift Aid")

    page.get_by_label(re.compile("add Gift Aid")).uncheck()
    page.get_by_role("button", name="Continue to secure payment").click()
    expect(page.locator("h1")).to_have_text("Fake Stripe Checkout")
    context.close()
