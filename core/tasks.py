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
"""

from __future__ import annotations

import datetime
import logging
import random
import sys
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus

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
