"""Recovery after an outage: Stripe's recent events, and stored ones due again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import EventSource, StripeEvent
from ..stripe_gateway import StripeGateway
from .events import HANDLED_EVENT_TYPES, _event_create, stripe_event_process
from .records import RECONCILE_DUE_BATCH

# --- Recovery ----------------------------------------------------------------------------


@dataclass
class ReconcileReport:
    listed: int = 0
    new: int = 0
    processed: int = 0
    failed: list[str] = field(default_factory=list)


def stripe_reconcile(*, since: datetime.timedelta) -> ReconcileReport:
    """Fetch Stripe's events of the last `since` and process any we missed or failed on.

    After a webhook outage this loses nothing: events we never received are
    stored (as from reconciliation) and processed; ones we stored but could not
    process are tried again now; ones already processed are left alone. Stored
    events whose next attempt is due are retried too, listed or not (their
    scheduled run may have been lost with a queue that cannot defer).
    """
    report = ReconcileReport()
    start = timezone.now() - since
    listed: set[int] = set()
    for event in StripeGateway().events_list(
        created_after=int(start.timestamp()), types=HANDLED_EVENT_TYPES
    ):
        report.listed += 1
        try:
            with transaction.atomic():
                stored = _event_create(
                    event, source=EventSource.RECONCILE, next_attempt_at=timezone.now()
                )
            report.new += 1
        except IntegrityError:
            stored = StripeEvent.objects.get(stripe_id=event["id"])
        listed.add(stored.pk)
        if stored.processed_at is not None:
            continue
        # Someone asked for this now (after an outage): no backoff window applies.
        if stripe_event_process(event_pk=stored.pk, force=True):
            report.processed += 1
        else:
            report.failed.append(stored.stripe_id)
    due = (
        StripeEvent.objects.filter(processed_at__isnull=True, next_attempt_at__lte=timezone.now())
        .exclude(pk__in=listed)
        .order_by("next_attempt_at")
        .values_list("pk", "stripe_id")[:RECONCILE_DUE_BATCH]
    )
    for event_pk, stripe_id in list(due):
        if stripe_event_process(event_pk=event_pk):
            report.processed += 1
        elif StripeEvent.objects.filter(pk=event_pk, processed_at__isnull=True).exists():
            report.failed.append(stripe_id)
    return report
