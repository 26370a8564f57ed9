"""Signed, expiring links: a link that proves who it was made for without a password.

A signer's confirmation link and a monthly donor's manage link both carry a token
signed with Django's signing (SECRET_KEY). Each purpose has its own salt, used for
nothing else, so a token made for one purpose never opens another; each expires
after the number of days a setting names, read when the token is read (so changing
the setting changes links already sent).

A salt, once links have been emailed with it, must never change: every link in
every inbox would stop working. The payload is whatever JSON the caller chose;
the caller checks its shape, since a token signed long ago carries the format of
its day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing

SECONDS_PER_DAY = 24 * 60 * 60


class LinkInvalid(Exception):
    """The link was altered, was made for another purpose, or is not a token at all."""


class LinkExpired(LinkInvalid):
    """The link is genuine but older than its setting allows."""


@dataclass(frozen=True)
class SignedLink:
    """One purpose of signed link: its salt and the setting that says, in days, how long it lasts.

    `compress` only shortens the token made; any token reads either way.
    """

    salt: str
    max_age_setting: str
    compress: bool = False

    @property
    def max_age_seconds(self) -> int:
        return int(getattr(settings, self.max_age_setting) * SECONDS_PER_DAY)

    def make(self, payload: Any) -> str:
        return signing.dumps(payload, salt=self.salt, compress=self.compress)

    def read(self, token: str) -> Any:
        """The payload of a genuine, unexpired token; raises LinkExpired or LinkInvalid."""
        try:
            return signing.loads(token, salt=self.salt, max_age=self.max_age_seconds)
        except signing.SignatureExpired as error:
            raise LinkExpired(str(error)) from error
        except (signing.BadSignature, ValueError, TypeError) as error:
            raise LinkInvalid(str(error)) from error

    def read_expired(self, token: str) -> Any | None:
        """The payload of a genuine token however old (to offer a fresh link), else None.

        Never use this to grant what the link grants: it ignores the expiry.
        """
        try:
            return signing.loads(token, salt=self.salt)
        except (signing.BadSignature, ValueError, TypeError):
            return None
