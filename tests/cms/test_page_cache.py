"""The whole-page cache: repeat anonymous views run no SQL; publishing clears what it holds."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import SiteSettings
from cms.page_cache import GENERATION_KEY, LOCAL_CACHE
from tests.factories import CampaignPageFactory, NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on():
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield


def _get_without_sql(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def test_repeat_anonymous_views_run_no_sql(client, site_tree):
    index, uk = site_tree["news_index"], site_tree["jurisdictions"]["uk"]
    item = NewsPageFactory(parent=index, title="UK rules", jurisdiction=uk)
    for url in [
        "/",
        index.url,
        f"{index.url}?jurisdiction=uk",
        item.url,
        f"{index.url}feed/",
        "/sitemap.xml",
        "/search/?q=rules",
    ]:
        first = client.get(url)
        assert first.status_code == 200
        assert first["X-Page-Cache"] == "miss", url

        again, queries = _get_without_sql(client, url)

        assert queries == 0, url
        assert again["X-Page-Cache"] == "hit"
        assert again.content == first.content


def test_publishing_a_page_clears_what_the_cache_holds(client, site_tree):
    home, index, uk = site_tree["home"], site_tree["news_index"], site_tree["jurisdictions"]["uk"]
    page = CampaignPageFactory(
        parent=home, title="Why it matters", intro="First words.", publish=True
    )
    assert "First words." in client.get(page.url).content.decode()
    client.get(index.url)

    page.intro = "Second words."
    page.save_revision().publish()
    NewsPageFactory(parent=index, title="Fresh news", jurisdiction=uk, publish=True)

    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Second words." in response.content.decode()
    assert "Fresh news" in client.get(index.url).content.decode()
    assert "Fresh news" in client.get("/").content.decode()


def test_unpublishing_and_site_settings_clear_the_cache(client, site_tree):
    home = site_tree["home"]
    page = CampaignPageFactory(parent=home, title="Going soon", publish=True)
    assert client.get(page.url).status_code == 200

    page.unpublish()
    assert client.get(page.url).status_code == 404

    client.get("/")
    settings = SiteSettings.for_site(site_tree["home"].get_site())
    settings.footer_text = "New footer words"
    settings.save()
    assert "New footer words" in client.get("/").content.decode()


def test_signed_in_editors_bypass_the_cache(client, site_tree, admin_user):
    client.get("/")
    client.force_login(admin_user)

    response, queries = _get_without_sql(client, "/")

    assert "X-Page-Cache" not in response
    assert queries > 0


def test_pages_that_set_cookies_or_use_csrf_are_not_stored(client, site_tree):
    page = CampaignPageFactory(parent=site_tree["home"], title="Secret", publish=True)
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="letmein")  # noqa: S106

    first = client.get(page.url)  # the password form carries a CSRF token
    assert first.status_code == 200
    second = client.get(page.url)
    assert second.get("X-Page-Cache") != "hit"


def test_error_pages_and_posts_are_never_cached(client, site_tree):
    assert client.get("/no-such-page/").status_code == 404
    response = client.get("/no-such-page/")
    assert "X-Page-Cache" not in response
    assert client.post("/").status_code in (403, 405, 200)
    assert "X-Page-Cache" not in client.post("/")


@override_settings(PAGE_CACHE_ENABLED=False)
def test_can_be_switched_off(client, site_tree):
    client.get("/")
    response, queries = _get_without_sql(client, "/")
    assert "X-Page-Cache" not in response
    assert queries > 0


def test_a_hot_page_is_served_from_process_memory_without_asking_the_shared_cache(
    client, site_tree
):
    client.get("/")
    shared = caches["default"]
    with mock.patch.object(shared, "get", wraps=shared.get) as shared_get:
        response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert shared_get.call_count == 0


def test_a_publish_in_another_process_is_seen_once_the_local_second_is_up(client, site_tree):
    assert client.get("/")["X-Page-Cache"] == "miss"
    # Another process publishes: only the shared generation changes.
    caches["default"].set(GENERATION_KEY, "published-elsewhere", timeout=None)
    assert client.get("/")["X-Page-Cache"] == "hit"  # within PAGE_CACHE_LOCAL_SECONDS

    caches[LOCAL_CACHE].delete(GENERATION_KEY)  # the local second has passed

    assert client.get("/")["X-Page-Cache"] == "miss"


@override_settings(PAGE_CACHE_LOCAL_SECONDS=0)
def test_without_the_local_tier_another_process_publish_is_seen_at_once(client, site_tree):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    caches["default"].set(GENERATION_KEY, "published-elsewhere", timeout=None)
    assert client.get("/")["X-Page-Cache"] == "miss"
