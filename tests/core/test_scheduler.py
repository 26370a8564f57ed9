"""The scheduler: slots every process agrees on, one run per slot, failures recorded.

The last tests run the real thing: `manage.py scheduler` processes against this
test's own PostgreSQL database, side by side, with jobs that append to a file, so
the file says how many times each job's work was actually done.
"""

from __future__ import annotations

import datetime
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from core.models import RunOutcome, ScheduledRun
from core.scheduler import (
    Job,
    job_run,
    job_states,
    scheduled_job,
    scheduled_jobs,
    scheduled_runs_prune,
)

ROOT = Path(__file__).resolve().parents[2]
UTC = datetime.UTC


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- Slots -------------------------------------------------------------------


def test_interval_slots_are_aligned_to_the_epoch_whenever_a_process_started():
    job = Job(name="sweep", command="tasks_sweep", every=300)
    # Two processes, one started at 15:01:07 and one at 15:04:59, agree on the slot.
    assert job.slot(at("2026-12-01 15:01:07")) == at("2026-12-01 15:00:00")
    assert job.slot(at("2026-12-01 15:04:59.999")) == at("2026-12-01 15:00:00")
    assert job.slot(at("2026-12-01 15:05:00")) == at("2026-12-01 15:05:00")
    assert job.next_slot(at("2026-12-01 15:05:00")) == at("2026-12-01 15:10:00")
    assert job.interval_after(at("2026-12-01 15:05:00")) == datetime.timedelta(minutes=5)


def test_an_hourly_interval_slot_is_on_the_hour_in_utc():
    job = Job(name="hourly", command="x", every=3600)
    assert job.slot(at("2026-12-01 15:59:59")) == at("2026-12-01 15:00:00")


def test_cron_slots_are_the_latest_fire_time():
    daily = Job(name="expire", command="x", cron="10 3 * * *")
    assert daily.slot(at("2026-12-01 02:00:00")) == at("2026-11-30 03:10:00")
    assert daily.slot(at("2026-12-01 03:10:00")) == at("2026-12-01 03:10:00")
    assert daily.slot(at("2026-12-01 23:59:00")) == at("2026-12-01 03:10:00")
    assert daily.next_slot(at("2026-12-01 03:10:00")) == at("2026-12-02 03:10:00")
    assert daily.interval_after(at("2026-12-01 03:10:00")) == datetime.timedelta(days=1)
    hourly = Job(name="reconcile", command="x", cron="20 * * * *")
    assert hourly.slot(at("2026-12-01 15:19:59")) == at("2026-12-01 14:20:00")
    weekly = Job(name="weekly", command="x", cron="0 4 * * mon")  # 2026-11-30 is a Monday
    assert weekly.slot(at("2026-12-06 12:00:00")) == at("2026-11-30 04:00:00")


def test_a_job_has_exactly_one_kind_of_schedule():
    with pytest.raises(ValueError, match="one of 'every' or 'cron'"):
        Job(name="both", command="x", every=60, cron="* * * * *")
    with pytest.raises(ValueError, match="one of 'every' or 'cron'"):
        Job(name="neither", command="x")


def test_every_configured_job_names_a_real_command():
    from django.core.management import get_commands

    commands = get_commands()
    for job in scheduled_jobs():
        assert job.command in commands, job.name
        assert job.slot(timezone.now()) <= timezone.now()  # its schedule parses


# --- One run per slot, in this process ------------------------------------------

SWEEP = Job(name="sweep", command="tasks_sweep", every=300)
BROKEN = Job(
    name="broken", command="petition_count_reconcile", args=("--petition", "nosuch"), every=300
)


@pytest.mark.django_db
def test_a_slot_runs_once_and_records_what_the_job_printed():
    now = at("2026-12-01 15:07:00")
    first = job_run(SWEEP, now=now)
    again = job_run(SWEEP, now=now + datetime.timedelta(minutes=2))

    assert first.outcome == RunOutcome.OK
    assert first.slot == at("2026-12-01 15:05:00")
    assert "Re-queued 0 task(s)" in first.output
    assert first.finished_at is not None
    assert again is None
    assert ScheduledRun.objects.count() == 1


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed_and_the_next_job_still_runs():
    failed = job_run(BROKEN)
    after = job_run(SWEEP)

    assert failed.outcome == RunOutcome.FAILED
    assert "No petition 'nosuch'" in failed.output
    assert after.outcome == RunOutcome.OK


