"""The Stripe backlog, for the health status and the admin's Operations panel."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from core.health import Backlog, seconds_since

from .models import StripeEvent


def stripe_backlog() -> Backlog:
    """Stored Stripe events not processed yet: each is a payment, refund or
    subscription change not yet recorded here. Failing: the last try raised."""
    figures = StripeEvent.objects.filter(processed_at__isnull=True).aggregate(
        waiting=Count("pk"),
        failing=Count("pk", filter=~Q(last_error="")),
        oldest=Min("received_at"),
    )
    return Backlog(
        waiting=figures["waiting"],
        failing=figures["failing"],
        oldest_waiting_seconds=seconds_since(figures["oldest"], timezone.now()),
        connected=bool(settings.STRIPE_SECRET_KEY),
    )
