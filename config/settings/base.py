"""Settings shared by every environment.

Everything that differs between a laptop, CI and production comes from the
environment; dev.py, test.py and production.py change only what must differ.
"""

from pathlib import Path

import environ
from django.conf.locale import LANG_INFO

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core",
    "accounts",
    "cms",
    "supporters",
    "petitions",
    "updates",
    "donations",
    "trials",
    "demo",
    # Translation of pages and snippets in the admin, with its own locale management
    # (replaces wagtail.locales).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Serves whole anonymous pages from the cache before anything else runs;
    # see core/page_cache.py.
    "core.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address alone (/es/..., /de/...; English has no
    # prefix), so a cached page is the same for everyone who asks for that address.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff must have two-factor authentication before they reach the admin.
    "supporters.middleware.StaffTwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site",
                "supporters.context_processors.account_link",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# A SQLite file under var/ unless DATABASE_URL says otherwise (PostgreSQL in CI
# and production).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the web process read while the task worker writes;
            # IMMEDIATE takes the write lock up front instead of failing mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    # Persistent connections: a new connection per request costs more than the query.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The signing statement is prepared once per connection on PostgreSQL (core/tasks.py);
# Django's own cursors never prepare (the connection's prepare_threshold stays None).
# False for a pooler that cannot keep prepared statements (PgBouncer before 1.21).
PREPARED_STATEMENTS = env.bool("PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
# Local memory by default; Redis (shared by every process) when REDIS_URL is set.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="campaign"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "campaign",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Each process's own copy of hot pages in front of the shared cache (core/page_cache.py).
CACHES["page-cache-local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "page-cache-local",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# Whole-page cache for anonymous visitors (core/page_cache.py). Publishing,
# unpublishing, moving or deleting a page, or saving site settings, clears it.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# How long a process may go on serving its own copies before asking the shared
# cache whether something was published: the most another process lags a publish.
PAGE_CACHE_LOCAL_SECONDS = env.int("PAGE_CACHE_LOCAL_SECONDS", default=1)
# Addresses that are never cached skip the cache lookup altogether.
PAGE_CACHE_SKIP_PREFIXES = ["/admin/", "/healthz/", "/documents/", "/media/", "/static/"]
# How long a browser may keep a public page without asking again. Shared caches (a
# CDN, Varnish) keep it for PAGE_CACHE_SECONDS (`s-maxage`) or until publishing purges
# it; browsers cannot be purged, so by default they ask every time (0).
PAGE_CACHE_BROWSER_SECONDS = env.int("PAGE_CACHE_BROWSER_SECONDS", default=0)

# --- Frontend cache (a CDN or Varnish in front) -----------------------------
# Wagtail's frontend-cache module purges the addresses that show what an editor changed
# (cms/purge.py). None by default: nothing is sent. Any combination may be configured:
# - FRONTEND_CACHE_URL: Varnish or any HTTP cache that accepts PURGE (http://127.0.0.1:6081);
# - CLOUDFLARE_ZONE_ID with CLOUDFLARE_BEARER_TOKEN (or CLOUDFLARE_EMAIL and
#   CLOUDFLARE_API_KEY, the older global key);
# - CLOUDFRONT_DISTRIBUTION_ID (AWS credentials as boto3 finds them: AWS_ACCESS_KEY_ID, ...).
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_URL", default=""):
    WAGTAILFRONTENDCACHE["varnish"] = {
        # Wagtail's HTTP backend with a time limit on each PURGE (core/frontend_cache.py).
        "BACKEND": "core.frontend_cache.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_URL"),
    }
if env("CLOUDFLARE_ZONE_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
        **(
            {"BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN")}
            if env("CLOUDFLARE_BEARER_TOKEN", default="")
            else {
                "EMAIL": env("CLOUDFLARE_EMAIL", default=""),
                "API_KEY": env("CLOUDFLARE_API_KEY", default=""),
            }
        ),
    }
