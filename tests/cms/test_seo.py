"""Titles, descriptions, canonical addresses and Open Graph tags; sitemap; robots; error pages."""

import pytest
from django.views.defaults import server_error
from lxml import etree, html

from tests.factories import CampaignPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def _head(response):
    tree = html.fromstring(response.content)
    meta = {
        el.get("property") or el.get("name"): el.get("content")
        for el in tree.iter("meta")
        if el.get("content")
    }
    canonical = tree.find(".//link[@rel='canonical']")
    return tree.findtext(".//title"), meta, canonical.get("href") if canonical is not None else None


def test_every_page_type_has_title_description_canonical_and_open_graph(client, site_tree):
    home, index = site_tree["home"], site_tree["news_index"]
    campaign = CampaignPageFactory(
        parent=home,
        title="Why it matters",
        intro="Missing results harm patients.",
        seo_title="Why trial reporting matters",
    )
    news = NewsPageFactory(
        parent=index,
        title="UK rules",
        summary="New UK rules are in force.",
        jurisdiction=site_tree["jurisdictions"]["uk"],
    )

    for page, title, description in [
        (campaign, "Why trial reporting matters", "Missing results harm patients."),
        (news, "UK rules", "New UK rules are in force."),
        (home, "Home", home.statement),
    ]:
        page_title, meta, canonical = _head(client.get(page.url))
        assert page_title.startswith(title), page_title
        assert "Test campaign" in page_title
        assert meta["description"] == description
        assert canonical == page.full_url
        assert meta["og:title"] == title
        assert meta["og:url"] == page.full_url
        assert meta["og:description"] == description
        assert meta["og:site_name"] == "Test campaign"
    assert _head(client.get(news.url))[1]["og:type"] == "article"


def test_filtered_news_has_its_own_canonical_address(client, site_tree):
    index = site_tree["news_index"]
    NewsPageFactory(
        parent=index, jurisdiction=site_tree["jurisdictions"]["uk"], tags=["enforcement"]
    )
    _, _, canonical = _head(client.get(index.url, {"jurisdiction": "uk", "utm_source": "x"}))
    assert canonical == f"{index.full_url}?jurisdiction=uk"


def test_pages_have_landmarks_and_a_skip_link(client, site_tree):
    tree = html.fromstring(client.get("/").content)
    assert tree.find(".//a[@class='skip-link']").get("href") == "#main"
    assert tree.find(".//main[@id='main']") is not None
    assert tree.find(".//header") is not None and tree.find(".//footer") is not None
    assert tree.find(".//nav[@aria-label='Main']") is not None
    assert tree.get("lang") == "en-GB"


def test_sitemap_lists_live_pages(client, site_tree):
    news = NewsPageFactory(
        parent=site_tree["news_index"], jurisdiction=site_tree["jurisdictions"]["uk"]
    )
    draft = CampaignPageFactory(parent=site_tree["home"], title="Draft", live=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    locations = [
        el.text
        for el in etree.fromstring(response.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]
    assert news.full_url in locations
    assert site_tree["news_index"].full_url in locations
    assert draft.full_url not in locations


def test_robots_txt_points_to_the_sitemap(client, site_tree):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_not_found_page_is_in_the_sites_design(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "We can’t find that page" in body
    assert 'class="site-header"' in body and 'role="search"' in body


def test_server_error_page_is_in_the_sites_design_and_needs_no_database(
    rf, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "site.css" in body and 'class="skip-link"' in body
