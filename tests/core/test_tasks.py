"""The task sweep: a task whose worker died is queued again, not lost."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from core.tasks import backoff_seconds, enqueue_later, tasks_sweep

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
