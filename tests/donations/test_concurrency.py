"""A hundred deliveries of one event at the same moment record one payment.

Each delivery is a real request on its own thread and database connection, so
what keeps the payment single is the database (unique event and payment ids,
row locks), not luck. The lead's CI runs this on PostgreSQL too.
"""

import contextlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client

from donations.models import Donation, DonationStatus, Payment, StripeEvent
from tests.fakes.stripe import event_body, sign

from .conftest import WEBHOOK_URL

# SQLite's shared in-memory test database refuses concurrent writers ("table is
# locked") in ways no production database would; the race is real on PostgreSQL.
ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="needs concurrent writers (PostgreSQL)"
)


@pytest.fixture
def site(transactional_db):
    """The page tree's root (a transactional test's flush removes it), then the usual site."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


def _deliver_in_parallel(event: dict, copies: int) -> list[list[int]]:
    """Each copy's answers: a 503 (the database was busy) is sent again, as Stripe would."""
    body = event_body(event)
    barrier = threading.Barrier(min(copies, 16))

    def deliver(_):
        answers = []
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
            while len(answers) < 50:
                response = Client().post(
                    WEBHOOK_URL,
                    data=body,
                    content_type="application/json",
                    HTTP_STRIPE_SIGNATURE=sign(body),
                )
                answers.append(response.status_code)
                if response.status_code != 503:
                    break
                time.sleep(0.01 * len(answers))
            return answers
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(deliver, range(copies)))


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_a_hundred_parallel_deliveries_of_one_event_record_one_payment(
    site, stripe_on, start_donation
):
    start_donation(amount="25.00")
    donation = Donation.objects.get()
    [completed] = stripe_on.complete_checkout(donation.stripe_checkout_session_id)

    answers = _deliver_in_parallel(completed, 100)

    assert [copy[-1] for copy in answers] == [200] * 100
    if connection.vendor != "sqlite":
        # Only SQLite's shared in-memory test database refuses busy writers (locked tables).
        assert all(len(copy) == 1 for copy in answers)
    assert StripeEvent.objects.count() == 1
    assert StripeEvent.objects.get().processed_at is not None
    assert Payment.objects.count() == 1
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert len(mail.outbox) == 1


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_monthly_events_racing_each_other_record_the_first_month_once(
    site, stripe_on, start_donation
):
    start_donation(frequency="monthly", amount="10.00")
    donation = Donation.objects.get()
    invoice_paid, completed = stripe_on.complete_checkout(donation.stripe_checkout_session_id)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(
            pool.map(lambda event: _deliver_in_parallel(event, 20), [completed, invoice_paid])
        )

    assert all(copy[-1] == 200 for answers in results for copy in answers)
    assert StripeEvent.objects.count() == 2
    assert Payment.objects.count() == 1
    donation.refresh_from_db()
    assert donation.status == DonationStatus.ACTIVE
    assert len(mail.outbox) == 1
