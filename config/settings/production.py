"""Production: secrets and hosts come from the environment, or the site refuses to start."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False


def _required(name: str) -> str:
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable in production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]

STORAGES = {
    **STORAGES,  # noqa: F405  media: local disk, or object storage when a bucket is named
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS everywhere. Behind a proxy that terminates TLS, it must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

DEV_SETUP_ALLOWED = False

# --- Donations (Stripe) ---
# Taking payments without verifying Stripe's webhooks would leave every payment
# unrecorded (or let anyone forge one), so a key without its webhook secret is refused.
if env("STRIPE_SECRET_KEY", default="") and not env("STRIPE_WEBHOOK_SECRET", default=""):
    raise ImproperlyConfigured(
        "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: set the signing secret "
        "of the webhook endpoint that points at /webhooks/stripe/."
    )


# --- Updates (Mailchimp) ---
# Optional: without a key sign-ups stay local. With one, the audience must be named too.
if MAILCHIMP_API_KEY and not MAILCHIMP_LIST_ID:  # noqa: F405
    raise ImproperlyConfigured("Set MAILCHIMP_LIST_ID along with MAILCHIMP_API_KEY.")


# --- Frontend cache (CDN) ---
# Wagtail builds the backend only when it purges, so a zone without its credentials
# would fail at every publish, unseen; refuse it at start instead.
if env("CLOUDFLARE_ZONE_ID", default="") and not (
    env("CLOUDFLARE_BEARER_TOKEN", default="")
    or (env("CLOUDFLARE_EMAIL", default="") and env("CLOUDFLARE_API_KEY", default=""))
):
    raise ImproperlyConfigured(
        "CLOUDFLARE_ZONE_ID is set: set CLOUDFLARE_BEARER_TOKEN (or CLOUDFLARE_EMAIL and "
        "CLOUDFLARE_API_KEY) too."
    )