if env("CLOUDFRONT_DISTRIBUTION_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    }
# cms/purge.py names each language's address itself (a translation has its own slugs);
# Wagtail's default would also purge every address under every other prefix.
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []
# Purges of the whole site (site settings, the main menu) go out in tasks of this many addresses.
FRONTEND_CACHE_PURGE_BATCH = env.int("FRONTEND_CACHE_PURGE_BATCH", default=500)
# Seconds a PURGE may take before the cache counts as unreachable (the purge is logged).
FRONTEND_CACHE_TIMEOUT_SECONDS = env.float("FRONTEND_CACHE_TIMEOUT_SECONDS", default=5.0)

# --- Background tasks -----------------------------------------------------
# Rows in the database, run by `manage.py db_worker`, on separate queues so that
# one kind of work never waits behind another (see core/tasks.py): emails,
# outside syncs (Mailchimp), payments (Stripe events) and local work.
TASK_QUEUES = ["default", "emails", "sync", "payments"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": TASK_QUEUES,
    }
}
# One worker process per group: `make run` starts these, and production runs at
# least one of each (`manage.py db_worker --queue-name emails`, ...).
TASK_WORKER_GROUPS = [["emails"], ["sync"], ["payments", "default"]]
# A task RUNNING for longer than this belongs to a worker that died:
# `manage.py tasks_sweep` queues it again. Longer than any task takes.
TASK_LEASE_SECONDS = env.int("TASK_LEASE_SECONDS", default=600)
# An email claimed for sending this long ago and not sent is sent by the next run
# of its task (core/emails.py). Shorter than the task lease.
EMAIL_SEND_LEASE_SECONDS = env.int("EMAIL_SEND_LEASE_SECONDS", default=300)

# --- Scheduled jobs -------------------------------------------------------
# Periodic jobs, run by one `manage.py scheduler` process (core/scheduler.py; `make
# run` starts it too). Each names a management command and its arguments, and either
# `every` (seconds; slots are multiples of it since the epoch, the same in every
# process) or `cron` (a crontab line in UTC). `requires`: settings without which the
# job is recorded as skipped rather than failing. A scheduler that starts runs, once,
# each job whose latest slot has not run. What runs when, and why:
# - tasks_sweep, every 5 min: re-queues tasks whose worker died (TASK_LEASE_SECONDS);
# - mailchimp_sweep, every 5 min: queues due Mailchimp syncs and deletions, takes back
#   syncs whose worker vanished (MAILCHIMP_SYNC_LEASE_SECONDS);
# - stripe_reconcile, hourly at :20: events Stripe sent that we missed, stored events
#   and erased donors' cancellations whose retry is due;
# - petition_count_reconcile, hourly at :40: counts are refreshed after each change,
#   and this recount from the rows bounds how long a lost refresh can leave one
#   wrong to an hour (one grouped query per petition: cheap enough to run hourly);
# - petitions_expire_unconfirmed, daily 03:10: unconfirmed signatures past
#   PETITION_UNCONFIRMED_DAYS;
# - stripe_events_prune, daily 03:30: processed events cut down to their ids after
#   STRIPE_EVENT_RETENTION_DAYS;
# - scheduled_runs_prune, daily 03:50: this table's own rows past SCHEDULER_KEEP_DAYS;
# - task_results_prune, daily 04:10: finished task rows older than 14 days (the
#   health figures look back 24 hours).
SCHEDULED_JOBS = {
    # TASKS_SWEEP_EVERY_SECONDS: how soon a dead worker's task comes back, with
    # TASK_LEASE_SECONDS (the stack check shortens both).
    "tasks_sweep": {
        "command": "tasks_sweep",
        "every": env.int("TASKS_SWEEP_EVERY_SECONDS", default=300),
    },
    "mailchimp_sweep": {
        "command": "mailchimp_sync",
        "args": ["--sweep-only", "--no-progress"],
        "every": 300,
        "requires": ["MAILCHIMP_API_KEY", "MAILCHIMP_LIST_ID"],
    },
    "stripe_reconcile": {
        "command": "stripe_reconcile",
        "args": ["--since", "1d"],
        "cron": "20 * * * *",
        "requires": ["STRIPE_SECRET_KEY"],
    },
    "petition_count_reconcile": {"command": "petition_count_reconcile", "cron": "40 * * * *"},
    # One snapshot of each live petition's count per hour (history.json / .csv).
    "petition_history_snapshot": {"command": "petition_history_snapshot", "cron": "0 * * * *"},
    "petitions_expire_unconfirmed": {
        "command": "petitions_expire_unconfirmed",
        "cron": "10 3 * * *",
    },
    "stripe_events_prune": {"command": "stripe_events_prune", "cron": "30 3 * * *"},
    "scheduled_runs_prune": {"command": "scheduler", "args": ["--prune"], "cron": "50 3 * * *"},
    # The registry's records, then the mappings, classifications and sponsor counts.
    "trials_import": {
        "command": "trials_import",
        "args": ["--api", "--no-progress"],
        "cron": "30 5 * * *",
        "requires": ["CLINICALTRIALS_API_BASE"],
    },
    "task_results_prune": {
        "command": "prune_db_task_results",
        "args": ["--queue-name", "*", "--min-age-days", "14"],
        "cron": "10 4 * * *",
    },
}
# A run unfinished after this long belongs to a scheduler that died: it is closed as
# failed and the job may run again. Longer than any job takes.
SCHEDULER_RUN_LEASE_SECONDS = env.int("SCHEDULER_RUN_LEASE_SECONDS", default=3600)
# Days of run history kept (each job's latest run is always kept).
SCHEDULER_KEEP_DAYS = env.int("SCHEDULER_KEEP_DAYS", default=14)

