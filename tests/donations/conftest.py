"""Fixtures for the donations tests: a fake Stripe the real SDK talks to, a donate page,
and signed webhook deliveries."""

from __future__ import annotations

import json

import pytest

from tests.factories import DonatePageFactory
from tests.fakes.stripe import SECRET_KEY, WEBHOOK_SECRET, FakeStripe, event_body, sign

WEBHOOK_URL = "/webhooks/stripe/"


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue (deferrable, run by workers) instead of running at once."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


def run_due_tasks(queue_name: str) -> int:
    """One pass of a worker over `queue_name`: every task that is due, oldest first.

    What `db_worker --batch` does, minus closing the database connection at the
    end (which a test's transaction on PostgreSQL does not survive).
    """
    from django_tasks_db.models import DBTaskResult

    ran = 0
    while True:
        row = (
            DBTaskResult.objects.ready()
            .filter(queue_name=queue_name)
            .order_by("run_after", "enqueued_at")
            .first()
        )
        if row is None:
            return ran
        row.claim("test-worker")
        try:
            value = row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        except Exception as error:  # as the worker does: record it and go on
            row.set_failed(error)
        else:
            row.set_successful(value)
        ran += 1


@pytest.fixture
def fake_stripe():
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture
def stripe_on(settings, fake_stripe):
    """Stripe configured, pointing at the fake."""
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake_stripe.url
    return fake_stripe


@pytest.fixture
def donate_page(site_tree):
    return DonatePageFactory(parent=site_tree["home"], publish=True)


def post_webhook(
    client, event: dict | bytes, *, secret: str = WEBHOOK_SECRET, timestamp=None, signature=None
):
    body = event if isinstance(event, bytes) else event_body(event)
    headers = {}
    if signature is not False:
        headers["HTTP_STRIPE_SIGNATURE"] = signature or sign(body, secret, timestamp)
    return client.post(WEBHOOK_URL, data=body, content_type="application/json", **headers)


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    """Deliver a signed event as Stripe would, running the tasks it queues (as the worker would)."""

    def _deliver(event: dict, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_webhook(client, event, **kwargs)
        assert response.status_code == 200, response.content
        return json.loads(response.content)

    return _deliver


@pytest.fixture
def start_donation(client, donate_page, django_capture_on_commit_callbacks):
    """Fill in the donate form and press Donate; returns the response (a 303 to Checkout)."""

    def _start(**fields):
        data = {
            "frequency": "one_off",
            "currency": "GBP",
            "amount": "25.00",
            "other_amount": "",
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            **fields,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(donate_page.url, data)

    return _start
