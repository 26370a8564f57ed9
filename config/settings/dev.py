"""Local development: `make run`. Never used in production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Only the dev setup may create the local admin account (cms dev_setup command).
DEV_SETUP_ALLOWED = True

# Locally, the printed dev account signs in without an authenticator app; set
# STAFF_REQUIRE_2FA=true to try the production sign-in.
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=False)

# `make run STRIPE=fake` points Stripe at the fake in tests/fakes/stripe.py, whose
# Checkout pages live at its own address: the donate form may be redirected there.
if STRIPE_API_BASE:  # noqa: F405
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [  # noqa: F405
        *CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],  # noqa: F405
        STRIPE_API_BASE,  # noqa: F405
    ]