# --- What operators watch ---------------------------------------------------
# GET /healthz/status/ (core/health.py): queues, failed tasks, backlogs, the
# scheduler, as JSON; 503 when something needs an operator. It answers a request
# carrying `Authorization: Bearer <HEALTH_STATUS_TOKEN>`, and signed-in superusers;
# with no token set, only superusers. No personal data, but operational detail.
HEALTH_STATUS_TOKEN = env("HEALTH_STATUS_TOKEN", default="")
# A task ready to run this long without a worker taking it: the queue is stuck.
HEALTH_TASK_WAIT_MAX_SECONDS = env.int("HEALTH_TASK_WAIT_MAX_SECONDS", default=300)
# Unhealthy past this many sign-ups and erasures waiting for Mailchimp (it is
# connected; refused ones do not count), and past this many stored Stripe events
# not processed (payments not yet recorded).
HEALTH_MAILCHIMP_BACKLOG_MAX = env.int("HEALTH_MAILCHIMP_BACKLOG_MAX", default=500)
HEALTH_STRIPE_BACKLOG_MAX = env.int("HEALTH_STRIPE_BACKLOG_MAX", default=20)

# --- Email ----------------------------------------------------------------
# Files under var/mail/ by default so a first run can read its own emails;
# EMAIL_URL (e.g. smtp+tls://user:pass@host:587) in production.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="campaign@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "supporters:account"
WAGTAILADMIN_LOGIN_URL = "account_login"

# Accounts (django-allauth): email is the login, verified before use; no usernames.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# A known email costs the same password hash as a new one (accounts/forms.py).
# The site's words on every account form (accounts/forms.py).
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
    "add_email": "accounts.forms.AddEmailForm",
    "confirm_login_code": "accounts.forms.ConfirmLoginCodeForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
}
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # mail scanners open links; confirming takes a button press
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's own limits on its own flows (failed sign-ins; sign-in codes in accounts/adapter.py).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Registrations (account and listing) per internet address, counted like every other
# limit of ours (core/ratelimits.py); IPv6 per /64.
SUPPORTERS_RATE_LIMIT_IP = env("SUPPORTERS_RATE_LIMIT_IP", default="20/m")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Editors and moderators must set up TOTP before they can use the admin, and until they
# have, signing in also takes a code emailed to them (accounts/two_factor.py).
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=True)
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
MFA_FORMS = {"activate_totp": "accounts.forms.ActivateTOTPForm"}
# How long an emailed sign-in code works; mail can take a minute to arrive.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 300
MFA_TOTP_ISSUER = env("SITE_NAME", default="Campaign")

