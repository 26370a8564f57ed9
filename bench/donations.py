#!/usr/bin/env python
"""Donations recorded exactly once under duplicated, reordered webhooks, against the fake Stripe.

In a fresh SQLite file, starts --donations donations through the donate form
(half one-off, half monthly, default 200), has the fake Stripe complete each
checkout (and bill each monthly donation once more), then delivers every event
--copies times (default 3) in a shuffled order, signed as Stripe signs them, to
/webhooks/stripe/ in this process (tasks run at once, as in the tests). Prints
the deliveries per second and checks the rows: one payment per one-off donation,
two per monthly one, one receipt per payment, nothing more. All the donations come
from one address, so the bench raises its server's per-address limit
(DONATIONS_RATE_LIMIT_IP) to let them through.

    .venv/bin/python bench/donations.py
    .venv/bin/python bench/donations.py --donations 1000 --copies 5
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--donations", type=int, default=200)
    parser.add_argument("--copies", type=int, default=3, help="deliveries of each event")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-donations-") as workdir:
        run(args, workdir)


def run(args, workdir: str) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.fakes.stripe import SECRET_KEY, WEBHOOK_SECRET, FakeStripe, event_body, sign

    fake = FakeStripe().start()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from wagtail.models import Page, Site

    from cms.models import HomePage
    from demo.donations import donations_demo_load
    from donations.models import Donation, Payment, StripeEvent

    setup_test_environment()  # locmem email, so receipts can be counted
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.url
    settings.ALLOWED_HOSTS = ["testserver"]
    # Every donation here comes from one address (the test client's): the bench's own
    # server allows it that many, where production allows DONATIONS_RATE_LIMIT_IP.
    settings.DONATIONS_RATE_LIMIT_IP = f"{args.donations + 1}/h"
    import logging

    logging.getLogger("stripe").setLevel(logging.WARNING)

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="bench-home", statement="Bench"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
    )
    donations_demo_load()

    client = Client()
    started = time.perf_counter()
    for n in range(args.donations):
        monthly = n % 2 == 1
        response = client.post(
            "/donate/",
            {
                "frequency": "monthly" if monthly else "one_off",
                "currency": "GBP",
                "amount": "10.00",
                "name": f"Donor {n}",
                "email": f"donor{n}@example.org",
            },
        )
        assert response.status_code == 303, response.status_code
    checkout_seconds = time.perf_counter() - started

    events = []
    for donation in Donation.objects.order_by("pk"):
        events += fake.complete_checkout(donation.stripe_checkout_session_id)
        if donation.frequency == "monthly":
            subscription = fake.object(donation.stripe_checkout_session_id)["subscription"]
            events.append(fake.renew(subscription))
    deliveries = [event for event in events for _ in range(args.copies)]
    random.Random(args.seed).shuffle(deliveries)

    calls_before = len(fake.requests)
    started = time.perf_counter()
    for event in deliveries:
        body = event_body(event)
        response = client.post(
            "/webhooks/stripe/",
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign(body),
        )
        assert response.status_code == 200, response.content
    webhook_seconds = time.perf_counter() - started
    stripe_calls = len(fake.requests) - calls_before
    fake.stop()

    one_off = args.donations - args.donations // 2
    monthly = args.donations // 2
    expected_payments = one_off + 2 * monthly
    payments = Payment.objects.count()
    unprocessed = StripeEvent.objects.filter(processed_at__isnull=True).count()
    print(
        f"{args.donations} donations ({one_off} one-off, {monthly} monthly), "
        f"{len(events)} distinct events, each delivered {args.copies} times in a shuffled order"
    )
    print(f"  donate form to Checkout redirect   {args.donations / checkout_seconds:8.1f} /s")
    print(f"  webhook deliveries (store+process) {len(deliveries) / webhook_seconds:8.1f} /s")
    print(f"  calls to Stripe while delivering   {stripe_calls:8d}")
    print(
        f"  events stored                      {StripeEvent.objects.count():8d} (distinct: {len(events)})"
    )
    print(f"  events unprocessed                 {unprocessed:8d}")
    print(f"  payments recorded                  {payments:8d} (expected: {expected_payments})")
    print(
        f"  receipts sent                      {len(mail.outbox):8d} (expected: {expected_payments})"
    )
    ok = (
        payments == expected_payments
        and len(mail.outbox) == expected_payments
        and unprocessed == 0
        and StripeEvent.objects.count() == len(events)
    )
    print("OK: every payment recorded exactly once." if ok else "MISMATCH: see the figures above.")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
