"""The task sweep: a task whose worker died is queued again, not lost."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.db.models.signals import post_save
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from core.models import EmailSend
from core.tasks import backoff_seconds, enqueue_later, insert_with_task, tasks_sweep

DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "emails", "sync", "payments"],
    }
}


@task(queue_name="emails")
def remember(value: str) -> str:
    cache.set(f"remembered:{value}", cache.get(f"remembered:{value}", 0) + 1)
    return value


def _die_mid_run(result_id, *, minutes_ago: int) -> None:
    """What a worker killed mid-task leaves behind: the row RUNNING, started long ago."""
    DBTaskResult.objects.filter(pk=result_id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        worker_ids=["killed-worker"],
    )


# transaction=True: the worker below closes and reopens connections between tasks, which a
# test inside one rolled-back transaction cannot survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE, TASK_LEASE_SECONDS=600)
def test_a_task_whose_worker_died_is_queued_again_and_runs():
    result = remember.enqueue("receipt-42")
    _die_mid_run(result.id, minutes_ago=11)

    report = tasks_sweep()

    assert report.requeued == 1
    old = DBTaskResult.objects.get(pk=result.id)
    assert old.status == TaskResultStatus.FAILED
    assert "re-queued as" in old.traceback
    replacement = DBTaskResult.objects.exclude(pk=result.id).get()
    assert replacement.status == TaskResultStatus.READY
    assert replacement.queue_name == "emails"
    assert replacement.args_kwargs == {"args": ["receipt-42"], "kwargs": {}}

    call_command("db_worker", batch=True, queue_name="emails", startup_delay=False, reload=False)
    assert cache.get("remembered:receipt-42") == 1
    assert DBTaskResult.objects.get(pk=replacement.pk).status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, TASK_LEASE_SECONDS=600)
def test_a_task_still_within_its_lease_is_left_alone():
    result = remember.enqueue("busy")
    _die_mid_run(result.id, minutes_ago=5)

    assert tasks_sweep().requeued == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE)
def test_the_sweep_command_says_what_it_requeued():
    result = remember.enqueue("x")
    _die_mid_run(result.id, minutes_ago=60)
    from io import StringIO

    out = StringIO()
    call_command("tasks_sweep", stdout=out)
    assert "Re-queued 1 task(s)" in out.getvalue()
    assert "tests.core.test_tasks.remember" in out.getvalue()
    # A second sweep finds nothing more to do.
    out = StringIO()
    call_command("tasks_sweep", stdout=out)
    assert "Re-queued 0 task(s)" in out.getvalue()


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE)
def test_enqueue_later_defers_on_the_database_queue():
    when = timezone.now() + datetime.timedelta(minutes=3)
    assert enqueue_later(remember, when, "later") is True
    row = DBTaskResult.objects.get()
    assert row.run_after == when
    assert not DBTaskResult.objects.ready().exists()


def test_enqueue_later_declines_on_a_queue_that_runs_at_once():
    assert enqueue_later(remember, timezone.now(), "now") is False
    assert cache.get("remembered:now") is None


def test_backoff_grows_and_has_jitter():
    waits = [backoff_seconds(attempt, base=1.0) for attempt in range(6)]
    for attempt, wait in enumerate(waits):
        assert 2**attempt / 2 <= wait <= 2**attempt
    assert backoff_seconds(40, base=1.0, cap=300) <= 300
    assert len({backoff_seconds(3, base=1.0) for _ in range(20)}) > 1


# --- A row and its task, together or not at all (insert_with_task) ---------------------


@task(queue_name="emails", priority=3)
def remember_row(pk: int, label: str) -> str:
    cache.set(f"remembered-row:{pk}", label)
    return label


def _row(key: str = "receipt:1") -> EmailSend:
    return EmailSend(key=key)


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_new_row_and_its_task_are_stored_together_as_enqueue_stores_a_task():
    row = _row()
    insert_with_task(row, remember_row, "sent")

    assert EmailSend.objects.get(pk=row.pk).key == "receipt:1"
    assert not row._state.adding
    stored = DBTaskResult.objects.get()
    assert stored.args_kwargs == {"args": [row.pk, "sent"], "kwargs": {}}
    # Every other column as the backend's own enqueue writes it.
    usual = DBTaskResult.objects.get(pk=remember_row.enqueue(row.pk, "sent").id)
    skip = {"id", "enqueued_at"}
    fields = [f.attname for f in DBTaskResult._meta.concrete_fields if f.attname not in skip]
    assert {f: getattr(stored, f) for f in fields} == {f: getattr(usual, f) for f in fields}
    assert stored.status == TaskResultStatus.READY and stored.queue_name == "emails"
    assert DBTaskResult.objects.ready().count() == 2


# transaction=True: outside any transaction, as a request runs (no test savepoints).
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_row_and_its_task_are_one_statement_on_postgresql():
    with CaptureQueriesContext(connection) as captured:
        insert_with_task(_row(), remember_row, "sent")
    sql = [query["sql"][:40] for query in captured]
    if connection.vendor == "postgresql":
        assert len(sql) == 1 and sql[0].startswith("WITH new_row AS (INSERT"), sql
    else:  # the ORM's save and enqueue in one transaction: BEGIN, two INSERTs, COMMIT
        assert len(sql) <= 4, sql
    assert EmailSend.objects.count() == DBTaskResult.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_postgresql_plans_the_statement_once_per_connection_and_runs_it_after_that():
    def runs_prepared() -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT generic_plans + custom_plans FROM pg_prepared_statements"
                " WHERE statement LIKE 'WITH new_row AS (INSERT INTO \"core_emailsend\"%%'"
            )
            return [runs for (runs,) in cursor.fetchall()]

    connection.close()  # a connection of its own: nothing prepared on it yet
    insert_with_task(_row("receipt:1"), remember_row, "first")
    assert runs_prepared() == [1]
    with pytest.raises(IntegrityError):  # a refused row leaves the statement usable
        insert_with_task(_row("receipt:1"), remember_row, "again")
    with CaptureQueriesContext(connection) as captured:
        insert_with_task(_row("receipt:2"), remember_row, "second")
    assert runs_prepared() == [3]  # one statement, prepared once, run three times
    assert EmailSend.objects.count() == DBTaskResult.objects.count() == 2
    # Logged with its values, as Django's own cursors log a statement.
    assert "'receipt:2'" in captured[0]["sql"] and "%s" not in captured[0]["sql"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_the_connection_keeps_nothing_of_the_statements_django_writes_its_values_into():
    # psycopg counts every statement it could prepare, keyed by its text. Django's
    # statements carry their values in the text, so each bulk insert of an import was
    # kept whole (memory grew with the import), and none of them is ever prepared.
    connection.close()
    insert_with_task(_row("receipt:1"), remember_row, "first")
    for number in range(20):
        list(EmailSend.objects.filter(key=f"receipt:{number}"))
    counted = connection.connection._prepared._counts  # noqa: SLF001 - what grew
    assert len(counted) <= 1, list(counted)[:3]


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_row_a_constraint_refuses_leaves_no_task_and_the_transaction_usable():
    insert_with_task(_row("receipt:1"), remember_row, "first")
    twin = _row("receipt:1")
    with pytest.raises(IntegrityError):
        insert_with_task(twin, remember_row, "second")
    assert twin.pk is None
    # The caller's transaction goes on (a savepoint held the refused statement).
    assert EmailSend.objects.count() == 1
    assert [t.args_kwargs["args"][1] for t in DBTaskResult.objects.all()] == ["first"]


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE)
def test_inserting_with_a_task_sends_the_signals_save_and_enqueue_send():
    seen = []

    def saved(sender, instance, created, **kwargs):
        seen.append((sender.__name__, created, instance.pk is not None))

    def enqueued(sender, task_result, **kwargs):
        seen.append(("enqueued", task_result.args))

    post_save.connect(saved, dispatch_uid="test-saved")
    task_enqueued.connect(enqueued, dispatch_uid="test-enqueued")
    try:
        row = _row()
        insert_with_task(row, remember_row, "sent")
    finally:
        post_save.disconnect(dispatch_uid="test-saved")
        task_enqueued.disconnect(dispatch_uid="test-enqueued")
    assert seen == [
        ("EmailSend", True, True),
        ("DBTaskResult", True, True),
        ("enqueued", [row.pk, "sent"]),
    ]


@pytest.mark.django_db
def test_a_queue_outside_the_database_gets_the_task_once_the_row_is_committed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        row = _row()
        insert_with_task(row, remember_row, "later")
        assert cache.get(f"remembered-row:{row.pk}") is None
    assert cache.get(f"remembered-row:{row.pk}") == "later"
