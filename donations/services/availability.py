"""Whether the site can take donations at all, and what editors are told when it cannot."""

from __future__ import annotations

from ..stripe_gateway import stripe_is_configured

#: What the page editor and the dashboard say while Stripe's keys are missing.
SWITCHED_OFF_FOR_EDITORS = (
    "Donations are switched off until the Stripe keys are set: the donate page tells "
    "visitors that online giving is not set up yet, and the site's Donate buttons are "
    "hidden. To switch donations on, ask whoever runs the site to set STRIPE_SECRET_KEY "
    "and STRIPE_WEBHOOK_SECRET (both from the charity's Stripe dashboard)."
)


def donations_enabled() -> bool:
    """True once Stripe's secret key is set; until then nothing asks Stripe for anything,
    the donate page says so, and calls to action for donating are hidden."""
    return stripe_is_configured()
