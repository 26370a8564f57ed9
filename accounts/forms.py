"""The account forms the site uses in place of allauth's own (ACCOUNT_FORMS).

Each says in the site's words what a field wants and what is missing ("Enter your
password."), never allauth's "Remember Me" or Django's "This field is required.".
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from allauth.mfa.totp.forms import ActivateTOTPForm as ActivateTOTPFormBase
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from core.forms import SpecificErrorsMixin

ENTER_EMAIL = _("Enter your email address.")
ENTER_PASSWORD = _("Enter your password.")
CHOOSE_PASSWORD = _("Choose a password.")
REPEAT_PASSWORD = _("Type the same password again.")


def _words(form, fields: dict[str, tuple[str | None, str]]) -> None:
    """Set each named field's label (when given) and its message when left empty."""
    for name, (label, required) in fields.items():
        field = form.fields.get(name)
        if field is None:
            continue
        if label is not None:
            field.label = label
        field.error_messages["required"] = required


class LoginForm(SpecificErrorsMixin, allauth_forms.LoginForm):
    """Editors and organisations' contacts sign in here, with their email and password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(
            self,
            {
                "login": (_("Email address"), _("Enter the email address you sign in with.")),
                "password": (_("Password"), ENTER_PASSWORD),
            },
        )
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class SignupForm(SpecificErrorsMixin, allauth_forms.SignupForm):
    """allauth's sign-up form, costing the same work whether or not the email has an account.

    With ACCOUNT_PREVENT_ENUMERATION a known email gets no new account, only an email
    telling its owner how to sign in, and the page is the same as for a new one. But
    a new account hashes its password, which is most of the request's time (about a
    quarter of a second with production's hasher), so without it the known path
    answered twenty times sooner and one request told whether an address belongs to
    an organisation's contact or a staff member. The known path hashes the password
    too, and throws the hash away.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(
            self,
            {
                "email": (
                    _("Your email address"),
                    _("Enter your email address: you sign in with it."),
                ),
                "password1": (_("Choose a password"), CHOOSE_PASSWORD),
                "password2": (_("The same password again"), REPEAT_PASSWORD),
            },
        )

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class ResetPasswordForm(SpecificErrorsMixin, allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(
            self,
            {"email": (_("Your email address"), _("Enter the email address you sign in with."))},
        )


class ResetPasswordKeyForm(SpecificErrorsMixin, allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(
            self,
            {
                "password1": (_("Your new password"), CHOOSE_PASSWORD),
                "password2": (_("The same password again"), REPEAT_PASSWORD),
            },
        )


class ChangePasswordForm(SpecificErrorsMixin, allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(
            self,
            {
                "oldpassword": (_("Your current password"), _("Enter your current password.")),
                "password1": (_("Your new password"), CHOOSE_PASSWORD),
                "password2": (_("The same new password again"), REPEAT_PASSWORD),
            },
        )


class SetPasswordForm(SpecificErrorsMixin, allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(
            self,
            {
                "password1": (_("Choose a password"), CHOOSE_PASSWORD),
                "password2": (_("The same password again"), REPEAT_PASSWORD),
            },
        )


class ReauthenticateForm(SpecificErrorsMixin, allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(self, {"password": (_("Your password"), ENTER_PASSWORD)})


class AddEmailForm(SpecificErrorsMixin, allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(self, {"email": (_("Another email address"), ENTER_EMAIL)})


class ConfirmLoginCodeForm(SpecificErrorsMixin, allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(self, {"code": (_("Code"), _("Enter the code from the email we sent you."))})


class RequestLoginCodeForm(SpecificErrorsMixin, allauth_forms.RequestLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(self, {"email": (_("Your email address"), ENTER_EMAIL)})


class ActivateTOTPForm(SpecificErrorsMixin, ActivateTOTPFormBase):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(self, {"code": (None, _("Enter the six-digit code your authenticator app shows."))})
