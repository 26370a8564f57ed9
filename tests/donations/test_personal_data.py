"""Donors take part in the shared export/erase mechanism; erasure keeps what the law requires."""

import io
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.personal_data import personal_data_erase, personal_data_export
from donations.models import Donation, DonationStatus, GiftAidDeclaration, Payment, StripeEvent
from donations.tasks import cancel_subscription
from tests.factories import DonationFactory, GiftAidDeclarationFactory, PaymentFactory

from .conftest import run_due_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def donor():
    donation = DonationFactory(
        name="Ada Lovelace", email="Ada@Example.org", status="paid", stripe_customer_id="cus_1"
    )
    GiftAidDeclarationFactory(donation=donation)
    PaymentFactory(donation=donation)
    DonationFactory(name="Someone Else", email="other@example.org")
    return donation


def test_export_lists_donations_payments_and_declaration(donor):
    [exported] = personal_data_export(email="ada@example.org")["donations"]
    assert exported["name"] == "Ada Lovelace"
    assert exported["amount"] == "£25"
    assert exported["payments"][0]["status"] == "Paid"
    assert exported["gift_aid_declaration"]["postcode"] == "SW1Y 4JH"


def test_erase_removes_the_donor_and_keeps_amounts_and_gift_aid_and_says_so(donor):
    outcome = personal_data_erase(email="ada@example.org")["donations"]

    donor.refresh_from_db()
    assert (donor.name, donor.email, donor.stripe_customer_id) == ("", "", "")
    assert donor.erased_at is not None
    assert Payment.objects.get().amount_minor == 2500
    assert GiftAidDeclaration.objects.get().last_name == "Lovelace"
    assert "kept the amounts and dates" in outcome
    assert "HMRC requires us to keep for six years" in outcome
    assert Donation.objects.get(email="other@example.org").name == "Someone Else"
    assert personal_data_export(email="ada@example.org")["donations"] == []


def test_the_management_command_covers_donations(donor, capsys):
    call_command("personal_data", "erase", "ada@example.org", "--yes")
    assert "donations" in capsys.readouterr().out
    donor.refresh_from_db()
    assert donor.email == ""


def test_an_erased_monthly_donor_stays_erased_when_stripe_bills_again(
    stripe_on, start_donation, deliver
):
    start_donation(frequency="monthly", amount="10.00", email="grace@example.org")
    donation = Donation.objects.get()
    for event in stripe_on.complete_checkout(
        donation.stripe_checkout_session_id, email="grace@example.org"
    ):
        deliver(event)
    donation.refresh_from_db()
    subscription = donation.stripe_subscription_id
    personal_data_erase(email="grace@example.org")
    mail.outbox.clear()

    later = [
        stripe_on.renew(subscription),
        stripe_on.event(
            "checkout.session.completed", stripe_on.object(donation.stripe_checkout_session_id)
        ),
    ]
    assert "grace@example.org" in json.dumps(later)  # Stripe still sends who they are
    for event in later:
        deliver(event)

    donation.refresh_from_db()
    assert (donation.name, donation.email, donation.stripe_customer_id) == ("", "", "")
    assert Payment.objects.filter(donation=donation).count() == 2  # the money is still counted
    assert mail.outbox == []  # nobody left to send a receipt to
    for stored in StripeEvent.objects.filter(stripe_id__in=[event["id"] for event in later]):
        assert _mentions(stored, "grace@example.org", "A Donor", "SW1Y", "cus_") == []
        assert stored.processed_at is not None


# --- Stripe's stored events ----------------------------------------------------------------


def _mentions(event: StripeEvent, *needles: str) -> list[str]:
    text = json.dumps(event.payload).lower()
    return [needle for needle in needles if needle.lower() in text]


