"""The signed token in a confirmation link.

Signed with Django's signing (SECRET_KEY), with a salt used for nothing else, so a
token made for another purpose never confirms a signature. It names the signature
and a digest of its address, so it stops working when the signature is erased,
and it expires after PETITION_CONFIRM_LINK_DAYS (a fresh one can be resent).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "petitions.signature-confirm"


class TokenInvalid(Exception):
    """The link was altered, was made for something else, or names no signature."""


class TokenExpired(TokenInvalid):
    """The link is genuine but older than PETITION_CONFIRM_LINK_DAYS."""


@dataclass(frozen=True)
class ConfirmationClaim:
    signature_id: int
    email_digest: str


def _digest(email_key: str) -> str:
    return hashlib.sha256(email_key.encode()).hexdigest()[:12]


def confirmation_token(signature) -> str:
    return signing.dumps([signature.pk, _digest(signature.email_key)], salt=SALT)


def read_confirmation_token(token: str) -> ConfirmationClaim:
    try:
        signature_id, digest = signing.loads(
            token, salt=SALT, max_age=settings.PETITION_CONFIRM_LINK_DAYS * 86400
        )
    except signing.SignatureExpired as error:
        raise TokenExpired(str(error)) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise TokenInvalid(str(error)) from error
    if not isinstance(signature_id, int) or not isinstance(digest, str):
        raise TokenInvalid("unexpected token contents")
    return ConfirmationClaim(signature_id, digest)


def read_expired_token(token: str) -> ConfirmationClaim | None:
    """What a genuine but expired token names (to offer a fresh link), else None."""
    try:
        signature_id, digest = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(signature_id, int) or not isinstance(digest, str):
        return None
    return ConfirmationClaim(signature_id, digest)


def matches(claim: ConfirmationClaim, signature) -> bool:
    return claim.email_digest == _digest(signature.email_key)
