"""The whole-page cache: repeat anonymous views run no SQL; publishing clears what it holds."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import SiteSettings
from core.page_cache import GENERATION_KEY, LOCAL_CACHE
from tests.factories import (
    CampaignPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    PetitionPageFactory,
    SupportersIndexPageFactory,
)

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


# --- Query parameters: each page is keyed only on the ones it reads ---------------------

TRACKING = [
    "fbclid=IwAR3xYz",
    "gclid=Cj0KCQ",
    "utm_source=newsletter&utm_medium=email",
    "mc_cid=abc123",
]


def _with(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _shared_entries() -> int:
    return len(caches["default"]._cache)


def test_a_tracking_parameter_is_served_from_the_plain_pages_entry(client, site_tree):
    index, uk = site_tree["news_index"], site_tree["jurisdictions"]["uk"]
    item = NewsPageFactory(parent=index, title="UK rules", jurisdiction=uk)
    petition = PetitionPageFactory(parent=site_tree["home"], slug="petition", publish=True)
    for url in [
        "/",
        index.url,
        f"{index.url}?jurisdiction=uk",
        item.url,
        f"{index.url}feed/",
        "/search/?q=rules",
        petition.url,
        f"/petitions/{petition.pk}/widget/?size=compact",
        "/supporters/organisations.json?country=GB",
    ]:
        first = client.get(url)
        assert first.status_code == 200, url
        for query in TRACKING:
            tracked, queries = _get_without_sql(client, _with(url, query))
            assert tracked["X-Page-Cache"] == "hit", (url, query)
            assert queries == 0, (url, query)
            assert tracked.content == first.content, (url, query)


def test_random_tracking_parameters_add_no_cache_entries(client, site_tree):
    client.get("/")
    entries = _shared_entries()
    for n in range(20):
        assert client.get(f"/?fbclid=click-{n}")["X-Page-Cache"] == "hit"
        # Addresses that are not pages leave nothing behind either.
        assert client.get(f"/no-such-page-{n}/?fbclid=click-{n}").status_code == 404
    assert _shared_entries() == entries


def test_a_different_filter_is_a_different_entry(client, site_tree):
    index, uk, eu = (
        site_tree["news_index"],
        site_tree["jurisdictions"]["uk"],
        site_tree["jurisdictions"]["eu"],
    )
    NewsPageFactory(parent=index, title="UK rules", jurisdiction=uk)
    NewsPageFactory(parent=index, title="EU rules", jurisdiction=eu)

    uk_page = client.get(f"{index.url}?jurisdiction=uk&utm_source=x")
    eu_page = client.get(f"{index.url}?jurisdiction=eu&utm_source=x")

    assert eu_page["X-Page-Cache"] == "miss"
    assert "UK rules" in uk_page.content.decode() and "EU rules" not in uk_page.content.decode()
    assert "EU rules" in eu_page.content.decode() and "UK rules" not in eu_page.content.decode()
    # The same filters in another order, or beside other parameters, are the same page.
    assert client.get(f"{index.url}?utm_medium=y&jurisdiction=eu")["X-Page-Cache"] == "hit"
    assert client.get(f"{index.url}?jurisdiction=uk&page=2")["X-Page-Cache"] == "miss"
    assert client.get(f"{index.url}?tag=enforcement&jurisdiction=uk")["X-Page-Cache"] == "miss"
    assert client.get(f"{index.url}?jurisdiction=uk&tag=enforcement")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    ("url", "params", "other"),
    [
        ("/search/", "q=rules", "q=news"),
        ("/search/", "q=rules", "q=rules&page=2"),
        ("/supporters/organisations.json", "country=GB", "country=DE"),
        ("/supporters/organisations.json", "country=GB", "country=GB&category=journal"),
    ],
)
def test_each_view_is_keyed_on_the_parameters_it_reads(client, site_tree, url, params, other):
    first = client.get(f"{url}?{params}")
    assert first.status_code == 200
    assert client.get(f"{url}?{params}&gclid=z")["X-Page-Cache"] == "hit"
    assert client.get(f"{url}?{other}")["X-Page-Cache"] == "miss"
    assert client.get(f"{url}?{other}&gclid=z")["X-Page-Cache"] == "hit"


def test_the_supporters_list_is_keyed_on_its_filters(client, site_tree):
    index = SupportersIndexPageFactory(parent=site_tree["home"], publish=True)
    OrganisationFactory(name="British Journal", country="GB")
    OrganisationFactory(name="German Journal", country="DE")

    plain = client.get(f"{index.url}?fbclid=a")
    assert "British Journal" in plain.content.decode()
    for params in [
        "country=GB",
        "country=DE",
        "category=journal",
        "letter=G",
        "q=german",
        "page=2",
    ]:
        response = client.get(f"{index.url}?{params}&utm_campaign=b")
        assert response["X-Page-Cache"] == "miss", params
        assert client.get(f"{index.url}?{params}")["X-Page-Cache"] == "hit", params
    german = client.get(f"{index.url}?country=DE")
    assert "German Journal" in german.content.decode()
    assert "British Journal" not in german.content.decode()


def test_the_widget_is_keyed_on_its_size(client, site_tree):
    petition = PetitionPageFactory(parent=site_tree["home"], slug="petition", publish=True)
    url = f"/petitions/{petition.pk}/widget/"

    wide = client.get(f"{url}?fbclid=a")
    compact = client.get(f"{url}?size=compact&fbclid=a")

    assert compact["X-Page-Cache"] == "miss"
    assert compact.content != wide.content
    assert client.get(f"{url}?mc_cid=c")["X-Page-Cache"] == "hit"
    assert client.get(f"{url}?mc_cid=c").content == wide.content


# --- What caches in front (a CDN, Varnish) may keep ---------------------------


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("enabled", [True, False])
def test_public_pages_tell_a_cdn_to_keep_them_and_browsers_to_ask_again(
    client, site_tree, settings, enabled
):
    settings.PAGE_CACHE_ENABLED = enabled  # the CDN's headers do not depend on our own cache
    settings.PAGE_CACHE_SECONDS = 321
    index = site_tree["news_index"]
    for url in ["/", index.url, f"{index.url}feed/", "/sitemap.xml", "/search/?q=rules"]:
        assert _directives(client.get(url)) == {"public", "s-maxage=321", "max-age=0"}, url
    if enabled:
        hit = client.get("/")
        assert hit["X-Page-Cache"] == "hit"
        assert _directives(hit) == {"public", "s-maxage=321", "max-age=0"}


def test_the_browser_lifetime_is_a_setting(client, site_tree, settings):
    settings.PAGE_CACHE_BROWSER_SECONDS = 30
    assert "max-age=30" in _directives(client.get("/"))


def test_what_is_per_visitor_is_never_stored_by_anyone(client, site_tree, admin_user):
    page = CampaignPageFactory(parent=site_tree["home"], title="Secret", publish=True)
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="letmein")  # noqa: S106
    petition = PetitionPageFactory(parent=site_tree["home"], publish=True)
    per_visitor = [
        page.url,  # a password form, with a CSRF token
        "/csrf-token/",
        "/accounts/login/",
        "/supporters/register/",
        petition.sign_url(),
        petition.resend_url(),
        "/admin/",
    ]
    for url in per_visitor:
        directives = _directives(client.get(url))
        assert {"no-store", "private"} <= directives, url
        assert "public" not in directives

    client.force_login(admin_user)
    directives = _directives(client.get("/"))  # an editor's page carries the user bar
    assert {"no-store", "private"} <= directives and "public" not in directives


def test_responses_nobody_marked_cacheable_are_private(client, site_tree):
    for url in ["/no-such-page/", "/healthz/", "/admin/login/"]:
        directives = _directives(client.get(url))
        assert "private" in directives and "public" not in directives, url
