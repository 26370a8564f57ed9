"""The account's share of a personal-data request (see core/personal_data.py)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model

from core.identity import matching_email


def export_account(email: str) -> list[dict]:
    users = matching_email(get_user_model().objects.all(), "email", email=email)
    return [
        {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined": user.date_joined,
            "last_sign_in": user.last_login,
            "staff": user.is_staff,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user)
            ],
            "two_factor_methods": sorted(
                Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ),
        }
        for user in users
    ]


def erase_account(email: str) -> str:
    users = matching_email(get_user_model().objects.all(), "email", email=email)
    count = users.count()
    if not count:
        return "no account."
    # Email addresses, authenticators and sessions' owner go with the account.
    users.delete()
    return "deleted the account, its email addresses and its two-factor authenticators."
