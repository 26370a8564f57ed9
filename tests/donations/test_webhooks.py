"""Stripe's webhook: only signed events get in, and each payment, renewal and refund is
recorded exactly once, whatever the duplicates and the order of arrival."""

import datetime
import json
import time

import pytest
from django.core import mail
from django.db.models import F
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from donations.models import Donation, DonationStatus, Payment, PaymentStatus, StripeEvent
from donations.stripe_gateway import StripeGateway
from tests.fakes.stripe import event_body, sign

from .conftest import post_webhook, run_due_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_off(stripe_on, start_donation):
    """A £25 one-off donation whose donor has paid on Checkout; returns (donation, events)."""
    start_donation(amount="25.00")
    donation = Donation.objects.get()
    events = stripe_on.complete_checkout(
        donation.stripe_checkout_session_id, email="ada@example.org"
    )
    return donation, events


@pytest.fixture
def monthly(stripe_on, start_donation):
    """A £10 monthly donation paid on Checkout; events are [invoice.paid, checkout.session.completed]."""
    start_donation(frequency="monthly", amount="10.00")
    donation = Donation.objects.get()
    events = stripe_on.complete_checkout(
        donation.stripe_checkout_session_id, email="ada@example.org"
    )
    return donation, events


# --- Only Stripe gets in ---------------------------------------------------------------


def test_missing_signature_is_refused(client, stripe_on, one_off):
    response = post_webhook(client, one_off[1][0], signature=False)
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_signature_made_with_another_secret_is_refused(client, stripe_on, one_off):
    response = post_webhook(client, one_off[1][0], secret="whsec_someone_else")
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_stale_timestamp_is_refused(client, stripe_on, one_off):
    response = post_webhook(client, one_off[1][0], timestamp=int(time.time()) - 301)
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_tampered_body_is_refused(client, stripe_on, one_off):
    event = one_off[1][0]
    signature = sign(event_body(event))
    event["data"]["object"]["amount_total"] = 1
    response = post_webhook(client, event, signature=signature)
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_garbage_with_a_valid_signature_is_refused(client, stripe_on):
    response = post_webhook(client, b"not json at all")
    assert response.status_code == 400