def test_erasure_scrubs_the_donor_from_every_stored_stripe_event(
    stripe_on, start_donation, deliver
):
    """Checkout's customer_details, the invoice's customer_email and address, the
    charge's billing_details: none of it stays once the donor is erased."""
    start_donation(amount="25.00", email="grace@example.org", name="Grace Hopper")
    start_donation(frequency="monthly", amount="10.00", email="grace@example.org")
    start_donation(amount="5.00", email="other@example.org", name="Someone Else")
    one_off, monthly, other = Donation.objects.order_by("pk")
    hers = stripe_on.complete_checkout(
        one_off.stripe_checkout_session_id, email="grace@example.org", name="Grace Hopper"
    )
    hers += stripe_on.complete_checkout(
        monthly.stripe_checkout_session_id, email="grace@example.org", name="Grace Hopper"
    )
    theirs = stripe_on.complete_checkout(
        other.stripe_checkout_session_id, email="other@example.org", name="Someone Else"
    )
    subscription = stripe_on.object(monthly.stripe_checkout_session_id)["subscription"]
    hers.append(stripe_on.renew(subscription))
    hers.append(
        stripe_on.refund(stripe_on.charge_for(session_id=one_off.stripe_checkout_session_id))
    )
    # About a customer record of hers we never linked to a donation: found by her email.
    hers.append(
        {
            "id": "evt_customer_created",
            "object": "event",
            "type": "customer.created",
            "created": 1,
            "data": {
                "object": {
                    "id": "cus_elsewhere",
                    "object": "customer",
                    "email": "Grace@Example.org",
                    "name": "Grace Hopper",
                }
            },
        }
    )
    for event in hers + theirs:
        deliver(event)
    customers = [
        stripe_on.object(donation.stripe_checkout_session_id)["customer"]
        for donation in (one_off, monthly)
    ]
    her_events = StripeEvent.objects.filter(stripe_id__in=[event["id"] for event in hers])
    assert len(her_events) == 6
    assert all(_mentions(event, "grace@example.org") for event in her_events)

    personal_data_erase(email="grace@example.org")

    for event in her_events.all():
        assert _mentions(event, "grace", "hopper", "St James", "SW1Y", *customers) == [], event
        assert (event.payload["id"], event.payload["type"]) == (event.stripe_id, event.type)
        assert event.payload["data"]["object"]["id"] == event.object_id != ""
        assert event.processed_at is not None
    for event in StripeEvent.objects.filter(stripe_id__in=[event["id"] for event in theirs]):
        assert _mentions(event, "other@example.org", "Someone Else", "SW1Y") != []


# --- Monthly donors: erasure stops the money ---------------------------------------------


@pytest.fixture
def monthly_donor(stripe_on, start_donation, deliver):
    """Grace gives £10 a month; Stripe has billed the first month."""
    start_donation(frequency="monthly", amount="10.00", email="grace@example.org")
    donation = Donation.objects.get()
    for event in stripe_on.complete_checkout(
        donation.stripe_checkout_session_id, email="grace@example.org", name="Grace Hopper"
    ):
        deliver(event)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.ACTIVE
    assert stripe_on.subscriptions_billing() == [donation.stripe_subscription_id]
    return donation