@pytest.mark.django_db
def test_missed_slots_run_once_not_once_each():
    ScheduledRun.objects.create(
        job="sweep",
        slot=at("2026-12-01 12:00:00"),
        started_at=at("2026-12-01 12:00:00"),
        finished_at=at("2026-12-01 12:00:01"),
        outcome=RunOutcome.OK,
    )
    # Three hours without a scheduler: 36 slots passed.
    now = at("2026-12-01 15:02:00")
    job_run(SWEEP, now=now)
    job_run(SWEEP, now=now)

    assert list(ScheduledRun.objects.order_by("slot").values_list("slot", flat=True)) == [
        at("2026-12-01 12:00:00"),
        at("2026-12-01 15:00:00"),
    ]


@pytest.mark.django_db
def test_a_job_still_running_elsewhere_is_not_started_again():
    ScheduledRun.objects.create(
        job="broken", slot=BROKEN.slot(timezone.now()) - datetime.timedelta(minutes=5)
    )
    assert job_run(BROKEN) is None  # had it run, it would have failed

    mine = ScheduledRun.objects.get(slot=BROKEN.slot(timezone.now()))
    assert mine.outcome == RunOutcome.SKIPPED
    assert "still going" in mine.output


@pytest.mark.django_db
@override_settings(SCHEDULER_RUN_LEASE_SECONDS=600)
def test_a_run_whose_process_died_is_closed_and_the_job_runs_again():
    dead = ScheduledRun.objects.create(
        job="sweep",
        slot=SWEEP.slot(timezone.now()) - datetime.timedelta(minutes=15),
        started_at=timezone.now() - datetime.timedelta(minutes=15),
    )
    run = job_run(SWEEP)

    dead.refresh_from_db()
    assert dead.outcome == RunOutcome.FAILED
    assert "stopped before it finished" in dead.output
    assert run.outcome == RunOutcome.OK


@pytest.mark.django_db
@override_settings(MAILCHIMP_API_KEY="")
def test_a_job_for_a_service_not_configured_is_skipped_not_failed():
    run = job_run(scheduled_job("mailchimp_sweep"))
    assert run.outcome == RunOutcome.SKIPPED
    assert "MAILCHIMP_API_KEY" in run.output


@pytest.mark.django_db
@override_settings(SCHEDULER_KEEP_DAYS=14)
def test_pruning_keeps_two_weeks_and_each_jobs_latest_run():
    now = timezone.now()

    def row(job: str, days_ago: int) -> ScheduledRun:
        when = now - datetime.timedelta(days=days_ago)
        return ScheduledRun.objects.create(
            job=job, slot=when, started_at=when, finished_at=when, outcome=RunOutcome.OK
        )

    recent, old = row("sweep", 1), row("sweep", 20)
    monthly = row("monthly", 40)

    assert scheduled_runs_prune() == 1
    assert set(ScheduledRun.objects.all()) == {recent, monthly}
    assert old.job == "sweep"


@pytest.mark.django_db
def test_lateness_is_two_intervals_without_a_run():
    now = at("2026-12-01 15:07:00")
    ScheduledRun.objects.create(job="sweep", slot=at("2026-12-01 14:55:00"), outcome=RunOutcome.OK)
    ScheduledRun.objects.create(job="broken", slot=at("2026-12-01 15:00:00"), outcome=RunOutcome.OK)
    states = {state.job.name: state for state in job_states([SWEEP, BROKEN], now=now)}
    assert states["sweep"].late  # 12 minutes since a 5-minute job's slot
    assert not states["broken"].late  # 7 minutes
    assert job_states([Job(name="new", command="x", every=60)], now=now)[0].late  # never ran