# --- Internationalisation -------------------------------------------------
# The default language has no prefix in addresses, so every address that existed
# before translations keeps working; the others live under /<code>/.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Languages the site is offered in: the interface strings of each (except English)
# ship in locale/<code>/LC_MESSAGES/django.po; editors translate the content in the
# admin (wagtail-localize). SITE_LANGUAGES adds or drops some, e.g. "en-gb,es,de,ar"
# (a language without a .po file gets translated content and an English interface).
SHIPPED_LANGUAGES = ["en-gb", "es", "de"]
_LANGUAGE_NAMES = {"en-gb": "English", "es": "Español", "de": "Deutsch"}
LANGUAGES = [
    (code, _LANGUAGE_NAMES.get(code) or LANG_INFO[code]["name_local"])
    for code in env.list("SITE_LANGUAGES", default=SHIPPED_LANGUAGES)
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# The few date and number formats that differ from Django's for a language.
FORMAT_MODULE_PATH = ["core.formats"]

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
# Where the release step's `collectstatic` writes, and the proxy serves /static/ from.
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded images and documents on S3-compatible object storage (django-storages) when
# a bucket is named: every web host then sees the same files. Local disk otherwise.
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY come from the environment (boto3 reads them);
# AWS_S3_ENDPOINT_URL names a provider other than AWS (MinIO, R2, the stack's fake);
# AWS_S3_CUSTOM_DOMAIN ("media.example.org", or "example.org/media" behind the proxy)
# is where the public fetches them.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_S3_URL_PROTOCOL = env("AWS_S3_URL_PROTOCOL", default="https:")
    # Public media: plain URLs a CDN can cache, not signed ones that expire.
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=31536000"}
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

# --- Security (tightened further in production.py) -------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # read by the small script that fills forms on cached pages

# Content Security Policy (django-csp): the public site loads only its own scripts,
# styles and images, with no inline code. The Wagtail admin sets its own rules.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Donation forms post here and are redirected to Stripe's hosted Checkout,
        # and monthly donors to Stripe's customer portal: browsers apply form-action
        # to those redirects too.
        "form-action": ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = env("SITE_NAME", default="Campaign")
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars fetched from a third party: editors' email hashes stay with us.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
TAGGIT_CASE_INSENSITIVE = True

# Blocks feature apps offer for the body of pages, after the site's own (cms/blocks.py).
# Pages never import a feature app; this names their blocks, as INSTALLED_APPS names apps.
CMS_BODY_BLOCKS = {"subscribe": "updates.blocks.SubscribeBlock"}
# What feature apps ask every visitor to do, as the header's buttons and the home page's
# sections, in this order (cms/calls_to_action.py): each names a function of the site.
CMS_CALLS_TO_ACTION = [
    "petitions.calls_to_action.sign_petition",
    "donations.calls_to_action.donate",
]

# Pages per listing page on the news index.
NEWS_PER_PAGE = env.int("NEWS_PER_PAGE", default=10)

# --- Donations (Stripe) ---------------------------------------------------
# Donations are off until STRIPE_SECRET_KEY is set: the donate page then says so.
# Point Stripe's webhook endpoint at https://<site>/webhooks/stripe/ and put its
# signing secret (whsec_...) in STRIPE_WEBHOOK_SECRET. See donations/stripe_gateway.py.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
# Checkout sessions started per address (IPv4, or IPv6 /64) before the form says
# to wait: generous for a family or an office, a wall for a script.
DONATIONS_RATE_LIMIT_IP = env("DONATIONS_RATE_LIMIT_IP", default="20/h")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Where the SDK sends API calls; empty means Stripe itself. Tests point it at a fake.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
# A signed webhook older than this is refused (replayed deliveries).
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default=300)
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=20.0)
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=2)
# How long the emailed "manage your monthly donation" link works.
DONATIONS_MANAGE_LINK_MAX_AGE_DAYS = env.int("DONATIONS_MANAGE_LINK_MAX_AGE_DAYS", default=30)
# Stored Stripe events carry the donor's name, email and address; processed ones are
# cut down to their ids after this many days (`manage.py stripe_events_prune`, daily).
STRIPE_EVENT_RETENTION_DAYS = env.int("STRIPE_EVENT_RETENTION_DAYS", default=30)

