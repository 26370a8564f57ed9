"""The account forms the site uses in place of allauth's own (ACCOUNT_FORMS)."""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, costing the same work whether or not the email has an account.

    With ACCOUNT_PREVENT_ENUMERATION a known email gets no new account, only an email
    telling its owner how to sign in, and the page is the same as for a new one. But
    a new account hashes its password, which is most of the request's time (about a
    quarter of a second with production's hasher), so without it the known path
    answered twenty times sooner and one request told whether an address belongs to
    an organisation's contact or a staff member. The known path hashes the password
    too, and throws the hash away.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
