"""A page's SQL query count does not grow with the amount of news or pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from tests.factories import CampaignPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

# Upper bounds for an uncached anonymous view; generous enough to survive small
# template changes, tight enough to catch a query per item.
BOUNDS = {
    "home": 12,
    "news index": 15,
    "news index filtered": 15,
    "news item": 13,
    "campaign page": 9,
    "feed": 11,
    "search": 8,
    "sitemap": 10,
}


def _build(site_tree, news_count: int) -> dict[str, str]:
    home, index, j = site_tree["home"], site_tree["news_index"], site_tree["jurisdictions"]
    slugs = list(j)
    items = [
        NewsPageFactory(
            parent=index,
            title=f"Trial rules update {n}",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            jurisdiction=j[slugs[n % len(slugs)]],
            tags=["registration", f"topic-{n % 7}"],
        )
        for n in range(news_count)
    ]
    campaign = None
    for n in range(news_count // 10 + 1):
        campaign = CampaignPageFactory(parent=home, title=f"Campaign page {n}", show_in_menus=True)
    return {
        "home": home.url,
        "news index": index.url,
        "news index filtered": f"{index.url}?jurisdiction=uk&tag=registration&page=2",
        "news item": items[-1].url,
        "campaign page": campaign.url,
        "feed": f"{index.url}feed/uk/",
        "search": "/search/?q=trial+rules",
        "sitemap": "/sitemap.xml",
    }


def _count_queries(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(captured)
    return counts


@pytest.fixture
def counts_for(client, site_tree):
    def measure(news_count: int) -> dict[str, int]:
        Page.objects.filter(depth__gt=site_tree["home"].depth + 1).delete()
        Page.objects.filter(depth=site_tree["home"].depth + 1).exclude(
            pk=site_tree["news_index"].pk
        ).delete()
        urls = _build(site_tree, news_count)
        client.get("/")  # warm per-process caches (site root paths) once
        return _count_queries(client, urls)

    return measure


def test_query_counts_do_not_grow_with_content(counts_for):
    few = counts_for(5)
    many = counts_for(200)

    assert few == many, f"query counts grew with content: {few} -> {many}"
    for name, count in many.items():
        assert count <= BOUNDS[name], f"{name} ran {count} queries (bound {BOUNDS[name]})"
