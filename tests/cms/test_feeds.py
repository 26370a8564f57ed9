"""Atom feeds: all news and one per jurisdiction, valid XML, newest first."""

import datetime

import pytest
from lxml import etree

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)  # raises on invalid XML


def _entry_titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


@pytest.fixture
def news(site_tree):
    index, j = site_tree["news_index"], site_tree["jurisdictions"]
    NewsPageFactory(
        parent=index,
        title="EU portal & CTIS",
        date=datetime.date(2023, 1, 31),
        jurisdiction=j["eu"],
        tags=["registration"],
    )
    NewsPageFactory(
        parent=index,
        title="UK rules <in force>",
        date=datetime.date(2026, 4, 28),
        jurisdiction=j["uk"],
        tags=["enforcement"],
    )
    NewsPageFactory(
        parent=index,
        title="Helsinki update",
        date=datetime.date(2024, 10, 31),
        jurisdiction=j["global"],
    )
    return index


def test_all_news_feed_is_valid_atom_newest_first(client, news):
    feed = _parse(client.get(news.url + "feed/"))

    assert feed.tag == f"{ATOM}feed"
    assert _entry_titles(feed) == ["UK rules <in force>", "Helsinki update", "EU portal & CTIS"]
    first = next(feed.iter(f"{ATOM}entry"))
    assert (
        first.find(f"{ATOM}link").get("href").startswith("http://localhost/news/")
    )  # the Site's own address
    assert first.findtext(f"{ATOM}summary") == "Summary of UK rules <in force>."
    assert {c.get("term") for c in first.iter(f"{ATOM}category")} == {"UK", "enforcement"}


def test_jurisdiction_feed_holds_only_that_jurisdiction(client, news):
    feed = _parse(client.get(news.url + "feed/eu/"))

    assert _entry_titles(feed) == ["EU portal & CTIS"]
    assert "(EU)" in feed.findtext(f"{ATOM}title")


def test_unknown_jurisdiction_feed_is_not_found(client, news):
    assert client.get(news.url + "feed/atlantis/").status_code == 404


def test_index_advertises_its_feed(client, news):
    html = client.get(news.url, {"jurisdiction": "uk"}).content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/news/feed/uk/"' in html


def test_each_item_is_dated_by_its_news_date_not_when_it_was_published(client, news):
    # Published on this site today, about rules of 2023-2026: the feed says 2023-2026.
    feed = _parse(client.get(news.url + "feed/"))
    dates = {
        entry.findtext(f"{ATOM}title"): (
            entry.findtext(f"{ATOM}published")[:10],
            entry.findtext(f"{ATOM}updated")[:10],
        )
        for entry in feed.iter(f"{ATOM}entry")
    }
    assert dates == {
        "UK rules <in force>": ("2026-04-28", "2026-04-28"),
        "Helsinki update": ("2024-10-31", "2024-10-31"),
        "EU portal & CTIS": ("2023-01-31", "2023-01-31"),
    }
    # The feed is as new as its newest item.
    assert feed.findtext(f"{ATOM}updated")[:10] == "2026-04-28"


def test_feeds_own_address_is_the_sites_whatever_host_the_request_named(client, news):
    feed = _parse(client.get(news.url + "feed/uk/", HTTP_HOST="127.0.0.1"))
    self_link = next(
        link.get("href") for link in feed.iter(f"{ATOM}link") if link.get("rel") == "self"
    )
    assert self_link == "http://localhost/news/feed/uk/"
    assert feed.findtext(f"{ATOM}id").startswith("http://localhost/news/")
