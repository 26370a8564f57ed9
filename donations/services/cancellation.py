"""Ending an erased donor's subscription in Stripe, retried until Stripe confirms."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.tasks import backoff_seconds, enqueue_later

from .. import tasks
from ..models import Donation, DonationStatus
from ..stripe_gateway import (
    ENDED_SUBSCRIPTION_STATUSES,
    StripeGateway,
    StripeNotConfigured,
    StripeRequestError,
    StripeUnavailable,
)
from .endings import _subscription_ended
from .records import RECONCILE_DUE_BATCH, _lease_end, _lock

logger = logging.getLogger(__name__)


# --- Ending an erased donor's subscription ---------------------------------------------

#: The first wait before Stripe is asked again to end a subscription; it doubles (capped).
CANCEL_RETRY_BASE_SECONDS = 60.0
CANCEL_RETRY_CAP_SECONDS = 3600.0
CANCEL_COMMENT = "The donor asked for their personal data to be erased."


@dataclass(frozen=True)
class SubscriptionCancelOutcome:
    """Where ending one subscription stands: cancelled (Stripe confirmed), or still
    active with the reason, and when the next try is due."""

    subscription_id: str
    cancelled: bool
    reason: str = ""
    retry_at: datetime.datetime | None = None

    @property
    def status(self) -> str:
        if self.cancelled:
            return "cancelled"
        return f"still active — {self.reason}; retrying in the background"


def _subscription_cancel_queue(donation_pk: int, due: datetime.datetime) -> None:
    transaction.on_commit(lambda: tasks.cancel_subscription.enqueue(donation_pk, due.isoformat()))


def _subscription_cancel_request(*, donation_pk: int) -> bool:
    """Ask for this donation's subscription to be ended (due now), unless it has ended or
    is being ended already. True if asked now."""
    now = timezone.now()
    asked = (
        Donation.objects.subscription_running()
        .filter(pk=donation_pk, cancel_next_attempt_at__isnull=True)
        .update(cancel_requested_at=now, cancel_next_attempt_at=now, cancel_last_error="")
    )
    if asked:
        _subscription_cancel_queue(donation_pk, now)
    return bool(asked)


def subscriptions_cancel_request(*, donations: list[Donation]) -> list[int]:
    """Mark for cancellation in Stripe every subscription of these donations that may still
    charge; returns their ids. Nothing is queued: the caller tries each once right after
    its transaction commits (`donation_subscription_cancel`), and a failure schedules the
    retries. A caller that stops before then leaves them due for `stripe_reconcile`."""
    now = timezone.now()
    running = list(
        Donation.objects.subscription_running()
        .filter(pk__in=[donation.pk for donation in donations])
        .values_list("pk", flat=True)
    )
    Donation.objects.filter(pk__in=running).update(
        cancel_requested_at=now, cancel_next_attempt_at=now, cancel_last_error=""
    )
    return running


def _cancel_attempt_claim(donation_pk: int, *, due: datetime.datetime | None) -> bool:
    """Take the attempt that is due (or the one this run was queued for), moving the due
    time on by a task lease so a duplicate run steps aside (as for Stripe events)."""
    now = timezone.now()
    current = (
        Donation.objects.filter(pk=donation_pk, cancel_next_attempt_at__isnull=False)
        .values_list("cancel_next_attempt_at", flat=True)
        .first()
    )
    if current is None or not (current <= now or current == due):
        return False
    return bool(
        Donation.objects.filter(pk=donation_pk, cancel_next_attempt_at=current).update(
            cancel_next_attempt_at=_lease_end(now)
        )
    )


def donation_subscription_cancel(
    *, donation_pk: int, due: datetime.datetime | None = None
) -> SubscriptionCancelOutcome | None:
    """Ask Stripe to end this donation's subscription now, once; say where it stands.

    Needs only the subscription id (the donor's details are gone by now). Cancelled
    means Stripe confirmed the subscription has ended, whoever ended it; one that
    ended already counts as cancelled. Otherwise the reason is recorded on the
    donation with the time of the next try (backoff with jitter) and a run of the
    `cancel_subscription` task is queued for then, until Stripe confirms. Returns
    None when there is nothing to do here: no cancellation asked for, or another
    run holds the attempt.
    """
    donation = Donation.objects.filter(pk=donation_pk).first()
    if donation is None or donation.cancel_next_attempt_at is None:
        return None
    subscription_id = donation.stripe_subscription_id or ""
    if not _cancel_attempt_claim(donation_pk, due=due):
        return None
    if donation.status == DonationStatus.CANCELLED or not subscription_id:
        Donation.objects.filter(pk=donation_pk).update(cancel_next_attempt_at=None)
        return SubscriptionCancelOutcome(subscription_id=subscription_id, cancelled=True)
    try:
        subscription = StripeGateway().subscription_cancel(subscription_id, comment=CANCEL_COMMENT)
    except (StripeUnavailable, StripeNotConfigured) as error:
        reason = f"Stripe did not answer ({error})"
    except StripeRequestError as error:
        reason = f"Stripe refused ({error})"
    else:
        if subscription.get("status") in ENDED_SUBSCRIPTION_STATUSES:
            with transaction.atomic():
                _subscription_ended(_lock(donation), subscription)
                Donation.objects.filter(pk=donation_pk).update(
                    cancel_next_attempt_at=None, cancel_attempts=F("cancel_attempts") + 1
                )
            return SubscriptionCancelOutcome(subscription_id=subscription_id, cancelled=True)
        reason = f"Stripe says it is {subscription.get('status') or 'unknown'}"
    attempts = donation.cancel_attempts + 1
    retry_at = timezone.now() + datetime.timedelta(
        seconds=backoff_seconds(
            attempts - 1, base=CANCEL_RETRY_BASE_SECONDS, cap=CANCEL_RETRY_CAP_SECONDS
        )
    )
    Donation.objects.filter(pk=donation_pk).update(
        cancel_attempts=F("cancel_attempts") + 1,
        cancel_last_error=reason[:500],
        cancel_next_attempt_at=retry_at,
    )
    enqueue_later(tasks.cancel_subscription, retry_at, donation_pk, retry_at.isoformat())
    logger.warning("Subscription %s not cancelled: %s", subscription_id, reason)
    return SubscriptionCancelOutcome(
        subscription_id=subscription_id, cancelled=False, reason=reason, retry_at=retry_at
    )


def subscription_cancellations_due() -> list[SubscriptionCancelOutcome]:
    """Try now every cancellation whose next attempt is due (for `stripe_reconcile`)."""
    due = Donation.objects.filter(cancel_next_attempt_at__lte=timezone.now()).order_by(
        "cancel_next_attempt_at"
    )
    outcomes = []
    for donation_pk in list(due.values_list("pk", flat=True)[:RECONCILE_DUE_BATCH]):
        outcome = donation_subscription_cancel(donation_pk=donation_pk)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes
