"""Site search at /search/ over live, public pages."""

import pytest

from tests.factories import CampaignPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def _titles(response):
    results = response.context["results"]
    return [page.title for page in results] if results is not None else None


def test_finds_published_pages_by_their_words(client, site_tree):
    index, eu = site_tree["news_index"], site_tree["jurisdictions"]["eu"]
    NewsPageFactory(
        parent=index,
        title="EU portal",
        summary="The Clinical Trials Information System",
        jurisdiction=eu,
        publish=True,
    )
    CampaignPageFactory(
        parent=site_tree["home"],
        title="Why it matters",
        intro="Withheld results distort evidence",
        publish=True,
    )

    assert _titles(client.get("/search/", {"q": "information system"})) == ["EU portal"]
    assert _titles(client.get("/search/", {"q": "withheld"})) == ["Why it matters"]


def test_drafts_and_unpublished_pages_are_not_found(client, site_tree):
    page = CampaignPageFactory(
        parent=site_tree["home"], title="Secret plan", intro="zebra crossing", publish=True
    )
    page.unpublish()

    response = client.get("/search/", {"q": "zebra"})

    assert response.status_code == 200
    assert _titles(response) == []
    assert "Nothing matched" in response.content.decode()


def test_empty_and_overlong_queries_get_a_clear_answer(client, site_tree):
    empty = client.get("/search/")
    assert empty.status_code == 200
    assert _titles(empty) is None

    too_long = client.get("/search/", {"q": "trial " * 50})
    assert too_long.status_code == 200
    assert "Please search for something shorter" in too_long.content.decode()
    assert 'aria-invalid="true"' in too_long.content.decode()


def test_odd_input_never_fails(client, site_tree):
    for query in ['"unbalanced', "AND OR NOT", "\u202e\u0000", "*", "trial&page=x"]:
        response = client.get("/search/", {"q": query, "page": "-3"})
        assert response.status_code == 200, query


def test_search_form_is_labelled(client, site_tree):
    html = client.get("/search/").content.decode()
    assert '<label for="search-q">' in html
    assert 'id="search-q"' in html