def test_without_a_webhook_secret_nothing_is_accepted(client, stripe_on, one_off, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = post_webhook(client, one_off[1][0])
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_get_is_not_allowed(client):
    assert client.get("/webhooks/stripe/").status_code == 405


# --- One-off donations -------------------------------------------------------------------


def test_one_event_delivered_five_times_records_one_payment_and_one_receipt(
    stripe_on, one_off, deliver
):
    donation, [completed] = one_off

    answers = [deliver(completed) for _ in range(5)]

    assert [answer["duplicate"] for answer in answers] == [False, True, True, True, True]
    payment = Payment.objects.get()
    assert (payment.amount_minor, payment.currency, payment.status) == (2500, "GBP", "paid")
    assert payment.stripe_id.startswith("pi_")
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert donation.stripe_customer_id.startswith("cus_")
    assert StripeEvent.objects.get().processed_at is not None
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["ada@example.org"]
    assert "£25" in receipt.body
    assert "Gift Aid" not in receipt.body
    assert "cancel your monthly donation" not in receipt.body


def test_receipt_carries_gift_aid_wording_when_declared(stripe_on, start_donation, deliver):
    start_donation(
        gift_aid="on",
        first_name="Ada",
        last_name="Lovelace",
        address="12 St James's Square\nLondon",
        postcode="SW1Y 4JH",
    )
    donation = Donation.objects.get()
    [completed] = stripe_on.complete_checkout(donation.stripe_checkout_session_id)

    deliver(completed)

    assert "we will claim Gift Aid on this donation" in mail.outbox[0].body
    assert "I am a UK taxpayer" in mail.outbox[0].body


def test_an_abandoned_checkout_stops_counting_as_pending(stripe_on, start_donation, deliver):
    start_donation()
    donation = Donation.objects.get()
    expired = stripe_on.expire_checkout(donation.stripe_checkout_session_id)

    deliver(expired)
    deliver(expired)

    donation.refresh_from_db()
    assert donation.status == DonationStatus.EXPIRED
    assert not Payment.objects.exists()
    assert mail.outbox == []


def test_an_expiry_never_undoes_a_payment(stripe_on, one_off, deliver):
    donation, [completed] = one_off
    deliver(completed)
    # A stray expiry for the same session (it cannot expire once paid) changes nothing.
    deliver({**completed, "type": "checkout.session.expired", "id": "evt_stray_expiry"})
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID


def test_refund_after_payment(stripe_on, one_off, deliver):
    donation, [completed] = one_off
    deliver(completed)
    charge = stripe_on.charge_for(session_id=donation.stripe_checkout_session_id)

    partial = stripe_on.refund(charge, amount=1000)
    deliver(partial)
    deliver(partial)
    payment = Payment.objects.get()
    assert (payment.amount_refunded_minor, payment.status) == (
        1000,
        PaymentStatus.PARTIALLY_REFUNDED,
    )
    assert Donation.objects.get().status == DonationStatus.PAID

    rest = stripe_on.refund(charge)
    deliver(rest)
    deliver(partial)  # a late duplicate of the first refund changes nothing
    payment.refresh_from_db()
    assert (payment.amount_refunded_minor, payment.status) == (2500, PaymentStatus.REFUNDED)
    assert Donation.objects.get().status == DonationStatus.REFUNDED
    assert Payment.objects.count() == 1


def test_refund_arriving_before_the_payment_event_still_ends_right(stripe_on, one_off, deliver):
    donation, [completed] = one_off
    charge = stripe_on.charge_for(session_id=donation.stripe_checkout_session_id)
    refunded = stripe_on.refund(charge)

    deliver(refunded)
    deliver(completed)

    payment = Payment.objects.get()
    assert (payment.status, payment.amount_refunded_minor) == (PaymentStatus.REFUNDED, 2500)
    assert Donation.objects.get().status == DonationStatus.REFUNDED


def test_delayed_payment_is_processing_until_it_succeeds(stripe_on, start_donation, deliver):
    start_donation()
    donation = Donation.objects.get()
    [completed] = stripe_on.complete_checkout(donation.stripe_checkout_session_id, paid=False)

    deliver(completed)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PROCESSING
    assert not Payment.objects.exists()
    assert mail.outbox == []

    deliver(stripe_on.settle_async(donation.stripe_checkout_session_id, succeeded=True))
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert Payment.objects.get().status == PaymentStatus.PAID
    assert len(mail.outbox) == 1


def test_delayed_payment_success_overtaking_completion(stripe_on, start_donation, deliver):
    start_donation()
    donation = Donation.objects.get()
    [completed] = stripe_on.complete_checkout(donation.stripe_checkout_session_id, paid=False)
    succeeded = stripe_on.settle_async(donation.stripe_checkout_session_id, succeeded=True)

    deliver(succeeded)
    deliver(completed)  # says "unpaid" in its payload, but Stripe now says paid

    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert Payment.objects.count() == 1


def test_delayed_payment_failure(stripe_on, start_donation, deliver):
    start_donation()
    donation = Donation.objects.get()
    [completed] = stripe_on.complete_checkout(donation.stripe_checkout_session_id, paid=False)
    deliver(completed)
    deliver(stripe_on.settle_async(donation.stripe_checkout_session_id, succeeded=False))

    donation.refresh_from_db()
    assert donation.status == DonationStatus.FAILED
    assert not Payment.objects.exists()


# --- Monthly donations -------------------------------------------------------------------


def test_monthly_first_month_recorded_once_in_stripes_order_with_duplicates(
    stripe_on, monthly, deliver
):
    donation, [invoice_paid, completed] = monthly

    for event in [invoice_paid, completed, invoice_paid, completed, completed]:
        deliver(event)

    donation.refresh_from_db()
    assert donation.status == DonationStatus.ACTIVE
    assert donation.stripe_subscription_id.startswith("sub_")
    payment = Payment.objects.get()
    assert payment.stripe_id.startswith("in_")
    assert payment.stripe_payment_intent_id.startswith("pi_")
    assert (payment.amount_minor, payment.status) == (1000, PaymentStatus.PAID)
    assert len(mail.outbox) == 1
    assert "/donations/manage/" in mail.outbox[0].body


def test_invoice_paid_before_checkout_completed_still_ends_right(stripe_on, monthly, deliver):
    donation, [invoice_paid, completed] = monthly

    deliver(invoice_paid)
    donation.refresh_from_db()
    # Found through the subscription's metadata, before the session event came.
    assert donation.status == DonationStatus.ACTIVE
    assert Payment.objects.count() == 1

    deliver(completed)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.ACTIVE
    assert donation.stripe_checkout_session_id
    assert Payment.objects.count() == 1


def test_checkout_completed_before_invoice_paid_also_ends_right(stripe_on, monthly, deliver):
    donation, [invoice_paid, completed] = monthly
    deliver(completed)
    deliver(invoice_paid)
    assert Payment.objects.count() == 1
    assert Donation.objects.get().status == DonationStatus.ACTIVE


def test_each_monthly_renewal_is_its_own_payment(stripe_on, monthly, deliver):
    donation, events = monthly
    for event in events:
        deliver(event)
    donation.refresh_from_db()

    second = stripe_on.renew(donation.stripe_subscription_id)
    third = stripe_on.renew(donation.stripe_subscription_id)
    for event in [third, second, third, second]:
        deliver(event)

    assert Payment.objects.filter(donation=donation, status=PaymentStatus.PAID).count() == 3
    assert donation.total_received_minor() == 3000
    assert len(mail.outbox) == 3


def test_failed_renewal_then_successful_retry(stripe_on, monthly, deliver):
    donation, events = monthly
    for event in events:
        deliver(event)
    donation.refresh_from_db()

    failed = stripe_on.renew(donation.stripe_subscription_id, paid=False)
    deliver(failed)
    month = Payment.objects.get(stripe_id=failed["data"]["object"]["id"])
    assert month.status == PaymentStatus.FAILED
    assert len(mail.outbox) == 1  # no receipt for a failure

    retried = stripe_on.retry_invoice_paid(month.stripe_id)
    deliver(retried)
    deliver(failed)  # the old failure, redelivered late, does not undo the payment
    month.refresh_from_db()
    assert month.status == PaymentStatus.PAID
    assert Payment.objects.filter(donation=donation).count() == 2
    assert len(mail.outbox) == 2


def test_refund_of_a_renewal(stripe_on, monthly, deliver):
    donation, events = monthly
    for event in events:
        deliver(event)
    donation.refresh_from_db()
    renewal = stripe_on.renew(donation.stripe_subscription_id)
    invoice_id = renewal["data"]["object"]["id"]

    # The refund arrives before the renewal it returns.
    deliver(stripe_on.refund(stripe_on.charge_for(invoice_id=invoice_id)))
    deliver(renewal)

    month = Payment.objects.get(stripe_id=invoice_id)
    assert month.status == PaymentStatus.REFUNDED
    donation.refresh_from_db()
    assert donation.status == DonationStatus.ACTIVE  # one month refunded, the donation goes on
    assert donation.total_received_minor() == 1000


def test_cancelled_subscription(stripe_on, monthly, deliver):
    donation, events = monthly
    for event in events:
        deliver(event)
    donation.refresh_from_db()

    cancelled = stripe_on.cancel_subscription(donation.stripe_subscription_id)
    deliver(cancelled)
    deliver(events[0])  # a late first-month event does not revive it

    donation.refresh_from_db()
    assert donation.status == DonationStatus.CANCELLED
    assert donation.cancelled_at is not None


# --- Failures and strangers ------------------------------------------------------------


def _backoff_window_passes(stored: StripeEvent) -> None:
    StripeEvent.objects.filter(pk=stored.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_processing_failure_is_kept_and_a_redelivery_after_the_backoff_recovers(
    stripe_on, one_off, deliver
):
    donation, [completed] = one_off
    stripe_on.fail_next(500, path_contains="/v1/checkout/sessions/")

    assert deliver(completed) == {"received": True, "duplicate": False}
    stored = StripeEvent.objects.get()
    assert stored.processed_at is None
    assert "StripeUnavailable" in stored.last_error
    assert stored.next_attempt_at > timezone.now()
    assert not Payment.objects.exists()

    _backoff_window_passes(stored)
    deliver(completed)  # Stripe retries
    stored.refresh_from_db()
    assert stored.processed_at is not None
    assert stored.next_attempt_at is None
    assert Payment.objects.count() == 1


def test_a_hundred_deliveries_of_an_event_that_cannot_be_processed_cost_one_stripe_call(
    stripe_on, one_off, deliver
):
    donation, [completed] = one_off
    session_path = f"/v1/checkout/sessions/{donation.stripe_checkout_session_id}"
    stripe_on.fail_next(500, times=1000, path_contains=session_path)

    answers = [deliver(completed) for _ in range(100)]

    assert sum(answer["duplicate"] for answer in answers) == 99
    assert len(stripe_on.requests_to("GET", session_path)) == 1
    stored = StripeEvent.objects.get()
    assert (stored.attempts, stored.processed_at) == (1, None)

    # Once the backoff window has passed, the next delivery tries again (once).
    _backoff_window_passes(stored)
    for _ in range(10):
        deliver(completed)
    assert len(stripe_on.requests_to("GET", session_path)) == 2
    assert StripeEvent.objects.get().attempts == 2


def test_duplicate_deliveries_queue_one_processing_run_per_backoff_window(
    stripe_on, one_off, client, database_queue, django_capture_on_commit_callbacks
):
    """On the database queue nothing runs at once: a hundred copies still queue one run."""
    donation, [completed] = one_off
    for _ in range(100):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_webhook(client, completed).status_code == 200

    runs = DBTaskResult.objects.filter(task_path="donations.tasks.process_stripe_event")
    assert runs.count() == 1
    assert runs.get().queue_name == "payments"

    assert run_due_tasks("payments") == 1
    assert StripeEvent.objects.get().processed_at is not None
    assert Payment.objects.count() == 1


def test_a_failed_run_schedules_its_own_retry_and_a_stale_run_steps_aside(
    stripe_on, one_off, client, database_queue, django_capture_on_commit_callbacks
):
    donation, [completed] = one_off
    session_path = f"/v1/checkout/sessions/{donation.stripe_checkout_session_id}"
    stripe_on.fail_next(500, path_contains=session_path)
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, completed)
    assert run_due_tasks("payments") == 1

    stored = StripeEvent.objects.get()
    assert (stored.attempts, stored.processed_at) == (1, None)
    [retry] = DBTaskResult.objects.filter(
        task_path="donations.tasks.process_stripe_event", status=TaskResultStatus.READY
    )
    assert abs((retry.run_after - stored.next_attempt_at).total_seconds()) < 1

    # The first run, re-queued by the sweep as if its worker had died, changes nothing.
    from donations.tasks import process_stripe_event

    [first] = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL)
    process_stripe_event.call(*first.args_kwargs["args"])
    assert len(stripe_on.requests_to("GET", session_path)) == 1

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    StripeEvent.objects.update(next_attempt_at=F("next_attempt_at") - datetime.timedelta(hours=2))
    assert run_due_tasks("payments") == 1
    assert StripeEvent.objects.get().processed_at is not None
    assert Payment.objects.count() == 1


