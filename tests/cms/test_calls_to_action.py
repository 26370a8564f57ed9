"""The header's Sign and Donate buttons, the main menu's short labels, the home page's
petition, and donate links hidden while payments are not set up (cms/calls_to_action.py,
with the petitions and donations apps' providers)."""

import datetime

import pytest
from django.core.cache import caches
from django.utils import timezone
from lxml import html

from petitions.counts import page_cache_seconds
from tests.factories import (
    CampaignPageFactory,
    DonatePageFactory,
    PetitionPageFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


def _tree(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content), response


def _header_buttons(tree) -> dict[str, str]:
    """{accessible name: href} of the header's call-to-action buttons."""
    return {
        link.text_content().strip(): link.get("href")
        for link in tree.findall(".//header[@class='site-header']//a[@class]")
        if "site-action" in link.get("class")
    }


def _menu(tree) -> dict[str, str]:
    nav = tree.find(".//nav[@aria-label='Main']")
    return {link.text_content().strip(): link.get("href") for link in nav.iter("a")}


@pytest.fixture
def petition(site_tree):
    return PetitionPageFactory(
        parent=site_tree["home"], title="All trials reported", show_in_menus=True, goal=500
    )


@pytest.fixture
def donate_page(site_tree):
    return DonatePageFactory(parent=site_tree["home"], show_in_menus=True, menu_title="Give")


def test_header_has_sign_and_donate_buttons_that_stand_for_their_menu_entries(
    client, settings, petition, donate_page
):
    settings.STRIPE_SECRET_KEY = "sk_test_configured"
    tree, _ = _tree(client)

    assert _header_buttons(tree) == {"Sign the petition": petition.url, "Donate": donate_page.url}
    # The buttons stand for those pages: the menu does not list them again.
    assert petition.url not in _menu(tree).values()
    assert donate_page.url not in _menu(tree).values()


def test_without_stripe_no_donate_button_menu_entry_or_call_to_action(
    client, settings, site_tree, petition, donate_page
):
    settings.STRIPE_SECRET_KEY = ""
    home = site_tree["home"]
    home.actions = [
        ("action", _action("Sign", url=petition.url)),
        ("action", _action("Make a donation", url="/donate/?from=home")),
        ("action", _action("Give by chooser", page=donate_page)),
    ]
    home.save_revision().publish()
    campaign = CampaignPageFactory(
        parent=home,
        title="Next steps",
        body=[("call_to_action", _action("Give monthly", url="/donate/"))],
    )

    tree, _ = _tree(client)
    assert _header_buttons(tree) == {"Sign the petition": petition.url}
    assert "Give" not in _menu(tree)
    page_text = tree.find(".//main").text_content()
    assert "Sign" in page_text
    assert "Make a donation" not in page_text and "Give by chooser" not in page_text
    assert "Give monthly" not in _tree(client, campaign.url)[0].find(".//main").text_content()

    # Once payments are set up (and the cached header has expired), every one of them shows.
    settings.STRIPE_SECRET_KEY = "sk_test_configured"
    for cache in caches.all():
        cache.clear()
    tree, _ = _tree(client)
    assert "Donate" in _header_buttons(tree)
    page_text = tree.find(".//main").text_content()
    assert "Make a donation" in page_text and "Give by chooser" in page_text
    assert "Give monthly" in _tree(client, campaign.url)[0].find(".//main").text_content()


def _action(label, *, url="", page=None):
    return {
        "heading": label,
        "text": "",
        "button_label": label,
        "link": {"page": page, "url": url},
    }


def test_menu_shows_each_pages_menu_title_else_its_title(client, site_tree):
    home = site_tree["home"]
    CampaignPageFactory(
        parent=home,
        title="Why registration and reporting matter",
        menu_title="Why it matters",
        show_in_menus=True,
    )
    CampaignPageFactory(parent=home, title="Next steps", show_in_menus=True)

    menu = _menu(_tree(client)[0])
    assert "Why it matters" in menu and "Why registration and reporting matter" not in menu
    assert "Next steps" in menu


def test_no_sign_button_when_no_petition_is_open(client, site_tree):
    PetitionPageFactory(
        parent=site_tree["home"], closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    PetitionPageFactory(
        parent=site_tree["home"], opens_at=timezone.now() + datetime.timedelta(days=1)
    )
    tree, _ = _tree(client)
    assert _header_buttons(tree) == {}
    assert tree.find(".//section[@class='home-petition']") is None


def test_the_first_open_petition_in_the_editors_order_is_featured(client, site_tree):
    home = site_tree["home"]
    PetitionPageFactory(parent=home, title="Closed one", closes_at=timezone.now())
    first_open = PetitionPageFactory(parent=home, title="The current petition")
    PetitionPageFactory(parent=home, title="A later petition")

    tree, _ = _tree(client)
    assert _header_buttons(tree) == {"Sign the petition": first_open.url}
    assert "The current petition" in tree.find(".//section[@class='home-petition']").text_content()


def test_home_page_shows_the_petitions_live_count_and_is_cached_no_longer_than_the_count(
    client, settings, petition
):
    settings.PAGE_CACHE_SECONDS = 600
    for n in range(3):
        SignatureFactory(petition=petition, email=f"signer{n}@example.org")
    from petitions.counts import petition_count_refresh

    petition_count_refresh(petition.pk)

    tree, response = _tree(client)
    section = tree.find(".//section[@class='home-petition']")
    assert section.find(".//*[@data-petition-total]").text == "3"
    # The page's script refreshes the count from the count address.
    assert section.find(".//*[@data-petition-count]").get("data-petition-count") == (
        petition.count_json_url()
    )
    button = [a for a in section.iter("a") if a.text_content().strip() == "Sign the petition"]
    assert button and button[0].get("href") == petition.url
    assert f"s-maxage={page_cache_seconds()}" in response["Cache-Control"]
    assert page_cache_seconds() < settings.PAGE_CACHE_SECONDS


def test_home_page_without_a_petition_keeps_the_sites_cache_lifetime(client, settings, site_tree):
    settings.PAGE_CACHE_SECONDS = 600
    _, response = _tree(client)
    assert "s-maxage=600" in response["Cache-Control"]
