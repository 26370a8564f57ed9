"""The test suite: fast, isolated, every outside service off or faked."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "page-cache-local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests-page-cache-local",
    },
}
# Tests that exercise the whole-page cache switch it on themselves.
PAGE_CACHE_ENABLED = False

# Tasks run in the request that enqueues them, so tests see their effects.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,  # noqa: F405
    }
}

MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "test-media")
WAGTAILADMIN_BASE_URL = "http://testserver"
DEV_SETUP_ALLOWED = True

# Tests that use the admin sign in directly; tests/supporters/test_two_factor.py turns this on.
STAFF_REQUIRE_2FA = False

# Live-server threads must not keep connections open past a test.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A commit returns before its WAL record reaches the disk: the test database may
    # lose its last moments in a crash (it is thrown away anyway), while what every
    # other connection sees, and when, is unchanged. Tests commit often.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405

# --- Donations (Stripe) ---
# Not configured: tests that need Stripe point these at tests/fakes/stripe.py with
# override_settings. Never retry or wait long on the fake.
STRIPE_SECRET_KEY = ""
STRIPE_WEBHOOK_SECRET = ""
STRIPE_API_BASE = ""
STRIPE_MAX_NETWORK_RETRIES = 0
STRIPE_TIMEOUT_SECONDS = 5.0

# --- Updates (Mailchimp) ---
# Not configured: tests that need Mailchimp start tests/fakes/mailchimp.py and point
# these settings at it with override_settings. Retries are scheduled, never slept, so
# a realistic back-off costs the tests nothing (a test moves `next_attempt_at` to retry).
MAILCHIMP_API_KEY = ""
MAILCHIMP_LIST_ID = ""
MAILCHIMP_API_BASE = ""
MAILCHIMP_WEBHOOK_SECRET = ""
MAILCHIMP_RETRY_BASE_SECONDS = 60.0

# --- Trials tracker (ClinicalTrials.gov) ---
# Off: tests that need the API start tests/fakes/clinicaltrials.py and point these at
# it with override_settings. Waits between tries are tiny.
CLINICALTRIALS_API_BASE = ""
CLINICALTRIALS_MAX_RETRIES = 3
CLINICALTRIALS_TIMEOUT_SECONDS = 5.0
CLINICALTRIALS_RETRY_BASE_SECONDS = 0.01
CLINICALTRIALS_QUERY = {}

# --- Frontend cache (CDN) ---
# None: tests that purge point this at tests/fakes/varnish.py with override_settings.
WAGTAILFRONTENDCACHE = {}