@pytest.mark.django_db
def test_list_shows_each_job_with_its_last_run_and_next_slot():
    job_run(scheduled_job("tasks_sweep"))
    out = io.StringIO()
    call_command("scheduler", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(job_states())
    sweep = next(line for line in lines if line.startswith("tasks_sweep:"))
    assert "every 5 min" in sweep and "Succeeded" in sweep and "LATE" not in sweep
    expire = next(line for line in lines if line.startswith("petitions_expire_unconfirmed:"))
    assert "never ran LATE" in expire and "cron '10 3 * * *'" in expire


@pytest.mark.django_db
def test_run_once_runs_a_job_through_the_lock():
    out = io.StringIO()
    call_command("scheduler", "--run-once", "tasks_sweep", stdout=out)
    call_command("scheduler", "--run-once", "tasks_sweep", stdout=out)
    assert "Succeeded" in out.getvalue()
    assert "taken by another scheduler" in out.getvalue()
    assert ScheduledRun.objects.filter(job="tasks_sweep").count() == 1
    with pytest.raises(CommandError, match="No scheduled job 'nosuch'"):
        call_command("scheduler", "--run-once", "nosuch")


# --- Real scheduler processes side by side (PostgreSQL) -------------------------------


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: the schedulers are separate processes, and SQLite's in-memory "
            "test database cannot be shared with them (CI runs this on PostgreSQL)."
        )


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _scheduler_env(tmp_path: Path, jobs: dict) -> dict[str, str]:
    """Settings for the child processes: the test settings with these jobs only."""
    (tmp_path / "scheduler_test_settings.py").write_text(
        "from config.settings.test import *  # noqa\n"
        f"SCHEDULED_JOBS = {jobs!r}\n"
        "SCHEDULER_RUN_LEASE_SECONDS = 600\n"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scheduler_test_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DATABASE_URL": _database_url(),
    }


def _appending(path: Path, *, sleep: float = 0.0) -> list[str]:
    """`shell -c` arguments whose job appends one line to `path` (after `sleep` s)."""
    code = textwrap.dedent(
        f"""
        import time
        time.sleep({sleep})
        with open({str(path)!r}, "a") as f:
            f.write("ran\\n")
        """
    )
    return ["-c", code]


@pytest.mark.django_db(transaction=True)
def test_two_processes_running_the_same_job_at_once_run_it_once(tmp_path):
    _needs_postgresql()
    ran = tmp_path / "ran.txt"
    env = _scheduler_env(
        tmp_path,
        {"counted": {"command": "shell", "args": _appending(ran, sleep=1), "every": 86400}},
    )
    command = [sys.executable, "manage.py", "scheduler", "--run-once", "counted"]
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )  # noqa: S603
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0].decode() for process in processes]

    assert all(process.returncode == 0 for process in processes), outputs
    assert ran.read_text() == "ran\n"
    assert ScheduledRun.objects.filter(job="counted").count() == 1
    assert ScheduledRun.objects.get(job="counted").outcome == RunOutcome.OK
    assert sum("taken by another scheduler" in output for output in outputs) == 1


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_side_by_side_run_each_slot_once_and_survive_a_failing_job(tmp_path):
    _needs_postgresql()
    ran = tmp_path / "ran.txt"
    env = _scheduler_env(
        tmp_path,
        {
            "counted": {"command": "shell", "args": _appending(ran), "every": 2},
            "broken": {
                "command": "petition_count_reconcile",
                "args": ["--petition", "nosuch"],
                "every": 2,
            },
        },
    )
    log = tmp_path / "schedulers.log"
    with log.open("a") as output:
        schedulers = [
            subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "scheduler"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            for _ in range(2)
        ]
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if ScheduledRun.objects.filter(job="counted", outcome=RunOutcome.OK).count() >= 4:
                break
            time.sleep(0.2)
        assert all(scheduler.poll() is None for scheduler in schedulers), log.read_text()
    finally:
        for scheduler in schedulers:
            scheduler.send_signal(signal.SIGTERM)
        codes = [scheduler.wait(timeout=30) for scheduler in schedulers]

    assert codes == [0, 0], log.read_text()
    assert "Scheduler stopped." in log.read_text()
    counted = ScheduledRun.objects.filter(job="counted").exclude(outcome=RunOutcome.SKIPPED)
    assert counted.count() >= 4, log.read_text()
    assert set(counted.values_list("outcome", flat=True)) == {RunOutcome.OK}
    # The work was done once per slot, however many schedulers were running.
    slots = list(counted.values_list("slot", flat=True))
    assert ran.read_text().count("ran\n") == len(set(slots)) == len(slots)
    broken = ScheduledRun.objects.filter(job="broken")
    assert broken.count() >= 2
    assert set(broken.values_list("outcome", flat=True)) == {RunOutcome.FAILED}
    assert all("No petition 'nosuch'" in run.output for run in broken)
    # The job after the first failure still ran: the failure did not stop the scheduler.
    assert counted.filter(slot__gt=broken.order_by("slot").first().slot).exists()
