"""The site's allauth adapter (ACCOUNT_ADAPTER): where allauth asks the project to decide."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.urls import reverse
from wagtail.models import Site

from core.urls import site_url

from .two_factor import needs_first_authenticator

LOGIN_CODE_EMAIL = "account/email/login_code"


@dataclass(frozen=True)
class SiteIdentity:
    """The site as its emails name it: the Wagtail site's name (else SITE_NAME) and its
    public address (BASE_URL), never the host a request happened to come in on.

    `name` and `domain` are what allauth's own templates read from `current_site`.
    """

    name: str
    address: str

    @property
    def domain(self) -> str:
        return urlsplit(self.address).netloc

    @classmethod
    def for_request(cls, request) -> SiteIdentity:
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            site = Site.objects.filter(is_default_site=True).first()
        name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
        return cls(name=name, address=site_url("/"))


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """Editors land in the admin; organisations' contacts in their account area.

        A `next` they came with (an admin page they opened) wins before this is asked.
        """
        user = request.user
        if user.is_authenticated and (
            user.is_superuser or user.has_perm("wagtailadmin.access_admin")
        ):
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request)

    def get_logout_redirect_url(self, request) -> str:
        """Back to the home page in the language the visitor signed out in (/de/ from
        /de/accounts/logout/), not always the English one."""
        site = Site.find_for_request(request)
        if site is not None and getattr(settings, "ACCOUNT_LOGOUT_REDIRECT_URL", None) is None:
            return site.root_page.localized.get_url(request) or "/"
        return super().get_logout_redirect_url(request)

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
        identity = SiteIdentity.for_request(self.request)
        context = {
            **context,
            "current_site": identity,
            "site_name": identity.name,
            "site_address": identity.address,
            # In the language the email is written in (the prefix of the address it
            # was asked from): /es/accounts/password/reset/ for a Spanish request.
            "password_reset_address": site_url(reverse("account_reset_password")),
            "register_address": site_url(reverse("supporters:register")),
        }
        super().send_mail(template_prefix, email, context)