def _erase(email: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("personal_data", "erase", email, "--yes", stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def _cancellations(fake, subscription_id: str) -> list:
    return fake.requests_to("DELETE", f"/v1/subscriptions/{subscription_id}")


def test_erasing_a_monthly_donor_cancels_their_subscription_and_says_so(
    stripe_on, monthly_donor, deliver
):
    subscription = monthly_donor.stripe_subscription_id

    out, error = _erase("grace@example.org")

    assert error is None
    assert f"donations: {subscription}: cancelled" in out
    assert stripe_on.subscriptions_billing() == []  # Stripe charges nothing more
    assert len(_cancellations(stripe_on, subscription)) == 1
    monthly_donor.refresh_from_db()
    assert monthly_donor.status == DonationStatus.CANCELLED
    assert monthly_donor.cancel_next_attempt_at is None
    assert monthly_donor.stripe_subscription_id == subscription  # an id, not the person
    assert (monthly_donor.email, monthly_donor.stripe_customer_id) == ("", "")

    # Stripe then tells us the subscription ended: nothing changes, nothing of her is kept.
    [ended] = [e for e in stripe_on._state.events if e["type"] == "customer.subscription.deleted"]
    deliver(ended)
    stored = StripeEvent.objects.get(stripe_id=ended["id"])
    assert _mentions(stored, "cus_", "grace") == []
    assert len(_cancellations(stripe_on, subscription)) == 1


def test_when_stripe_does_not_answer_the_erasure_says_so_and_keeps_trying(
    stripe_on, monthly_donor, capsys
):
    subscription = monthly_donor.stripe_subscription_id
    stripe_on.fail_next(500, method="DELETE", path_contains="/v1/subscriptions/")

    out, error = _erase("grace@example.org")

    assert error is not None  # a non-zero exit status: money may still move
    assert "still in progress" in str(error)
    assert f"donations: {subscription}: still active — Stripe did not answer" in out
    assert "retrying in the background" in out
    assert stripe_on.subscriptions_billing() == [subscription]
    monthly_donor.refresh_from_db()
    assert monthly_donor.email == ""  # the local erase is done all the same
    assert monthly_donor.status == DonationStatus.ACTIVE
    assert monthly_donor.cancel_attempts == 1
    assert "Stripe is unavailable" in monthly_donor.cancel_last_error
    assert monthly_donor.cancel_next_attempt_at > timezone.now()

    # Not due yet: the hourly reconcile leaves it to its scheduled retry.
    call_command("stripe_reconcile", "--since", "1h")
    assert len(_cancellations(stripe_on, subscription)) == 1
    capsys.readouterr()

    Donation.objects.filter(pk=monthly_donor.pk).update(cancel_next_attempt_at=timezone.now())
    call_command("stripe_reconcile", "--since", "1h")

    assert f"{subscription}: cancelled" in capsys.readouterr().out
    assert stripe_on.subscriptions_billing() == []
    monthly_donor.refresh_from_db()
    assert monthly_donor.status == DonationStatus.CANCELLED
    assert monthly_donor.cancel_next_attempt_at is None


def test_the_cancellation_is_a_task_retried_with_backoff_until_stripe_confirms(
    stripe_on, monthly_donor, database_queue
):
    subscription = monthly_donor.stripe_subscription_id
    stripe_on.fail_next(503, times=2, method="DELETE", path_contains="/v1/subscriptions/")

    _erase("grace@example.org")

    def queued():
        return DBTaskResult.objects.filter(
            task_path="donations.tasks.cancel_subscription", status=TaskResultStatus.READY
        )

    [retry] = queued()
    assert retry.queue_name == "payments"
    monthly_donor.refresh_from_db()
    assert abs((retry.run_after - monthly_donor.cancel_next_attempt_at).total_seconds()) < 1
    assert run_due_tasks("payments") == 0  # not due yet

    for attempt in (2, 3):
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        Donation.objects.update(cancel_next_attempt_at=timezone.now())
        assert run_due_tasks("payments") == 1
        assert len(_cancellations(stripe_on, subscription)) == attempt
        if attempt == 2:
            [retry] = queued()  # one retry queued, never more

    assert not queued().exists()
    assert stripe_on.subscriptions_billing() == []
    monthly_donor.refresh_from_db()
    assert (monthly_donor.status, monthly_donor.cancel_attempts) == (DonationStatus.CANCELLED, 3)
    # A duplicate run (the sweep re-queued one) changes nothing and calls nobody.
    cancel_subscription.call(monthly_donor.pk, None)
    assert len(_cancellations(stripe_on, subscription)) == 3


def test_a_subscription_already_cancelled_in_stripe_counts_as_cancelled(stripe_on, monthly_donor):
    """She cancelled in Stripe's portal a moment before; its event has not reached us."""
    subscription = monthly_donor.stripe_subscription_id
    stripe_on.cancel_subscription(subscription)

    out, error = _erase("grace@example.org")

    assert error is None
    assert f"{subscription}: cancelled" in out
    monthly_donor.refresh_from_db()
    assert monthly_donor.status == DonationStatus.CANCELLED


def test_a_refusal_from_stripe_is_reported_with_its_reason(stripe_on, monthly_donor):
    subscription = monthly_donor.stripe_subscription_id
    stripe_on.fail_next(
        400, method="DELETE", path_contains="/v1/subscriptions/", message="Account locked."
    )

    out, error = _erase("grace@example.org")

    assert error is not None
    assert f"{subscription}: still active — Stripe refused" in out
    assert "Account locked." in out


def test_a_donor_erased_while_at_checkout_has_the_new_subscription_cancelled(
    stripe_on, start_donation, deliver
):
    start_donation(frequency="monthly", amount="10.00", email="grace@example.org")
    donation = Donation.objects.get()
    out, error = _erase("grace@example.org")  # nothing running in Stripe yet
    assert error is None

    for event in stripe_on.complete_checkout(
        donation.stripe_checkout_session_id, email="grace@example.org"
    ):
        deliver(event)

    assert stripe_on.subscriptions_billing() == []
    donation.refresh_from_db()
    assert donation.status == DonationStatus.CANCELLED
    assert (donation.email, donation.stripe_customer_id) == ("", "")
    assert mail.outbox == []


def test_where_a_donor_came_from_is_exported_and_erased(donor):
    Donation.objects.filter(pk=donor.pk).update(utm_source="newsletter", referral_code="abcdefghjk")
    [exported] = personal_data_export(email="ada@example.org")["donations"]
    assert exported["came_from"]["utm_source"] == "newsletter"
    assert exported["came_from"]["referral_code"] == "abcdefghjk"
    personal_data_erase(email="ada@example.org")
    donor.refresh_from_db()
    assert (donor.utm_source, donor.referral_code) == ("", "")
