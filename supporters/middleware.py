"""Staff reach the Wagtail admin only with two-factor authentication set up."""

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse


class StaffTwoFactorMiddleware:
    """Sends anyone with admin access but no TOTP authenticator to set one up first.

    Signing in itself goes through allauth (the admin's own login page redirects
    there), which asks for the code once an authenticator exists.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_REQUIRE_2FA
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.info(request, "Set up two-factor authentication to use the admin.")
            return redirect(
                f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)
