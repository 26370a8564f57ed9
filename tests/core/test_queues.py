"""One kind of background work never waits behind another: a Mailchimp outage holds up
Mailchimp syncs, never the emails.

The first test runs the real thing: one `manage.py db_worker` process per group in
TASK_WORKER_GROUPS (the command lines `make run` uses), against this test's own
PostgreSQL database, with the fake Mailchimp hanging on every call. The others show,
in this process, that no task waits inside itself: a failed call becomes a deferred
task, never a `time.sleep`.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.consent import ConsentPurpose, wording_record
from core.tasks import unserved_queues, worker_commands
from tests.factories import PetitionPageFactory, SignatureFactory
from tests.fakes.mailchimp import FakeMailchimp
from updates import mailchimp, services
from updates.models import MailchimpDeletion, Subscriber, SyncState

ROOT = Path(__file__).resolve().parents[2]


def consent():
    return {"consent": wording_record(ConsentPurpose.UPDATES_SIGNUP, "Yes, email me updates.")}


SYNC_BURST = 12
# Seconds a worker's Mailchimp call waits for an answer before giving up (each
# hanging call holds the sync worker this long).
WORKER_MAILCHIMP_TIMEOUT = 3
# Generous: a worker process starting on a busy two-core machine.
WORKERS_START_SECONDS = 120
# "Within seconds": the emails worker polls every 0.5 s; this leaves room for a loaded machine.
EMAIL_WITHIN_SECONDS = 10


def database_queue(settings) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


def wait_until(condition: Callable[[], object], *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)  # the test waits on the workers; the site's code never does
    raise AssertionError(f"Not within {seconds:g} s: {what}")


def sent_to(mail_dir: Path, address: str) -> bool:
    return any(address in path.read_text(errors="replace") for path in mail_dir.glob("*.log"))


def database_url() -> str:
    """This test's own database (pytest-django's test_…, per xdist worker), for the workers."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_workers(env: dict[str, str], log: Path) -> list[subprocess.Popen]:
    with log.open("a") as output:
        return [
            subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )
            for command in worker_commands()
        ]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()  # db_worker finishes the task in hand, then exits
    for worker in workers:
        try:
            worker.wait(timeout=WORKER_MAILCHIMP_TIMEOUT + 15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def test_every_queue_has_a_worker():
    assert unserved_queues() == []
    commands = worker_commands()
    assert [command[2:5] for command in commands] == [
        ["db_worker", "--queue-name", ",".join(group)] for group in settings.TASK_WORKER_GROUPS
    ]


def test_make_run_refuses_to_start_when_a_queue_has_no_worker(settings):
    settings.TASK_WORKER_GROUPS = [["emails"], ["sync"], ["default"]]
    assert unserved_queues() == ["payments"]
    with pytest.raises(CommandError, match="serves payments"):
        call_command("run_dev", "--port", "8799")


@pytest.mark.django_db(transaction=True)
def test_during_a_mailchimp_outage_a_confirmation_email_goes_out_within_seconds(
    site_tree, settings, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: the workers are separate processes, and SQLite's in-memory "
            "test database cannot be shared with them (CI runs this on PostgreSQL)."
        )
    fake = FakeMailchimp().start()
    fake.outage(hang=120)  # every call hangs until recover()
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    database_queue(settings)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": database_url(),
        "EMAIL_FILE_PATH": str(mail_dir),
        "MAILCHIMP_TIMEOUT": str(WORKER_MAILCHIMP_TIMEOUT),
        "MAILCHIMP_RETRY_BASE_SECONDS": "0.2",
        **fake.settings(),
    }
    petition = PetitionPageFactory(parent=site_tree["home"], publish=True)
    from petitions.tasks import send_confirmation_email

    def confirmation_queued(address: str) -> None:
        signature = SignatureFactory(petition=petition, email=address, status="pending")
        send_confirmation_email.enqueue(signature.pk)

    # A burst of sign-ups, each queueing its Mailchimp sync after commit as in production.
    for n in range(SYNC_BURST):
        with transaction.atomic():
            services.subscriber_signup(
                email=f"reader{n}@example.org", source="updates-form", **consent()
            )
    assert DBTaskResult.objects.filter(queue_name="sync").count() == SYNC_BURST
    # A first email, to know when the emails worker is up (starting takes a while).
    confirmation_queued("first@example.org")

    workers = start_workers(env, tmp_path / "workers.log")
    try:
        wait_until(lambda: fake.calls, seconds=WORKERS_START_SECONDS, what="a sync started")
        wait_until(
            lambda: sent_to(mail_dir, "first@example.org"),
            seconds=WORKERS_START_SECONDS,
            what="the emails worker started",
        )

        # Mailchimp is hanging and the sync queue is full: a new signer's email.
        assert not Subscriber.objects.filter(sync_state=SyncState.SYNCED).exists()
        queued_at = time.monotonic()
        confirmation_queued("signer@example.org")
        wait_until(
            lambda: sent_to(mail_dir, "signer@example.org"),
            seconds=EMAIL_WITHIN_SECONDS,
            what="the confirmation email queued during the outage was sent",
        )
        sent_after = time.monotonic() - queued_at
        # ... while the syncs are still stuck behind Mailchimp.
        assert not Subscriber.objects.filter(sync_state=SyncState.SYNCED).exists()
        assert DBTaskResult.objects.filter(
            queue_name="sync", status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ).exists()

        # A sync that met the outage ended, having queued its next try for later.
        def ended_after_a_failure():
            for row in DBTaskResult.objects.filter(
                queue_name="sync", status=TaskResultStatus.SUCCESSFUL
            ):
                if row.return_value.startswith("Mailchimp is failing (No answer"):
                    return row
            return None

        failed_once = wait_until(
            ended_after_a_failure,
            seconds=WORKER_MAILCHIMP_TIMEOUT * 4,
            what="a sync that met the outage ended",
        )
        assert DBTaskResult.objects.filter(
            task_path="updates.tasks.sync_subscriber",
            args_kwargs=failed_once.args_kwargs,
            run_after__gt=F("enqueued_at"),
        ).exists()

        fake.recover()
        wait_until(
            lambda: Subscriber.objects.filter(sync_state=SyncState.SYNCED).count() == SYNC_BURST,
            seconds=WORKER_MAILCHIMP_TIMEOUT * SYNC_BURST + 60,
            what="every sync completed once Mailchimp recovered",
        )
    finally:
        stop_workers(workers)
        fake.stop()
    assert len(fake.audience.members) == SYNC_BURST  # one member each, however many tries
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()
    print(f"confirmation email sent {sent_after:.2f} s after it was queued, during the outage")


