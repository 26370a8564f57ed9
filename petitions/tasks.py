"""Emails to signers, sent by the task worker after the signature has committed.

Each email goes through core.emails.send_once under a key naming its purpose, so
a task that runs twice (the sweep re-queues one whose worker died) sends nothing
twice:

- `petitions.confirm:<signature>:initial`: the first confirmation link, once per
  signature, whether it is sent at signing or when an editor accepts a signature
  held for review;
- `petitions.confirm:<signature>:resend:<nonce>` and
  `petitions.already_signed:<signature>:<nonce>`: each resend and each "already
  signed" notice, with a nonce fixed when it is queued (each request is one more
  email, each run of its task is not).

Imported signatures (petitions/imports.py) are never emailed; `import_signatures`, the
one task here that is not an email, imports them on the default queue.

A mail server that refuses is tried again later (a new run of the task, backing
off with jitter), never waited for inside the task.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from core.emails import email_is_claimed, email_was_sent, send_once_or_retry, templated_message
from core.tasks import DEFAULT, EMAILS
from core.urls import site_url

logger = logging.getLogger(__name__)


INITIAL = "initial"


def new_nonce() -> str:
    """The part of a key that makes one more email its own purpose."""
    return secrets.token_hex(8)


def confirmation_key(signature_id: int, purpose: str = INITIAL) -> str:
    return f"petitions.confirm:{signature_id}:{purpose}"


def already_signed_key(signature_id: int, notice: str) -> str:
    return f"petitions.already_signed:{signature_id}:{notice}"


def confirm_url(signature, language: str = "") -> str:
    """The confirmation link, under the address of the signer's language (/es/...)."""
    with translation.override(language or signature.email_language):
        return site_url(reverse("petitions:confirm", args=[signature.confirmation_token()]))


def _message(template: str, signature, language: str = "", **context) -> EmailMessage:
    """An email to the signer, in the language they signed in (or `language`): the
    interface's words from the catalogs, the petition's own (title, email texts) from
    its translation in that language, and its links to the pages in that language."""
    language = language or signature.email_language
    with translation.override(language):
        petition = signature.petition.in_language(language)
        return templated_message(
            template=f"petitions/email/{template}",
            context={
                "signature": signature,
                "petition": petition,
                "petition_url": site_url(petition.url or "/"),
                **context,
            },
            to=[signature.email],
        )


def confirmation_message(signature) -> EmailMessage:
    return _message(
        "confirm",
        signature,
        confirm_url=confirm_url(signature),
        link_days=settings.PETITION_CONFIRM_LINK_DAYS,
    )


def _signature(signature_id: int):
    from .models import Signature

    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    if signature is None or signature.is_erased or not signature.email:
        return None
    return signature


@task(queue_name=EMAILS)
def send_confirmation_email(signature_id: int, purpose: str = INITIAL) -> None:
    """The confirmation link: the first one (`purpose` "initial") or a resend."""
    signature = _signature(signature_id)
    if signature is None or not signature.may_get_link:
        return
    send_once_or_retry(
        key=confirmation_key(signature_id, purpose),
        build=lambda: confirmation_message(signature),
        task=send_confirmation_email,
        args=(signature_id, purpose),
    )


@task(queue_name=EMAILS)
def send_already_signed_email(
    signature_id: int, notice: str = "unkeyed", language: str = ""
) -> None:
    """Someone signed again with an address that has signed: tell its owner, and give a
    pending signer the link again (unless the signature waits for review). It is
    written in `language`, the one of this attempt (a translation of the petition
    signed before in another), else the signature's own."""
    signature = _signature(signature_id)
    if signature is None:
        return
    from .models import Status

    pending = signature.status == Status.PENDING
    with_link = signature.may_get_link
    send_once_or_retry(
        key=already_signed_key(signature_id, notice),
        task=send_already_signed_email,
        build=lambda: _message(
            "already_signed",
            signature,
            language,
            pending=pending,
            held=pending and not with_link,
            confirm_url=confirm_url(signature, language) if with_link else "",
        ),
        args=(signature_id, notice, language),
    )


@task(queue_name=EMAILS)
def send_accepted_confirmations() -> int:
    """Send the first confirmation of every signature an editor accepted from review.

    Signatures held for review beyond the per-address or per-email limits get no
    email at signing (a script must not use the site to mail strangers); accepting
    them clears their flag and queues this task, which sends each one its link
    once and marks it sent. It works from the rows, not from a list it was given,
    so a run after a dead worker picks up exactly what is left.
    """
    from .models import Signature

    sent = 0
    last_pk = 0
    while True:
        batch = list(
            Signature.objects.confirmation_due()
            .filter(pk__gt=last_pk)
            .select_related("petition")
            .order_by("pk")[:200]
        )
        if not batch:
            return sent
        for signature in batch:
            last_pk = signature.pk
            key = confirmation_key(signature.pk)
            if signature.is_erased or not signature.email:
                done = True
            else:
                sent_now = send_once_or_retry(
                    key=key,
                    build=lambda signature=signature: confirmation_message(signature),
                    task=send_accepted_confirmations,
                )
                sent += sent_now
                # Another run holding a live claim on this email marks it itself.
                done = sent_now or email_was_sent(key)
                if not done and not email_is_claimed(key):
                    return sent  # refused and rescheduled: the rest waits for that run
            if done:
                Signature.objects.filter(pk=signature.pk).update(confirmation_held=False)


@task(queue_name=DEFAULT)
def import_signatures(batch_id: int) -> int:
    """Import the staged rows of a CSV of past signatures (petitions/imports.py). Sends
    nothing to anyone; safe to run twice. Returns how many signatures it holds."""
    from .imports import signature_import_run

    batch = signature_import_run(batch_id=batch_id)
    return batch.imported if batch else 0
