import os
from pathlib import Path

import pytest
from django.core.cache import caches
from wagtail.models import Page, Site

from tests.factories import HomePageFactory, JurisdictionFactory, NewsIndexPageFactory
from tests.fakes.mailchimp import FakeMailchimp

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# CI runs the whole suite on PostgreSQL, then only these tests again on SQLite (the
# embedded database `make run` uses): each touches something the two databases do
# differently. Every SQLite run also applies all migrations. `make test` without
# DATABASE_URL still runs everything on SQLite. See README, "Development".
SQLITE_DIFFERS = {
    # make run: the dev account under var/ and the demo content it loads into SQLite.
    "tests/cms/test_dev_setup.py": "make run's first-run setup",
    "tests/demo/": "load_demo_content, which make run loads into SQLite",
    # Wagtail's database search backend is FTS5 on SQLite, tsvector on PostgreSQL.
    "tests/cms/test_search.py": "full-text search backend",
    # JSON fields: stored as text on SQLite, jsonb on PostgreSQL (updates, lookups).
    "tests/petitions/test_counts.py": "JSON counts (by_country, recent_signers), F() updates",
    "tests/donations/test_retention.py": "payload__icontains on a JSON field",
    "tests/supporters/test_services.py": "pending_changes JSON, select_for_update",
    # Locking: select_for_update (skip_locked, of=) is ignored on SQLite, which
    # serialises writers with IMMEDIATE transactions and a busy timeout instead.
    "tests/petitions/test_concurrency.py": "concurrent signing",
    "tests/donations/test_concurrency.py": "parallel webhook deliveries",
    "tests/core/test_tasks.py": "the task queue's skip_locked claim",
    "tests/core/test_queues.py": "queues and the database task backend",
    "tests/core/test_scheduler.py": "the scheduler's lock: a unique (job, slot) row per run",
    # Constraints: a duplicate caught as IntegrityError inside a transaction.
    "tests/core/test_emails.py": "send-once claim by unique row",
    "tests/petitions/test_services.py": "one signature per address (unique constraint)",
    "tests/updates/test_services.py": "sign-up races (unique email, select_for_update)",
    "tests/updates/test_views.py": "webhook events recorded once (unique, JSON payload)",
    "tests/donations/test_webhooks.py": "Stripe events once, refund check constraint",
    "tests/updates/test_commands.py": "bulk sync: iterator(), bulk updates of 1,201 rows",
    # Personal data: export and erase lock rows and search JSON.
    "tests/core/test_personal_data.py": "personal-data export/erase",
    "tests/core/test_personal_data_outside.py": "personal-data erase with outside steps",
    "tests/accounts/test_erasure_everywhere.py": "one erasure across every app",
    "tests/core/test_consent_migration.py": "the consent data migration, where SQLite rebuilds tables",
    "tests/core/test_identity.py": "case-insensitive address matching (SQLite folds ASCII only)",
    "tests/petitions/test_personal_data.py": "signatures erased under lock",
    "tests/donations/test_personal_data.py": "donations erased, select_for_update(of=)",
    # Streaming exports: iterator() has server-side cursors only on PostgreSQL.
    "tests/petitions/test_export.py": "streamed CSV, memory with many rows",
    # Per-day report: TruncDate in the site's time zone is SQL on PostgreSQL and
    # Python functions on SQLite.
    "tests/petitions/test_admin.py": "signatures per day (TruncDate)",
    # The widest nets for SQL one database accepts and the other refuses: every
    # admin listing, filter, ordering and export; hostile input (NUL characters,
    # over-long values: PostgreSQL refuses them, SQLite stores them).
    "tests/test_admin_crawl.py": "every admin page",
    "tests/test_public_forms.py": "hostile input to every public form",
    "tests/test_bad_input.py": "odd query strings",
    # Registry imports: bulk_create/bulk_update of JSON records, which SQLite splits
    # by its limit on query variables; over-long values SQLite would store.
    "tests/trials/test_importing.py": "bulk writes of JSON registry records",
}
ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(item.fspath).resolve().relative_to(ROOT).as_posix()
        if any(path.startswith(prefix) for prefix in SQLITE_DIFFERS):
            item.add_marker(pytest.mark.sqlite)


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs():
    """Pages in Spanish and German read the compiled catalogs, which are built, not
    committed: `make test` compiles them first, a bare pytest run does it here."""
    from django.conf import settings
    from django.utils.translation import trans_real

    from core.translations import compile_catalogs

    if compile_catalogs(settings.BASE_DIR / "locale"):
        # Forget any catalog read before it existed.
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(scope="session", autouse=True)
def _media_root_per_worker(tmp_path_factory):
    """Uploaded files under a temporary directory of this pytest process's own, so
    parallel workers (pytest -n) never share, and nothing piles up under var/."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language. A request to /es/... leaves Spanish active
    in its thread (LocaleMiddleware activates and never deactivates), and so would a test
    that activates a language itself: the next test on that worker would read Spanish."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


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
