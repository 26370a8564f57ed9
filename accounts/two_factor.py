"""Staff two-factor authentication, and the proof of email before a first authenticator.

Staff (anyone who may use the Wagtail admin) must have a TOTP authenticator when
STAFF_REQUIRE_2FA is on. Adding the first one needs more than the password: whoever
adds it owns the account from then on, so a stranger who learnt a staff password
could otherwise enrol their own authenticator and lock the owner out. So while a
staff account has no authenticator, signing in with its password also asks for a
short-lived code emailed to the account's address (allauth's login-by-code stage,
required by accounts/adapter.py), and only a session that entered such a code may
add an authenticator (supporters/middleware.py). Once the account has one, signing
in asks for it instead, as before.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest


def has_admin_access(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
    )


def has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_first_authenticator(user) -> bool:
    """A staff account that must set up two-factor authentication and has not yet."""
    return settings.STAFF_REQUIRE_2FA and has_admin_access(user) and not has_authenticator(user)


def email_proved_in_session(request: HttpRequest) -> bool:
    """Whether this session was signed in with a code emailed to the account.

    allauth records each way a session authenticated (password, code, TOTP ...); a
    code it sent by email counts as proof that this is the mailbox's owner."""
    return any(
        record.get("method") == "code" and record.get("email")
        for record in get_authentication_records(request, request.user)
    )
