"""The footer's way back for organisations: their listing when signed in as one, else sign-in."""

import pytest
from django.contrib.auth import get_user_model
from lxml import html

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _footer_links(client, url="/") -> dict[str, str]:
    footer = html.fromstring(client.get(url).content).find(".//footer")
    return {link.text_content().strip(): link.get("href") for link in footer.iter("a")}


def test_a_signed_in_organisation_finds_its_way_back_to_its_listing(client, site_tree):
    contact = get_user_model().objects.create_user("ada@patients.example.org", "pw-1234567")
    OrganisationFactory(owner=contact)
    client.force_login(contact)

    for url in ("/", "/news/", "/search/"):
        links = _footer_links(client, url)
        assert links.get("Your organisation’s listing") == "/supporters/account/", url
        assert "Supporting organisations: sign in" not in links


def test_visitors_see_where_organisations_sign_in(client, site_tree):
    links = _footer_links(client)
    assert links.get("Supporting organisations: sign in") == "/accounts/login/"
    assert "Your organisation’s listing" not in links


def test_someone_signed_in_without_an_organisation_gets_neither(client, site_tree):
    editor = get_user_model().objects.create_user("editor@campaign.example.org", "pw-1234567")
    client.force_login(editor)
    links = _footer_links(client)
    assert "Your organisation’s listing" not in links
    assert "Supporting organisations: sign in" not in links
