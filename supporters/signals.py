"""Glue between allauth and the supporters workflow."""

from allauth.account.signals import email_confirmed


def _on_email_confirmed(request, email_address, **kwargs) -> None:
    from .services import organisation_email_verified

    organisation_email_verified(user=email_address.user)


def connect() -> None:
    email_confirmed.connect(_on_email_confirmed, dispatch_uid="supporters-email-confirmed")
