"""Staff reach the Wagtail admin only with two-factor authentication set up."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.two_factor import email_proved_in_session, needs_first_authenticator

TWO_FACTOR_PREFIX = "/accounts/2fa/"


class StaffTwoFactorMiddleware:
    """Sends anyone with admin access but no TOTP authenticator to set one up first,
    provided this session proved the account's email (see accounts/two_factor.py).

    A session that did not (one signed in before the rule, or before the account
    could use the admin) is answered, on the admin and on every two-factor page, by
    a page asking to sign in again, which emails the code. Signing in itself goes
    through allauth (the admin's own login page redirects there), which asks for
    the code, or for the authenticator once one exists.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            settings.STAFF_REQUIRE_2FA
            and path.startswith(("/admin/", TWO_FACTOR_PREFIX))
            and request.user.is_authenticated
            and needs_first_authenticator(request.user)
        ):
            if not email_proved_in_session(request):
                return self._sign_in_again(request)
            if path.startswith("/admin/"):
                messages.info(request, _("Set up two-factor authentication to use the admin."))
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _sign_in_again(request):
        next_url = request.get_full_path() if request.method == "GET" else "/admin/"
        login_url = f"{reverse('account_login')}?{urlencode({'next': next_url})}"
        return render(
            request,
            "account/staff_sign_in_again.html",
            {"login_url": login_url, "email": request.user.email},
            status=403,
        )