def test_events_about_other_things_are_stored_and_ignored(stripe_on, deliver):
    event = {
        "id": "evt_unrelated",
        "object": "event",
        "type": "customer.created",
        "created": int(time.time()),
        "data": {"object": {"id": "cus_x", "object": "customer"}},
    }
    deliver(event)
    assert StripeEvent.objects.get().processed_at is not None
    assert not Donation.objects.exists()


def test_a_session_that_is_not_ours_is_ignored(stripe_on, deliver):
    """Another integration on the same Stripe account (a shop) sells a mug."""
    session = StripeGateway().checkout_session_create(
        params={
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {
                        "currency": "gbp",
                        "unit_amount": 500,
                        "product_data": {"name": "Mug"},
                    },
                    "quantity": 1,
                }
            ],
            "success_url": "https://shop.example.org/ok",
        },
        idempotency_key="shop-1",
    )
    [completed] = stripe_on.complete_checkout(session["id"])
    deliver(completed)
    assert StripeEvent.objects.get().processed_at is not None
    assert not Payment.objects.exists()


def test_webhook_answers_quickly_even_when_processing_cannot_reach_stripe(
    stripe_on, one_off, client, settings
):
    """Stored first, 200 at once: processing waits for the worker (here: not run at all)."""
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    response = post_webhook(client, one_off[1][0])
    assert response.status_code == 200
    assert json.loads(response.content) == {"received": True, "duplicate": False}
    assert StripeEvent.objects.get().processed_at is None
