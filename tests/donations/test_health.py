"""The Stripe backlog the health status and the Operations panel show."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from donations.health import stripe_backlog
from tests.factories import StripeEventFactory

pytestmark = pytest.mark.django_db


@override_settings(STRIPE_SECRET_KEY="sk_test_x")
def test_counts_stored_events_not_yet_processed_and_the_oldest_wait():
    StripeEventFactory()  # processed
    StripeEventFactory(
        processed_at=None, received_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    StripeEventFactory(processed_at=None, last_error="Stripe answered 500", attempts=2)

    backlog = stripe_backlog()

    assert backlog.connected
    assert backlog.waiting == 2
    assert backlog.failing == 1
    assert 590 <= backlog.oldest_waiting_seconds <= 660


@override_settings(STRIPE_SECRET_KEY="")
def test_says_when_stripe_is_not_set_up():
    assert stripe_backlog().connected is False
    assert stripe_backlog().waiting == 0
