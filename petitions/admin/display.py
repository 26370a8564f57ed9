"""How a signature shows in the admin: an erased one keeps its row but shows no name or email."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Signature

ERASED = "(erased)"


def display_name(signature: Signature) -> str:
    return ERASED if signature.is_erased else signature.name


def display_email(signature: Signature) -> str:
    return ERASED if signature.is_erased else signature.email


def flag_label(signature: Signature) -> str:
    if not signature.flagged:
        return ""
    label = _("Flagged")
    if signature.flag_reason:
        label += f": {signature.flag_reason}"
    if signature.is_confirmation_withheld:
        label += " (no email sent yet)"
    return label


def imported_label(signature: Signature) -> str:
    """Where an imported signature was collected ("" for one signed on this site)."""
    return signature.imported_source
