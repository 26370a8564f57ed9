"""Visitors on a phone in Spanish and in German: the demo content in their language from
the home page on, and the page's language declared for their screen reader.

Interface strings (buttons, labels) are translated separately, so these journeys find
fields by name and check the content's own words and the `lang` attribute."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from updates.models import Interest

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    # The default interests come from a migration, which a live-server test's flush removes.
    for slug, name in [("uk", "UK news"), ("eu", "EU news")]:
        Interest.objects.get_or_create(slug=slug, defaults={"name": name})
    call_command("load_demo_content", verbosity=0)
    return live_server.url


@pytest.mark.django_db(transaction=True)
def test_in_spanish_from_the_home_page_to_signing_the_petition(demo_site, phone, screenshot):
    phone.goto(demo_site + "/es/")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("main")).to_contain_text("deben estar registrados")
    screenshot(phone, "es-1-home")

    # The home page's own call to action leads to the Spanish petition.
    phone.locator('main a[href="/es/petition/"]').first.click()
    expect(phone).to_have_url(re.compile(r"/es/petition/$"))
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("h1")).to_have_text(
        "Todos los ensayos registrados, todos los resultados publicados"
    )
    expect(phone.locator("main")).to_contain_text("Gobiernos y autoridades reguladoras")
    screenshot(phone, "es-2-petition")

    form = phone.locator("form[data-csrf]")
    expect(form).to_be_visible()
    form.locator('[name="name"]').fill("Lucía Fernández")
    form.locator('[name="email"]').fill("lucia@example.org")
    form.locator('[name="country"]').select_option("ES")
    expect(form).to_contain_text("Acepto que la campaña guarde mi nombre")
    form.locator('[name="consent"]').check()
    form.locator('button[type="submit"]').click()

    # The check-email page, in Spanish, for the Spanish petition.
    expect(phone).to_have_url(re.compile(r"/es/"))
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("main")).to_contain_text(
        "Todos los ensayos registrados, todos los resultados publicados"
    )
    expect(phone.locator('main a[href="/es/petition/"]')).to_be_visible()
    screenshot(phone, "es-3-check-email")


@pytest.mark.django_db(transaction=True)
def test_in_german_from_the_home_page_to_the_supporters_and_on(demo_site, phone, screenshot):
    phone.goto(demo_site + "/de/")
    expect(phone.locator("html")).to_have_attribute("lang", "de")
    expect(phone.locator("main")).to_contain_text("Jede klinische Studie")
    expect(phone.locator(".site-footer")).to_contain_text("internationale Kampagne")
    screenshot(phone, "de-1-home")

    # The main menu lists the German pages (behind the menu button on a phone).
    toggle = phone.locator(".site-nav__toggle")
    if toggle.is_visible():
        toggle.click()
    phone.locator('.site-nav a[href="/de/supporters/"]').click()
    expect(phone).to_have_url(re.compile(r"/de/supporters/$"))
    expect(phone.locator("html")).to_have_attribute("lang", "de")
    expect(phone.locator("h1")).to_have_text("Unterstützende Organisationen")
    expect(phone.locator("main")).to_contain_text("Diese Organisationen haben öffentlich erklärt")
    screenshot(phone, "de-2-supporters")

    # Stripe is not set up in tests, so the donate page is not offered: the updates page is.
    expect(phone.locator('a[href="/de/donate/"]')).to_have_count(0)
    if toggle.is_visible():
        toggle.click()
    phone.locator('.site-nav a[href="/de/updates/"]').click()
    expect(phone).to_have_url(re.compile(r"/de/updates/$"))
    expect(phone.locator("html")).to_have_attribute("lang", "de")
    expect(phone.locator("main")).to_contain_text("Erfahren Sie, wenn Behörden handeln")
    # The sign-up form names the interests in German.
    expect(phone.locator("main form").first).to_be_visible()
    expect(
        phone.locator("main form label").filter(has_text="Nachrichten aus der EU")
    ).to_be_visible()
    screenshot(phone, "de-3-updates")