# --- Updates (Mailchimp) ---------------------------------------------------
# Sign-ups are kept locally and sent to Mailchimp by the task worker. With no
# MAILCHIMP_API_KEY (or no MAILCHIMP_LIST_ID) nothing is sent and the admin says
# Mailchimp is not connected. The data centre comes from the key's suffix
# ("...-us21") unless MAILCHIMP_SERVER_PREFIX says otherwise.
MAILCHIMP_API_KEY = env("MAILCHIMP_API_KEY", default="")
MAILCHIMP_SERVER_PREFIX = env("MAILCHIMP_SERVER_PREFIX", default="")
MAILCHIMP_LIST_ID = env("MAILCHIMP_LIST_ID", default="")
# The last part of the webhook address /webhooks/mailchimp/<secret>/; empty turns it off.
MAILCHIMP_WEBHOOK_SECRET = env("MAILCHIMP_WEBHOOK_SECRET", default="")
# Seconds before a call counts as hung; connections open at once across all processes
# (Mailchimp allows 10 per key; the cache shares the count, so use Redis in production).
MAILCHIMP_TIMEOUT = env.float("MAILCHIMP_TIMEOUT", default=10.0)
MAILCHIMP_MAX_CONNECTIONS = env.int("MAILCHIMP_MAX_CONNECTIONS", default=5)
# A call that fails for now is tried again by a later run of its task, never by
# waiting inside it: after MAILCHIMP_RETRY_BASE_SECONDS, doubling per failure with
# jitter (1 s, 2 s, 4 s, ... at most an hour). After MAILCHIMP_FAILING_AFTER_ATTEMPTS
# failures in a row the admin shows the sync as failing; it goes on retrying.
# MAILCHIMP_SYNC_LEASE_SECONDS: how long a claimed sync may run before the sweep takes it back.
MAILCHIMP_RETRY_BASE_SECONDS = env.float("MAILCHIMP_RETRY_BASE_SECONDS", default=1.0)
MAILCHIMP_FAILING_AFTER_ATTEMPTS = env.int("MAILCHIMP_FAILING_AFTER_ATTEMPTS", default=5)
MAILCHIMP_SYNC_LEASE_SECONDS = env.int("MAILCHIMP_SYNC_LEASE_SECONDS", default=300)
# The audience's text merge field for the country code ("" to send none).
MAILCHIMP_COUNTRY_MERGE_FIELD = env("MAILCHIMP_COUNTRY_MERGE_FIELD", default="COUNTRY")
# Only for a fake Mailchimp in tests and benchmarks, e.g. http://127.0.0.1:8765/3.0.
MAILCHIMP_API_BASE = env("MAILCHIMP_API_BASE", default="")
# Sign-ups beyond these (per email address, per internet address or IPv6 /64) are
# dropped and answered with the same page: each one makes Mailchimp email someone.
UPDATES_RATE_LIMIT_EMAIL = env("UPDATES_RATE_LIMIT_EMAIL", default="5/h")
UPDATES_RATE_LIMIT_IP = env("UPDATES_RATE_LIMIT_IP", default="100/h")

# --- Trials tracker (ClinicalTrials.gov) -----------------------------------
# Off while CLINICALTRIALS_API_BASE is empty: records then come only from files
# (`manage.py trials_import FILE`). Set it to https://clinicaltrials.gov/api/v2 to
# read the API; the nightly `trials_import --api` (SCHEDULED_JOBS) then runs.
# See trials/clinicaltrials.py.
CLINICALTRIALS_API_BASE = env("CLINICALTRIALS_API_BASE", default="")
# Studies per page (the API allows at most 1000), tries per request in all (429, 5xx,
# timeouts, lost connections), seconds before a request counts as hung, and the
# first wait between tries (doubled per failure, with jitter; Retry-After is honoured).
CLINICALTRIALS_PAGE_SIZE = env.int("CLINICALTRIALS_PAGE_SIZE", default=1000)
CLINICALTRIALS_MAX_RETRIES = env.int("CLINICALTRIALS_MAX_RETRIES", default=5)
CLINICALTRIALS_TIMEOUT_SECONDS = env.float("CLINICALTRIALS_TIMEOUT_SECONDS", default=60.0)
CLINICALTRIALS_RETRY_BASE_SECONDS = env.float("CLINICALTRIALS_RETRY_BASE_SECONDS", default=2.0)
# What `trials_import --api` asks for: API v2 parameters of /api/v2/studies as they
# are named there, as JSON, e.g.
#   CLINICALTRIALS_QUERY='{"filter.advanced": "AREA[StudyType]INTERVENTIONAL AND AREA[PrimaryCompletionDate]RANGE[2018-01-01,MAX]"}'
#   CLINICALTRIALS_QUERY='{"query.lead": "Example University"}'
# Empty: every study in the registry (about half a million; unchanged ones are not
# rewritten). `--since YYYY-MM-DD` adds AREA[LastUpdatePostDate]RANGE[date,MAX] to
# filter.advanced. `fields` defaults to the modules the tracker reads.
CLINICALTRIALS_QUERY = env.json("CLINICALTRIALS_QUERY", default={})

