"""`manage.py stripe_reconcile`: after a webhook outage, nothing is lost and nothing doubles."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from donations.models import Donation, DonationStatus, EventSource, Payment, StripeEvent

pytestmark = pytest.mark.django_db


def test_events_missed_during_an_outage_are_fetched_and_processed_once(
    stripe_on, start_donation, deliver, capsys, django_capture_on_commit_callbacks
):
    start_donation(amount="25.00")
    start_donation(frequency="monthly", amount="10.00", email="grace@example.org")
    one_off, monthly = Donation.objects.order_by("pk")
    # The one-off's event arrives; everything about the monthly one is lost.
    [completed] = stripe_on.complete_checkout(one_off.stripe_checkout_session_id)
    deliver(completed)
    stripe_on.complete_checkout(monthly.stripe_checkout_session_id)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("stripe_reconcile", "--since", "3d")

    assert "3 listed, 2 new to us, 2 processed now" in capsys.readouterr().out
    monthly.refresh_from_db()
    assert monthly.status == DonationStatus.ACTIVE
    assert Payment.objects.filter(donation=monthly).count() == 1
    assert Payment.objects.filter(donation=one_off).count() == 1
    assert StripeEvent.objects.filter(source=EventSource.RECONCILE).count() == 2
    assert len(mail.outbox) == 2

    # Run again, and let Stripe's late delivery of a missed event arrive too: nothing changes.
    call_command("stripe_reconcile", "--since", "3d")
    assert "3 listed, 0 new to us, 0 processed now" in capsys.readouterr().out
    assert deliver(completed)["duplicate"] is True
    assert Payment.objects.count() == 2
    assert len(mail.outbox) == 2


def test_reconcile_retries_events_stored_but_not_processed(
    stripe_on, start_donation, deliver, capsys
):
    start_donation()
    donation = Donation.objects.get()
    [completed] = stripe_on.complete_checkout(donation.stripe_checkout_session_id)
    stripe_on.fail_next(500, path_contains="/v1/checkout/sessions/")
    deliver(completed)
    assert StripeEvent.objects.get().processed_at is None

    call_command("stripe_reconcile", "--since", "1h")

    assert "1 listed, 0 new to us, 1 processed now" in capsys.readouterr().out
    assert Payment.objects.count() == 1


def test_reconcile_follows_stripes_pages(stripe_on, start_donation, capsys):
    """More events than one page of Stripe's list (100): all are read, the payment made once."""
    start_donation()
    donation = Donation.objects.get()
    stripe_on.complete_checkout(donation.stripe_checkout_session_id)
    session = stripe_on.object(donation.stripe_checkout_session_id)
    for _ in range(120):
        stripe_on.event("checkout.session.completed", session)

    call_command("stripe_reconcile", "--since", "90m")

    assert "121 listed, 121 new to us, 121 processed now" in capsys.readouterr().out
    assert len(stripe_on.requests_to("GET", "/v1/events")) == 2
    assert Payment.objects.count() == 1


def test_reconcile_when_stripe_is_down_says_so_and_changes_nothing(stripe_on):
    stripe_on.fail_next(500, times=5)
    with pytest.raises(CommandError, match="Stripe is unavailable"):
        call_command("stripe_reconcile", "--since", "3d")
    assert not StripeEvent.objects.exists()


def test_reconcile_without_stripe_configured():
    with pytest.raises(CommandError, match="STRIPE_SECRET_KEY"):
        call_command("stripe_reconcile")


@pytest.mark.parametrize("since", ["3", "three days", "31d", "-1d"])
def test_reconcile_refuses_a_bad_since(since):
    with pytest.raises(CommandError):
        call_command("stripe_reconcile", "--since", since)


def test_reconcile_retries_stored_events_that_are_due_even_when_stripe_no_longer_lists_them(
    stripe_on, start_donation, deliver, capsys
):
    start_donation()
    donation = Donation.objects.get()
    [completed] = stripe_on.complete_checkout(donation.stripe_checkout_session_id)
    # A copy under an id Stripe's list does not hold (older than --since, say).
    stripe_on.fail_next(500, path_contains="/v1/checkout/sessions/")
    deliver({**completed, "id": "evt_older_than_the_window"})
    stored = StripeEvent.objects.get(stripe_id="evt_older_than_the_window")
    assert stored.processed_at is None

    # Not due yet: reconcile lists Stripe's own event (and processes it), leaves ours alone.
    call_command("stripe_reconcile", "--since", "1h")
    assert "1 listed, 1 new to us, 1 processed now" in capsys.readouterr().out
    stored.refresh_from_db()
    assert stored.processed_at is None

    StripeEvent.objects.filter(pk=stored.pk).update(next_attempt_at=timezone.now())
    call_command("stripe_reconcile", "--since", "1h")
    assert "1 listed, 0 new to us, 1 processed now" in capsys.readouterr().out
    stored.refresh_from_db()
    assert stored.processed_at is not None
    assert Payment.objects.count() == 1
