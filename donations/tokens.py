"""Signed links for monthly donors: manage or cancel without an account or password.

The token names the donation and expires (DONATIONS_MANAGE_LINK_MAX_AGE_DAYS);
every receipt carries a fresh one. Opening it only shows a page: the portal
session is created when the donor presses its button.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

SALT = "donations.manage-monthly"


def manage_token_make(*, donation_pk: int) -> str:
    return signing.dumps({"donation": donation_pk}, salt=SALT, compress=True)


def manage_token_read(token: str) -> int | None:
    """The donation's id, or None if the token is altered, unknown or too old."""
    max_age = settings.DONATIONS_MANAGE_LINK_MAX_AGE_DAYS * 24 * 60 * 60
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    donation_pk = data.get("donation") if isinstance(data, dict) else None
    return donation_pk if isinstance(donation_pk, int) else None