# --- Petitions -------------------------------------------------------------
# How far behind the public count may be, in seconds (pages, widget and JSON included).
PETITION_COUNT_LAG_SECONDS = env.int("PETITION_COUNT_LAG_SECONDS", default=60)
# A CDN may go on serving a count this many seconds past its lifetime while it fetches a
# fresh one (`stale-while-revalidate` on the count JSON and the widget).
PETITION_COUNT_STALE_SECONDS = env.int("PETITION_COUNT_STALE_SECONDS", default=30)
# Confirmation links work for this many days; unconfirmed signatures are deleted
# after PETITION_UNCONFIRMED_DAYS (manage.py petitions_expire_unconfirmed).
PETITION_CONFIRM_LINK_DAYS = env.int("PETITION_CONFIRM_LINK_DAYS", default=14)
PETITION_UNCONFIRMED_DAYS = env.int("PETITION_UNCONFIRMED_DAYS", default=30)
# Importing past signatures from a CSV (petitions/imports.py): rows per chunk (one
# transaction and a few queries each), and the largest file the admin takes (nginx
# lets the admin send 12 MB; a bigger file is split, duplicates are skipped anyway).
PETITION_IMPORT_CHUNK_ROWS = env.int("PETITION_IMPORT_CHUNK_ROWS", default=2000)
PETITION_IMPORT_MAX_MB = env.int("PETITION_IMPORT_MAX_MB", default=10)
# The licence the petitions' count history is published under
# (/petitions/<id>/history.json and .csv); the site's name is the attribution.
PETITION_HISTORY_LICENCE_NAME = env("PETITION_HISTORY_LICENCE_NAME", default="CC BY 4.0")
PETITION_HISTORY_LICENCE_URL = env(
    "PETITION_HISTORY_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
# Limits and thresholds, as "count/period" (s, m, h, d); see petitions/abuse.py.
# An address is one IPv4 address or one IPv6 /64; a hospital or library behind
# one address can sign many times an hour before anything is even flagged.
# - flood thresholds: beyond them signatures are stored and emailed, but held out
#   of the count until an editor accepts them;
# - limits per email and per address: beyond them signatures are stored and held
#   out of the count, and their confirmation email waits for an editor's accept;
# - the ceiling per address: beyond it attempts are refused (stored nowhere), to
#   protect the database; the dashboard shows what it refused in the last hour.
PETITION_RATE_LIMIT_EMAIL = env("PETITION_RATE_LIMIT_EMAIL", default="5/h")
PETITION_RATE_LIMIT_IP = env("PETITION_RATE_LIMIT_IP", default="500/h")
PETITION_IP_CEILING = env("PETITION_IP_CEILING", default="10000/h")
PETITION_FLAG_IP = env("PETITION_FLAG_IP", default="100/h")
PETITION_FLAG_DOMAIN = env("PETITION_FLAG_DOMAIN", default="300/h")
# Big providers are never a "flood from one domain".
PETITION_FLAG_DOMAIN_EXEMPT = env.list(
    "PETITION_FLAG_DOMAIN_EXEMPT",
    default=[
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "live.co.uk",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "web.de",
        "btinternet.com",
        "sky.com",
        "virginmedia.com",
        "nhs.net",
    ],
)
# IP addresses are stored only as keyed hashes; the key defaults to one derived
# from SECRET_KEY.
PETITION_IP_HASH_KEY = env("PETITION_IP_HASH_KEY", default="")
# How many proxies in front of the app append to X-Forwarded-For (0: trust none).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Limits count in the shared cache; if it is down, let people sign rather than refuse.
RATELIMIT_FAIL_OPEN = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", default="WARNING")},
        "django_tasks": {"level": env("TASKS_LOG_LEVEL", default="WARNING")},
        # The Stripe SDK logs every API call at INFO.
        "stripe": {"level": "WARNING"},
        # APScheduler logs every wake-up; core.scheduler logs each run and its outcome.
        "apscheduler": {"level": "WARNING"},
    },
}

# --- Trials tracker: its pages and open data ----------------------------------
# What the tracker's JSON and CSV (/trials/league.json and .csv, each sponsor's) are
# published under: in each JSON document's "meta", in the CSV's `Link` and
# `X-Licence` headers, and under the league table. The URL may be empty.
TRIALS_DATA_LICENCE = env(
    "TRIALS_DATA_LICENCE",
    default=(
        "Registry data from ClinicalTrials.gov (US National Library of Medicine); "
        "our classifications and counts under CC BY 4.0."
    ),
)
TRIALS_DATA_LICENCE_URL = env(
    "TRIALS_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
