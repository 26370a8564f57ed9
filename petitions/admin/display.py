"""How a signature shows in the admin: an erased one keeps its row but shows no name or email."""

from __future__ import annotations

from ..models import Signature, Status

ERASED = "(erased)"


def display_name(signature: Signature) -> str:
    return ERASED if signature.is_erased else signature.name


def display_email(signature: Signature) -> str:
    return ERASED if signature.is_erased else signature.email


def flag_label(signature: Signature) -> str:
    if not signature.flagged:
        return ""
    label = "Flagged"
    if signature.flag_reason:
        label += f": {signature.flag_reason}"
    if signature.confirmation_held and signature.status == Status.PENDING:
        label += " (no email sent yet)"
    return label
