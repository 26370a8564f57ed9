"""Work done after a request has answered: processing Stripe events and sending receipts.

Each task is safe to run twice (the sweep re-queues one whose worker died) and
never sleeps: one that fails against an outside service schedules its own
retry with backoff and returns.
"""

from __future__ import annotations

import datetime
import logging

from django_tasks import task

from core.tasks import EMAILS, PAYMENTS

logger = logging.getLogger(__name__)


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
    from .services import payment_receipt_send

    payment_receipt_send(payment_pk=payment_pk, task=send_receipt)
