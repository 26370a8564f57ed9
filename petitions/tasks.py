"""Emails to signers, sent by the task worker after the signature has committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from core.tasks import EMAILS

from . import tokens


def _send(template: str, signature, **context) -> None:
    petition = signature.petition
    context = {
        "signature": signature,
        "petition": petition,
        "petition_url": _absolute(petition.url or "/"),
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        **context,
    }
    subject = render_to_string(f"petitions/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"petitions/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [signature.email])


def _absolute(url: str) -> str:
    """An address on this site as a full URL, from BASE_URL (a task has no request)."""
    if url.startswith("/"):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url


def confirm_url(signature) -> str:
    return _absolute(reverse("petitions:confirm", args=[tokens.confirmation_token(signature)]))


def _signature(signature_id: int):
    from .models import Signature

    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    if signature is None or signature.is_erased or not signature.email:
        return None
    return signature


@task(queue_name=EMAILS)
def send_confirmation_email(signature_id: int) -> None:
    signature = _signature(signature_id)
    if signature is None or signature.status != "pending":
        return
    _send(
        "confirm",
        signature,
        confirm_url=confirm_url(signature),
        link_days=settings.PETITION_CONFIRM_LINK_DAYS,
    )


@task(queue_name=EMAILS)
def send_already_signed_email(signature_id: int) -> None:
    signature = _signature(signature_id)
    if signature is None:
        return
    pending = signature.status == "pending"
    _send(
        "already_signed",
        signature,
        pending=pending,
        confirm_url=confirm_url(signature) if pending else "",
    )
