"""`make run` starts what production runs: a worker per queue group and the scheduler."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cms.management.commands.run_dev import background_commands
from core.models import RunOutcome, ScheduledRun

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_starts_the_scheduler_beside_a_worker_per_queue_group():
    commands = background_commands()

    assert [sys.executable, "manage.py", "scheduler"] in commands
    workers = [command for command in commands if "db_worker" in command]
    assert len(workers) == len(settings.TASK_WORKER_GROUPS)
    assert len(commands) == len(workers) + 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_make_run_runs_the_due_housekeeping_through_the_scheduler(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: run_dev's processes share this test's database.")
    db = connection.settings_dict
    # Everything run_dev writes (its log, the dev account's password, mail) under tmp_path.
    (tmp_path / "run_dev_test_settings.py").write_text(
        "from pathlib import Path\n"
        "from config.settings.test import *  # noqa\n"
        f"VAR_DIR = Path({str(tmp_path)!r})\n"
        "DEV_SETUP_ALLOWED = True\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "run_dev_test_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
    }
    console = tmp_path / "console.txt"
    with console.open("w") as output:
        run_dev = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "run_dev", "--port", str(_free_port())],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped below as Ctrl-C would
        )
    swept = ScheduledRun.objects.filter(job="tasks_sweep", outcome=RunOutcome.OK)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and run_dev.poll() is None:
            if swept.exists() and "Stop with Ctrl-C" in console.read_text():
                break
            time.sleep(0.3)
    finally:
        os.killpg(run_dev.pid, signal.SIGINT)
        try:
            run_dev.wait(timeout=30)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(run_dev.pid, signal.SIGKILL)  # anything of ours still left
    assert swept.exists(), "the scheduler did not run the task sweep at start"
    assert "and the scheduler of periodic jobs" in console.read_text()
    assert ScheduledRun.objects.filter(job="petitions_expire_unconfirmed").exists()
    assert "Scheduler running" in (tmp_path / "worker.log").read_text()


def test_make_run_stripe_fake_starts_the_fake_and_points_the_site_at_it():
    """`make run STRIPE=fake` (run_dev --fake-stripe): the fake Stripe of the tests in a
    process of its own, and the three settings the site's processes are given."""
    import requests

    from cms.management.commands.run_dev import Command
    from tests.fakes.stripe import SECRET_KEY, WEBHOOK_SECRET

    process, stripe_env = Command._start_fake_stripe("127.0.0.1")
    try:
        assert stripe_env["STRIPE_SECRET_KEY"] == SECRET_KEY
        assert stripe_env["STRIPE_WEBHOOK_SECRET"] == WEBHOOK_SECRET
        answer = requests.get(
            stripe_env["STRIPE_API_BASE"] + "/v1/checkout/sessions/cs_missing",
            headers={"Authorization": f"Bearer {SECRET_KEY}"},
            timeout=10,
        )
        assert answer.status_code == 404
        assert answer.json()["error"]["code"] == "resource_missing"
    finally:
        process.terminate()
        process.wait(timeout=10)
