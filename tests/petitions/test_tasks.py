"""Petition emails go out at most once per purpose, however often their task runs.

A task runs twice when the sweep re-queues one whose worker died, or a worker
retries; each queued email carries the key of its purpose, fixed when it was
queued (the first confirmation once per signature; each resend and each
"already signed" notice a key of its own), and core.emails.send_once sends each
key once.
"""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.models import EmailSend
from core.tasks import tasks_sweep
from petitions import services, tasks
from petitions.models import Signature
from tests.factories import ConsentWordingFactory

pytestmark = pytest.mark.django_db

# The worker closes its database connection between tasks, as a real one does; on
# PostgreSQL that would end a test's enclosing transaction, so tests that run it commit.
with_worker = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "emails", "sync", "payments"],
    }
}


def sign(petition, email="ann@example.org", ip="203.0.113.5"):
    return services.signature_create(
        petition=petition, name="Ann Example", email=email, country="GB", ip=ip
    )


def run_emails_queue():
    call_command("db_worker", batch=True, queue_name="emails", startup_delay=False, reload=False)


def queued(task) -> list[DBTaskResult]:
    name = f"{task.func.__module__}.{task.func.__qualname__}"
    return list(DBTaskResult.objects.filter(task_path=name).order_by("enqueued_at"))


def run_again(row: DBTaskResult) -> None:
    """What the sweep does for a task whose worker died: the same call, queued again."""
    row.task.enqueue(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    run_emails_queue()


@with_worker
@override_settings(TASKS=DATABASE_QUEUE)
def test_the_confirmation_task_run_twice_sends_one_email(petition):
    signature = sign(petition).signature
    run_emails_queue()
    assert len(mail.outbox) == 1
    [row] = queued(tasks.send_confirmation_email)
    run_again(row)
    assert len(mail.outbox) == 1
    assert EmailSend.objects.get(key=f"petitions.confirm:{signature.pk}:initial").sent_at


@with_worker
@override_settings(TASKS=DATABASE_QUEUE)
def test_each_resend_sends_once_and_a_rerun_of_one_sends_nothing(petition, committed):
    sign(petition)
    with committed():
        for _ in range(2):
            services.signature_resend_confirmation(
                petition=petition, email="ann@example.org", ip="203.0.113.5"
            )
    run_emails_queue()
    assert len(mail.outbox) == 3  # the confirmation and two resends
    resends = [row for row in queued(tasks.send_confirmation_email) if row.args_kwargs["args"][1:]]
    assert len({tuple(row.args_kwargs["args"]) for row in resends}) == 2  # a key each
    run_again(resends[0])
    assert len(mail.outbox) == 3


@with_worker
@override_settings(TASKS=DATABASE_QUEUE)
def test_each_already_signed_notice_sends_once(petition, committed):
    with committed():
        for _ in range(3):
            sign(petition)
    run_emails_queue()
    assert [m.subject.startswith("You have already signed") for m in mail.outbox] == [
        False,
        True,
        True,
    ]
    [first, second] = queued(tasks.send_already_signed_email)
    assert first.args_kwargs["args"] != second.args_kwargs["args"]
    run_again(first)
    run_again(second)
    assert len(mail.outbox) == 3


@with_worker
@override_settings(TASKS=DATABASE_QUEUE, TASK_LEASE_SECONDS=600, EMAIL_SEND_LEASE_SECONDS=300)
def test_a_confirmation_whose_worker_died_mid_send_goes_out_after_the_lease(petition):
    """The worker claimed the email and died: the row stays RUNNING and the claim stays.
    The sweep queues the task again; it sends once the claim's lease has run out."""
    signature = sign(petition).signature
    [row] = queued(tasks.send_confirmation_email)
    died_at = timezone.now() - datetime.timedelta(minutes=11)
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.RUNNING, started_at=died_at, worker_ids=["killed"]
    )
    EmailSend.objects.create(key=f"petitions.confirm:{signature.pk}:initial", claimed_at=died_at)

    assert tasks_sweep().requeued == 1
    run_emails_queue()
    assert [message.to for message in mail.outbox] == [["ann@example.org"]]
    run_again(row)
    assert len(mail.outbox) == 1


