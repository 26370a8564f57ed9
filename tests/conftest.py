import os

import pytest
from django.core.cache import caches
from wagtail.models import Page, Site

from tests.factories import HomePageFactory, JurisdictionFactory, NewsIndexPageFactory
from tests.fakes.mailchimp import FakeMailchimp

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_cache():
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def site_tree(db):
    """A minimal site: home page as the default site's root, a news index, four jurisdictions."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, publish=True)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "Test campaign",
        },
    )
    news_index = NewsIndexPageFactory(parent=home, publish=True)
    jurisdictions = {
        slug: JurisdictionFactory(slug=slug, name=name)
        for slug, name in [("uk", "UK"), ("eu", "EU"), ("usa", "USA"), ("global", "Global")]
    }
    return {"home": home, "news_index": news_index, "jurisdictions": jurisdictions}


def _is_transactional(request) -> bool:
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames:
        return True
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


@pytest.fixture(autouse=True)
def wagtail_root(request):
    """The page tree's root, which Wagtail's migrations create and a transactional test's
    flush removes (live-server browser tests, concurrency tests)."""
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


MAILCHIMP_WEBHOOK_SECRET = "hook-secret-0123456789"


@pytest.fixture
def fake_mailchimp(settings):
    """The real SDK pointed at a fake Mailchimp on 127.0.0.1, with short timeouts."""
    fake = FakeMailchimp().start()
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    settings.MAILCHIMP_TIMEOUT = 1.0  # hangs in these tests last 2 s; a loaded machine needs room
    settings.MAILCHIMP_WEBHOOK_SECRET = MAILCHIMP_WEBHOOK_SECRET
    yield fake
    fake.stop()
