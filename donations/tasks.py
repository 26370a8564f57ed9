"""Work done after a request has answered: processing Stripe events and sending receipts.

Each task is safe to run twice (the sweep re-queues one whose worker died) and
never sleeps: one that fails against an outside service schedules its own
retry with backoff and returns.
"""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from core.emails import EmailNotSent
from core.models import EmailSend
from core.tasks import EMAILS, PAYMENTS, backoff_seconds, enqueue_later

logger = logging.getLogger(__name__)

#: The first wait before a refused receipt is tried again; it doubles each time.
RECEIPT_RETRY_BASE_SECONDS = 60


@task(queue_name=PAYMENTS)
def process_stripe_event(event_pk: int, due: str | None = None) -> None:
    """Process one stored event; `due` is the attempt this run was queued for.

    A run whose attempt has been taken or replaced meanwhile (a duplicate, or one
    the sweep re-queued) steps aside without calling Stripe.
    """
    from .services import stripe_event_process

    stripe_event_process(
        event_pk=event_pk, due=datetime.datetime.fromisoformat(due) if due else None
    )


@task(queue_name=PAYMENTS)
def cancel_subscription(donation_pk: int, due: str | None = None) -> None:
    """Ask Stripe again to end an erased donor's subscription; `due` is the attempt this
    run was queued for. A failure queues the next run itself (with backoff)."""
    from .services import donation_subscription_cancel

    donation_subscription_cancel(
        donation_pk=donation_pk, due=datetime.datetime.fromisoformat(due) if due else None
    )


@task(queue_name=EMAILS)
def send_receipt(payment_pk: int) -> None:
    """Thank the donor for one payment, once (see `payment_receipt_send`).

    If the mail server refuses, the receipt is tried again later; a worker that
    dies mid-send leaves a claim the next run takes over once its lease is out.
    """
    from .services import payment_receipt_send, receipt_email_key

    try:
        payment_receipt_send(payment_pk=payment_pk)
    except EmailNotSent as error:
        attempts = (
            EmailSend.objects.filter(key=receipt_email_key(payment_pk))
            .values_list("attempts", flat=True)
            .first()
        ) or 1
        when = timezone.now() + datetime.timedelta(
            seconds=backoff_seconds(attempts - 1, base=RECEIPT_RETRY_BASE_SECONDS)
        )
        if not enqueue_later(send_receipt, when, payment_pk):
            raise  # nowhere to keep a retry: fail loudly instead
        logger.warning(
            "Receipt for payment %s not sent (%s); retrying at %s", payment_pk, error, when
        )
