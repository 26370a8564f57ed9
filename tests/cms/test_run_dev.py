"""`make run` starts what production runs: a worker per queue group and the scheduler."""

import sys

from django.conf import settings

from cms.management.commands.run_dev import background_commands


def test_make_run_starts_the_scheduler_beside_a_worker_per_queue_group():
    commands = background_commands()

    assert [sys.executable, "manage.py", "scheduler"] in commands
    workers = [command for command in commands if "db_worker" in command]
    assert len(workers) == len(settings.TASK_WORKER_GROUPS)
    assert len(commands) == len(workers) + 1
