"""The news index: newest first, paginated, filtered by jurisdiction and tag with plain links."""

import datetime

import pytest
from django.test import override_settings

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def _titles(response):
    return [item.title for item in response.context["news_page"]]


def test_lists_newest_first(client, site_tree):
    index, uk = site_tree["news_index"], site_tree["jurisdictions"]["uk"]
    NewsPageFactory(parent=index, title="Older", date=datetime.date(2023, 1, 31), jurisdiction=uk)
    NewsPageFactory(parent=index, title="Newest", date=datetime.date(2026, 4, 28), jurisdiction=uk)
    NewsPageFactory(parent=index, title="Middle", date=datetime.date(2024, 10, 31), jurisdiction=uk)

    response = client.get(index.url)

    assert response.status_code == 200
    assert _titles(response) == ["Newest", "Middle", "Older"]
    assert "3 items" in response.content.decode()


def test_unpublished_news_is_not_listed(client, site_tree):
    index, uk = site_tree["news_index"], site_tree["jurisdictions"]["uk"]
    NewsPageFactory(parent=index, title="Draft only", jurisdiction=uk, live=False)
    NewsPageFactory(parent=index, title="Published", jurisdiction=uk)

    assert _titles(client.get(index.url)) == ["Published"]


@override_settings(NEWS_PER_PAGE=2)
def test_paginates_and_tolerates_bad_page_numbers(client, site_tree):
    index, uk = site_tree["news_index"], site_tree["jurisdictions"]["uk"]
    for day in range(1, 6):
        NewsPageFactory(
            parent=index, title=f"Day {day}", date=datetime.date(2025, 1, day), jurisdiction=uk
        )

    assert _titles(client.get(index.url, {"page": 2})) == ["Day 3", "Day 2"]
    assert _titles(client.get(index.url, {"page": "abc"})) == ["Day 5", "Day 4"]
    last = client.get(index.url, {"page": 999})
    assert last.status_code == 200
    assert _titles(last) == ["Day 1"]
    assert 'rel="next"' in client.get(index.url).content.decode()


def test_filters_by_jurisdiction_with_shareable_links(client, site_tree):
    index, j = site_tree["news_index"], site_tree["jurisdictions"]
    NewsPageFactory(parent=index, title="UK rules", jurisdiction=j["uk"])
    NewsPageFactory(parent=index, title="EU portal", jurisdiction=j["eu"])

    response = client.get(index.url, {"jurisdiction": "eu"})

    assert _titles(response) == ["EU portal"]
    html = response.content.decode()
    assert f'href="{index.url}?jurisdiction=uk"' in html
    assert 'aria-current="true">EU</a>' in html
    assert f'href="{index.url}"' in html  # back to all
    # Jurisdictions without news are not offered as filters.
    assert "jurisdiction=usa" not in html


def test_filters_by_tag_and_combines_with_jurisdiction(client, site_tree):
    index, j = site_tree["news_index"], site_tree["jurisdictions"]
    NewsPageFactory(
        parent=index, title="UK enforcement", jurisdiction=j["uk"], tags=["enforcement"]
    )
    NewsPageFactory(
        parent=index, title="UK registration", jurisdiction=j["uk"], tags=["registration"]
    )
    NewsPageFactory(
        parent=index, title="EU enforcement", jurisdiction=j["eu"], tags=["enforcement"]
    )

    assert sorted(_titles(client.get(index.url, {"tag": "enforcement"}))) == [
        "EU enforcement",
        "UK enforcement",
    ]
    response = client.get(index.url, {"tag": "enforcement", "jurisdiction": "uk"})
    assert _titles(response) == ["UK enforcement"]
    # Switching jurisdiction keeps the tag.
    assert "?jurisdiction=eu&amp;tag=enforcement" in response.content.decode()


def test_unknown_filter_values_explain_instead_of_failing(client, site_tree):
    index, uk = site_tree["news_index"], site_tree["jurisdictions"]["uk"]
    NewsPageFactory(parent=index, title="UK rules", jurisdiction=uk)

    response = client.get(index.url, {"jurisdiction": "atlantis", "tag": "<script>"})

    assert response.status_code == 200
    assert _titles(response) == []
    html = response.content.decode()
    assert "There is no news for a jurisdiction called “atlantis”" in html
    assert "There is no news tagged “&lt;script&gt;”" in html
    assert "<script>" not in html.split("<body", 1)[1].replace("<script src=", "")


def test_news_item_shows_status_dates_sources_and_tags(client, site_tree):
    index, uk = site_tree["news_index"], site_tree["jurisdictions"]["uk"]
    item = NewsPageFactory(
        parent=index,
        title="UK rules in force",
        jurisdiction=uk,
        rule_status="in_force",
        in_force_from=datetime.date(2026, 4, 28),
        tags=["registration"],
        sources=[
            (
                "source",
                {
                    "title": "Health Research Authority",
                    "url": "https://www.hra.nhs.uk/",
                    "publisher": "HRA",
                },
            )
        ],
    )

    html = client.get(item.url).content.decode()

    assert "In force from" in html and "28 April 2026" in html
    assert 'href="https://www.hra.nhs.uk/"' in html
    assert f'href="{index.url}?tag=registration"' in html
    assert f'href="{index.url}?jurisdiction=uk"' in html
