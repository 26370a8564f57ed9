"""The site's allauth adapter (ACCOUNT_ADAPTER): where allauth asks the project to decide."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse

from .two_factor import needs_first_authenticator

LOGIN_CODE_EMAIL = "account/email/login_code"


class AccountAdapter(DefaultAccountAdapter):
    def is_login_by_code_required(self, login) -> bool:
        """Staff without an authenticator enter a code emailed to them after their password
        (see accounts/two_factor.py); everyone else signs in as allauth's settings say."""
        if login.user is not None and needs_first_authenticator(login.user):
            records = get_authentication_records(self.request, login.user)
            # A sign-in that was by code already needs no second one.
            return not (records and records[-1].get("method") == "code")
        return super().is_login_by_code_required(login)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Sign-in codes count against allauth's `request_login_code` limit (per address and
        per internet address), so a stranger who knows a staff password cannot fill the
        owner's inbox with codes; past the limit the sign-in is refused with a 429."""
        if template_prefix == LOGIN_CODE_EMAIL:
            refused = ratelimit.consume_or_429(
                self.request, action="request_login_code", key=email.lower()
            )
            if refused:
                raise ImmediateHttpResponse(refused)
        super().send_mail(template_prefix, email, context)
