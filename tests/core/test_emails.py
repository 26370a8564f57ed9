"""Emails go out at most once per purpose, and a claim left by a dead worker is taken over."""

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.test import override_settings
from django.utils import timezone

from core.emails import EmailNotSent, email_was_sent, send_once
from core.models import EmailSend


def _message(to="ann@example.org"):
    return EmailMessage("Thank you", "Your receipt", "campaign@example.org", [to])


@pytest.mark.django_db
def test_an_email_is_sent_once_however_often_its_task_runs():
    assert send_once(key="donations.receipt:1", build=_message) is True
    assert send_once(key="donations.receipt:1", build=_message) is False
    assert len(mail.outbox) == 1
    assert email_was_sent("donations.receipt:1")


@pytest.mark.django_db
def test_different_purposes_each_send():
    send_once(key="petitions.confirm:1:initial", build=_message)
    send_once(key="petitions.confirm:1:resend:abc", build=_message)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
@override_settings(EMAIL_SEND_LEASE_SECONDS=300)
def test_a_claim_held_by_a_live_worker_is_not_taken():
    EmailSend.objects.create(key="k", claimed_at=timezone.now() - datetime.timedelta(seconds=10))
    assert send_once(key="k", build=_message) is False
    assert mail.outbox == []


@pytest.mark.django_db
@override_settings(EMAIL_SEND_LEASE_SECONDS=300)
def test_a_claim_left_by_a_dead_worker_is_sent_after_the_lease():
    EmailSend.objects.create(key="k", claimed_at=timezone.now() - datetime.timedelta(seconds=301))
    assert send_once(key="k", build=_message) is True
    assert len(mail.outbox) == 1
    assert EmailSend.objects.get(key="k").sent_at is not None


@pytest.mark.django_db
def test_a_refusing_mail_server_releases_the_claim_for_a_retry():
    def broken():
        raise ConnectionRefusedError("mail server down")

    with pytest.raises(EmailNotSent):
        send_once(key="k", build=broken)
    row = EmailSend.objects.get(key="k")
    assert row.claimed_at is None and row.sent_at is None
    assert "mail server down" in row.last_error

    assert send_once(key="k", build=_message) is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_nothing_to_send_counts_as_done():
    assert send_once(key="k", build=lambda: None) is False
    assert send_once(key="k", build=_message) is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_refused_email_is_queued_again_later_backing_off_by_its_tries(settings):
    from django_tasks_db.models import DBTaskResult

    from core.emails import send_once_or_retry
    from tests.core.test_tasks import remember

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }

    def broken():
        raise ConnectionRefusedError("mail server down")

    started = timezone.now()
    for tries in (1, 2):
        assert send_once_or_retry(key="k", build=broken, task=remember, args=("k",)) is False
        assert EmailSend.objects.get(key="k").attempts == tries
    retries = list(DBTaskResult.objects.order_by("run_after"))
    assert len(retries) == 2
    # Backoff doubles with the tries: 30-60 s after the first, 60-120 s after the second.
    assert started + datetime.timedelta(seconds=30) <= retries[0].run_after
    assert retries[1].run_after <= timezone.now() + datetime.timedelta(seconds=120)


@pytest.mark.django_db
def test_a_refused_email_gives_up_after_its_last_try(settings):
    from core.emails import send_once_or_retry
    from tests.core.test_tasks import remember

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    EmailSend.objects.create(key="k", attempts=7)

    def broken():
        raise ConnectionRefusedError("mail server down")

    with pytest.raises(EmailNotSent):
        send_once_or_retry(key="k", build=broken, task=remember, args=("k",), max_attempts=8)
