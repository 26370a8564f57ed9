"""Background work: the queues, retries that are scheduled rather than slept, and the sweep.

Queues keep one kind of work from waiting behind another. A Mailchimp outage fills
the `sync` queue with calls that time out; petition confirmations on the `emails`
queue have workers of their own and keep going out. `make run` and production run
one worker per group in TASK_WORKER_GROUPS (settings).

- `emails`: every email the site sends (confirmations, receipts, notices);
- `sync`: calls to outside services that can wait (Mailchimp);
- `payments`: processing Stripe's events;
- `default`: local work (count refreshes, applying stored webhooks, Wagtail's own tasks).

A task never sleeps waiting for an outside service: it records why it failed and
enqueues itself again for later (`enqueue_later`, with `backoff_seconds`), and
returns. A task whose worker died mid-run is left RUNNING by the queue;
`tasks_sweep` (``manage.py tasks_sweep``, run every few minutes) re-queues those
whose lease (TASK_LEASE_SECONDS) has run out. So every task must be safe to run
twice: each re-reads its rows and does only what is still undone.

A row whose follow-up must never be lost (a signature and its confirmation email) is
written with `insert_with_task`: the row and its task exist together or not at all.
"""

from __future__ import annotations

import datetime
import functools
import logging
import random
import sys
from contextlib import nullcontext
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)

EMAILS = "emails"
SYNC = "sync"
PAYMENTS = "payments"
DEFAULT = "default"


def backoff_seconds(attempt: int, *, base: float, cap: float = 3600.0) -> float:
    """Exponential backoff with jitter: a random wait between half and all of
    base x 2^attempt (capped), so tasks that failed together do not all come back
    at the same moment."""
    ceiling = min(base * (2 ** max(attempt, 0)), cap)
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311


def can_defer(task) -> bool:
    """Whether the queue behind `task` can hold it until a later time (the database
    queue can; the immediate backend of the test suite cannot)."""
    return bool(task.get_backend().supports_defer)


def enqueue_later(task, when: datetime.datetime, *args, **kwargs) -> bool:
    """Queue `task` to run at `when`; False when the queue cannot defer.

    Callers record on their own rows when the next try is due (as `next_attempt_at`),
    so a sweep finds the work even where nothing could be deferred.
    """
    if not can_defer(task):
        return False
    task.using(run_after=when).enqueue(*args, **kwargs)
    return True


def worker_commands(*, python: str = "", interval: float = 0.5) -> list[list[str]]:
    """The command line of one `db_worker` per queue group in TASK_WORKER_GROUPS.

    `make run` (cms run_dev) starts exactly these, and production runs at least one
    process of each: a queue no worker serves is never run at all.
    """
    return [
        [
            python or sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            ",".join(group),
            "--interval",
            f"{interval:g}",
        ]
        for group in settings.TASK_WORKER_GROUPS
    ]


def unserved_queues() -> list[str]:
    """Queues in TASK_QUEUES that no group in TASK_WORKER_GROUPS serves (should be none)."""
    served = {queue for group in settings.TASK_WORKER_GROUPS for queue in group}
    return [queue for queue in settings.TASK_QUEUES if queue not in served and "*" not in served]


def insert_with_task(row: models.Model, task, *args) -> None:
    """Insert the new `row` and queue `task(row.pk, *args)`: both exist, or neither does.

    With the database queue (django-tasks-db, the default) the task is a row too, so
    both are written in one transaction. On PostgreSQL that is one statement (a
    data-modifying WITH: the task's arguments take the row's new id inside the
    database), one round trip where saving and enqueueing take four (BEGIN, two
    INSERTs, COMMIT) and without the ORM's work per save, which together were a
    third of a signature's cost. The rows, the signals sent (pre_save and post_save
    for both, task_enqueued) and the errors (IntegrityError when a constraint refuses
    the row, with nothing written) are those of `save()` and `enqueue()`.
    Any other queue gets the task once the row is committed.
    """
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        with transaction.atomic(using=router.db_for_write(type(row))):
            row.save(force_insert=True)
        transaction.on_commit(lambda: task.enqueue(row.pk, *args))
        return
    from django_tasks_db.models import DBTaskResult

    alias = router.db_for_write(type(row))
    connection = connections[alias]
    if (
        connection.vendor != "postgresql"
        or router.db_for_write(DBTaskResult) != alias
        or backend.options.get("id_function")
    ):
        with transaction.atomic(using=alias):
            row.save(force_insert=True)
            task.enqueue(row.pk, *args)
        return

    backend.validate_task(task)
    # What the backend's enqueue stores, with args[0] standing in for the row's id.
    queued = DBTaskResult(
        args_kwargs={"args": [0, *args], "kwargs": {}},
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,
        backend_name=backend.alias,
    )
    for instance in (row, queued):
        pre_save.send(type(instance), instance=instance, raw=False, using=alias, update_fields=None)
    sql, row_fields, task_fields = _row_and_task_sql(type(row), DBTaskResult, connection.vendor)
    params = [_db_value(row, field, connection) for field in row_fields]
    params += [_db_value(queued, field, connection) for field in task_fields]
    # Alone, the statement is its own transaction; inside one, a savepoint keeps a refused
    # row from spoiling the caller's transaction, as save() in atomic() would.
    atomic = transaction.atomic(using=alias) if connection.in_atomic_block else nullcontext()
    with atomic, _prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        (pk,) = cursor.fetchone()
    row.pk = pk
    queued.args_kwargs["args"][0] = pk
    for instance in (row, queued):
        instance._state.adding, instance._state.db = False, alias
        post_save.send(
            type(instance),
            instance=instance,
            created=True,
            update_fields=None,
            raw=False,
            using=alias,
        )
    task_enqueued.send(type(backend), task_result=queued.task_result)