@override_settings(EMAIL_SEND_LEASE_SECONDS=300)
def test_a_confirmation_claimed_by_a_live_worker_is_left_to_it(petition):
    signature = Signature.objects.create(
        petition=petition,
        name="Ann",
        email="ann@example.org",
        email_key="ann@example.org",
        consent=ConsentWordingFactory(),
    )
    EmailSend.objects.create(
        key=f"petitions.confirm:{signature.pk}:initial",
        claimed_at=timezone.now() - datetime.timedelta(seconds=10),
    )
    tasks.send_confirmation_email.call(signature.pk)
    assert mail.outbox == []


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@with_worker
@override_settings(TASKS=DATABASE_QUEUE, EMAIL_BACKEND="tests.petitions.test_tasks.RefusingBackend")
def test_a_refusing_mail_server_is_tried_again_later_never_waited_for(petition):
    signature = sign(petition).signature
    started = timezone.now()
    run_emails_queue()
    retries = [row for row in queued(tasks.send_confirmation_email) if row.status == "READY"]
    assert len(retries) == 1
    assert retries[0].run_after > started
    assert retries[0].args_kwargs["args"][0] == signature.pk
    send = EmailSend.objects.get(key=f"petitions.confirm:{signature.pk}:initial")
    assert send.sent_at is None and send.claimed_at is None
    assert send.attempts == 1  # the next run backs off from this count
    assert "mail server is down" in send.last_error


def test_subjects_are_plain_text_not_html(petition, committed):
    petition.title = "Trials & <results>"
    petition.save()
    with committed():
        sign(petition)
        sign(petition)
    assert [message.subject for message in mail.outbox] == [
        "Please confirm your signature: Trials & <results>",
        "You have already signed: Trials & <results>",
    ]


def accepted_held(petition, n: int) -> list[Signature]:
    """Signatures that were held past a limit and that an editor has just accepted."""
    return [
        Signature.objects.create(
            petition=petition,
            name=f"Nurse {i}",
            email=f"nurse{i}@hospital.example",
            email_key=f"nurse{i}@hospital.example",
            confirmation_held=True,
            consent=ConsentWordingFactory(),
        )
        for i in range(n)
    ]


@override_settings(EMAIL_SEND_LEASE_SECONDS=300)
def test_accepted_confirmations_left_by_a_dead_worker_go_out_once(petition):
    first, second, third = accepted_held(petition, 3)
    # The dead run sent the first (and marked it), and had claimed the second.
    EmailSend.objects.create(key=f"petitions.confirm:{first.pk}:initial", sent_at=timezone.now())
    Signature.objects.filter(pk=first.pk).update(confirmation_held=False)
    EmailSend.objects.create(
        key=f"petitions.confirm:{second.pk}:initial",
        claimed_at=timezone.now() - datetime.timedelta(minutes=6),
    )
    assert tasks.send_accepted_confirmations.call() == 2
    assert [message.to for message in mail.outbox] == [
        ["nurse1@hospital.example"],
        ["nurse2@hospital.example"],
    ]
    assert tasks.send_accepted_confirmations.call() == 0
    assert not Signature.objects.filter(confirmation_held=True).exists()


@override_settings(TASKS=DATABASE_QUEUE, EMAIL_BACKEND="tests.petitions.test_tasks.RefusingBackend")
def test_accepted_confirmations_wait_for_a_refusing_mail_server(petition):
    accepted_held(petition, 2)
    tasks.send_accepted_confirmations.call()
    [retry] = queued(tasks.send_accepted_confirmations)
    assert retry.args_kwargs == {"args": [], "kwargs": {}}
    assert retry.run_after > timezone.now()
    assert Signature.objects.filter(confirmation_held=True).count() == 2
