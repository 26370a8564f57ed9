"""A reader opens the home page, goes to the news, filters by jurisdiction and reads what is there."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_reader_follows_a_news_filter(live_server, page, settings):
    settings.PAGE_CACHE_ENABLED = True
    call_command("load_demo_content", "--no-translations", verbosity=0)

    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("Every clinical trial")
    expect(page.get_by_role("link", name="Sign the petition").first).to_have_attribute(
        "href", "/petition/"
    )

    page.get_by_role("navigation", name="Main").get_by_role("link", name="News", exact=True).click()
    expect(page).to_have_url(re.compile(r"/news/$"))
    expect(page.locator(".news-card")).to_have_count(4)

    page.get_by_role("complementary", name="Filter news").get_by_role(
        "link", name="UK", exact=True
    ).click()

    expect(page).to_have_url(re.compile(r"/news/\?jurisdiction=uk$"))
    cards = page.locator(".news-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("28 April 2026")
    expect(page.get_by_role("link", name="UK", exact=True).first).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_text("1 item from UK")).to_be_visible()

    # Keyboard users can skip straight to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    cards.first.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("UK")
    expect(page.get_by_text("In force from")).to_be_visible()