def _prepared_cursor(connection):
    """A cursor on `connection` that sends values apart from the statement and has
    PostgreSQL plan each statement once per connection (a prepared statement).

    Django's own cursors write the values into the SQL text, so PostgreSQL parses and
    plans the signing statement afresh every time: half of its cost there. The
    statement here never changes, so it is prepared on a connection's first use and
    only executed after that. The connection is opened, health-checked and wrapped as
    `connection.cursor()` does it, and the statement logged as Django logs its own.
    PREPARED_STATEMENTS=false keeps the values apart but prepares nothing, for a
    pooler that cannot keep prepared statements.
    """
    connection.validate_thread_sharing()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = _PreparingCursor(connection.connection)
    if connection.queries_logged:
        return _LoggedCursor(raw, connection)
    return connection.make_cursor(raw)


class _PreparingCursor(psycopg.Cursor):
    """psycopg's server-side binding cursor, preparing every statement it runs.

    The connection's prepare_threshold is None (Django's default) but while this
    cursor runs: with a threshold psycopg counts every statement by its text, and
    Django's statements carry their values in the text, so it would keep each one of
    them (a bulk insert's whole text) to prepare none.
    """

    def execute(self, query, params=None, *, prepare=None, binary=None):
        if not settings.PREPARED_STATEMENTS:
            return super().execute(query, params, prepare=False, binary=binary)
        self.connection.prepare_threshold = 0
        try:
            return super().execute(query, params, prepare=True, binary=binary)
        finally:
            self.connection.prepare_threshold = None


class _LoggedCursor(CursorDebugWrapper):
    """Logs a statement with its values written in, as Django's own cursors do (psycopg
    keeps no text of a prepared statement's run for Django to log)."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


@functools.cache
def _row_and_task_sql(model: type[models.Model], task_model: type[models.Model], vendor: str):
    """The statement that inserts a row of `model` and a task row naming its new id, and
    the fields whose values it takes, in order (made once per model: it never changes)."""
    assert vendor == "postgresql"  # noqa: S101 - the only dialect written here
    row_columns, row_fields = _columns(model)
    task_columns, task_fields = _columns(task_model)
    task_values = ", ".join(
        "jsonb_set(%s::jsonb, '{args,0}', to_jsonb(new_row.id))"
        if field.name == "args_kwargs"
        else "%s"
        for field in task_fields
    )
    # Only names from the models' own Meta go into the text; every value is a parameter.
    sql = (
        f'WITH new_row AS (INSERT INTO "{model._meta.db_table}" ({row_columns}) '  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(row_fields))}) "
        f'RETURNING "{model._meta.pk.column}" AS id), '
        f'new_task AS (INSERT INTO "{task_model._meta.db_table}" ({task_columns}) '
        f"SELECT {task_values} FROM new_row) "
        "SELECT id FROM new_row"
    )
    return sql, row_fields, task_fields


def _columns(model: type[models.Model]) -> tuple[str, list]:
    """The columns a new row is inserted with, as the ORM does: every concrete field but
    an automatic primary key."""
    meta = model._meta
    fields = [field for field in meta.local_concrete_fields if field is not meta.auto_field]
    return ", ".join(f'"{field.column}"' for field in fields), fields


def _db_value(instance: models.Model, field, connection):
    return field.get_db_prep_save(field.pre_save(instance, add=True), connection=connection)


@dataclass(frozen=True)
class SweepReport:
    requeued: int
    tasks: list[str]


def tasks_sweep(
    *, lease_seconds: int | None = None, now: datetime.datetime | None = None
) -> SweepReport:
    """Re-queue every task that has been RUNNING longer than its lease.

    The queue marks a task RUNNING when a worker takes it and only the worker ever
    moves it on, so a worker killed mid-task (a deploy, the OOM killer, a lost
    host) leaves it RUNNING for ever. Each such row is closed as failed, naming
    the task that replaces it, and the same call is queued again. Tasks are
    idempotent, so one that was merely slow and finishes after all does no harm.
    """
    from django_tasks_db.models import DBTaskResult

    lease = settings.TASK_LEASE_SECONDS if lease_seconds is None else lease_seconds
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=lease)
    requeued: list[str] = []
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .order_by("started_at")[:1000]
        )
        for row in stale:
            try:
                task = row.task
            except ImportError:
                logger.warning("Stale task %s names a task that no longer exists", row.task_path)
                continue
            args, kwargs = row.args_kwargs.get("args", []), row.args_kwargs.get("kwargs", {})
            replacement = task.enqueue(*args, **kwargs)
            row.status = TaskResultStatus.FAILED
            row.finished_at = timezone.now()
            row.exception_class_path = "core.tasks.WorkerLost"
            row.traceback = (
                f"The worker running this task stopped answering for {lease} s "
                f"(started {row.started_at:%Y-%m-%d %H:%M:%S}); re-queued as {replacement.id}."
            )
            row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            logger.warning("Re-queued %s (%s) as %s", row.task_path, row.id, replacement.id)
            requeued.append(row.task_path)
    return SweepReport(requeued=len(requeued), tasks=requeued)
