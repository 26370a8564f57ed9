"""Receipts: sent at most once per payment however often the task runs, and never lost
when a worker dies between deciding to send and sending."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db.models import F
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.models import EmailSend
from donations.models import Donation, Payment
from donations.tasks import send_receipt
from tests.factories import DonationFactory, PaymentFactory

from .conftest import run_due_tasks

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """The process stopping dead (SIGKILL, the OOM killer): no cleanup code runs."""


@pytest.fixture
def payment():
    donation = DonationFactory(name="Ada Lovelace", email="ada@example.org", status="paid")
    return PaymentFactory(donation=donation)


@pytest.fixture
def mail_server_dies_once(monkeypatch):
    """The worker is killed while handing the first message to the mail server."""
    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def send_messages(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise WorkerKilled
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)


def _lease_runs_out(settings):
    """Time passes beyond the email lease: move every claim back past it."""
    EmailSend.objects.update(
        claimed_at=F("claimed_at")
        - datetime.timedelta(seconds=settings.EMAIL_SEND_LEASE_SECONDS + 1)
    )


def test_running_the_receipt_task_twice_sends_one_receipt(payment):
    send_receipt.enqueue(payment.pk)
    send_receipt.enqueue(payment.pk)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    payment.refresh_from_db()
    assert payment.receipt_sent_at is not None


def test_a_receipt_claimed_by_a_worker_that_died_is_sent_by_the_next_run_after_the_lease(
    payment, mail_server_dies_once, settings
):
    first = send_receipt.enqueue(payment.pk)
    assert first.status == TaskResultStatus.FAILED  # the worker died mid-send
    assert mail.outbox == []
    payment.refresh_from_db()
    assert payment.receipt_sent_at is None  # "sent" means sent

    # The sweep re-queues the dead worker's task; within the lease it leaves the claim alone.
    send_receipt.enqueue(payment.pk)
    assert mail.outbox == []

    _lease_runs_out(settings)
    send_receipt.enqueue(payment.pk)
    send_receipt.enqueue(payment.pk)

    assert len(mail.outbox) == 1
    payment.refresh_from_db()
    assert payment.receipt_sent_at is not None


def test_a_refused_receipt_is_retried_later_not_lost(payment, monkeypatch, database_queue):

    def refuse(self, messages):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    send_receipt.call(payment.pk)

    payment.refresh_from_db()
    assert payment.receipt_sent_at is None
    [retry] = DBTaskResult.objects.filter(task_path="donations.tasks.send_receipt")
    assert retry.queue_name == "emails"
    assert retry.args_kwargs["args"] == [payment.pk]
    assert timezone.now() < retry.run_after < timezone.now() + datetime.timedelta(hours=1)

    monkeypatch.undo()  # the mail server is back, and the retry comes due
    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    assert run_due_tasks("emails") == 1
    assert len(mail.outbox) == 1
    payment.refresh_from_db()
    assert payment.receipt_sent_at is not None


def test_no_receipt_for_an_erased_donor_and_the_purpose_counts_as_done(payment):
    Donation.objects.filter(pk=payment.donation_id).update(
        name="", email="", erased_at=timezone.now()
    )
    send_receipt.enqueue(payment.pk)
    send_receipt.enqueue(payment.pk)
    assert mail.outbox == []
    assert Payment.objects.get(pk=payment.pk).receipt_sent_at is None