# --- No task waits inside itself -------------------------------------------------------------


@pytest.fixture
def sleeping_forbidden(monkeypatch):
    """Any time.sleep from here on fails the test (the fake Mailchimp does not use it)."""

    def forbidden(seconds):
        raise AssertionError(f"A task slept for {seconds} s")

    monkeypatch.setattr(time, "sleep", forbidden)


def run_sync_worker_once() -> None:
    """The real worker, in this process: every ready task on the sync queue, then stop."""
    call_command("db_worker", batch=True, queue_name="sync", startup_delay=False, reload=False)


# The worker closes and reopens database connections between tasks, as in production,
# which a test inside one rolled-back transaction cannot survive on PostgreSQL.
IN_PROCESS_WORKER = pytest.mark.django_db(transaction=True)


@IN_PROCESS_WORKER
@pytest.mark.parametrize(
    "outage",
    [
        pytest.param(lambda fake: fake.fail_next(503), id="503"),
        pytest.param(lambda fake: fake.fail_next(429), id="429"),
        pytest.param(lambda fake: fake.hang_next(2.0), id="hang"),
        pytest.param(
            lambda fake: [
                cache.set(mailchimp.SLOT_KEY.format(n), "another worker", 60)
                for n in range(settings.MAILCHIMP_MAX_CONNECTIONS)
            ],
            id="every connection busy",
        ),
    ],
)
def test_a_failing_sync_is_a_deferred_task_not_a_sleep(
    fake_mailchimp, settings, sleeping_forbidden, outage
):
    database_queue(settings)
    subscriber = signed_up()
    first = DBTaskResult.objects.get()  # the sync the sign-up queued after commit
    outage(fake_mailchimp)

    run_sync_worker_once()

    first.refresh_from_db()
    assert first.status == TaskResultStatus.SUCCESSFUL  # it ended, it did not wait
    assert first.return_value.startswith("Mailchimp is failing")
    subscriber.refresh_from_db()
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.task_path == "updates.tasks.sync_subscriber"
    assert retry.status == TaskResultStatus.READY
    assert retry.run_after == subscriber.next_attempt_at > timezone.now()
    assert len(fake_mailchimp.calls_to("PUT")) <= 1


def signed_up() -> Subscriber:
    with transaction.atomic():
        return services.subscriber_signup(
            email="ada@example.org", source="updates-form", **consent()
        )


@IN_PROCESS_WORKER
def test_a_failing_deletion_is_a_deferred_task_not_a_sleep(
    fake_mailchimp, settings, sleeping_forbidden
):
    from updates.tasks import delete_mailchimp_member

    database_queue(settings)
    deletion = MailchimpDeletion.objects.create(subscriber_hash="0" * 32)
    first = DBTaskResult.objects.get(pk=delete_mailchimp_member.enqueue(deletion.pk).id)
    fake_mailchimp.fail_next(500)

    run_sync_worker_once()

    first.refresh_from_db()
    assert first.status == TaskResultStatus.SUCCESSFUL
    deletion.refresh_from_db()
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.task_path == "updates.tasks.delete_mailchimp_member"
    assert retry.run_after == deletion.next_attempt_at > timezone.now()
    assert deletion.done_at is None and "Internal Server Error" in deletion.error


@IN_PROCESS_WORKER
def test_the_retry_runs_once_due_and_only_then(fake_mailchimp, settings, sleeping_forbidden):
    database_queue(settings)
    subscriber = signed_up()
    fake_mailchimp.fail_next(503)
    run_sync_worker_once()
    assert len(fake_mailchimp.calls_to("PUT")) == 1

    run_sync_worker_once()  # not due yet: the worker leaves it
    assert len(fake_mailchimp.calls_to("PUT")) == 1

    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )
    Subscriber.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    run_sync_worker_once()

    subscriber.refresh_from_db()
    assert subscriber.sync_state == SyncState.SYNCED
    assert len(fake_mailchimp.calls_to("PUT")) == 2
