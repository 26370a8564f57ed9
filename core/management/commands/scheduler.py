"""The one scheduler process: runs SCHEDULED_JOBS until SIGTERM or SIGINT.

manage.py scheduler                  # run until stopped (production runs one; two are safe)
manage.py scheduler --list           # the jobs, their last run and their next slot
manage.py scheduler --run-once NAME  # run one job now, for its current slot, through the lock
manage.py scheduler --prune          # delete run rows past SCHEDULER_KEEP_DAYS (a job itself)
"""

from __future__ import annotations

import datetime
import logging
import signal

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from django.core.management.base import BaseCommand, CommandError

from core.models import RunOutcome
from core.scheduler import (
    UTC,
    job_run,
    job_states,
    scheduled_job,
    scheduled_job_fire,
    scheduled_jobs,
    scheduled_runs_prune,
)

logger = logging.getLogger("core.scheduler")


class Command(BaseCommand):
    help = (
        "Run the periodic jobs of SCHEDULED_JOBS (the task sweep, the Mailchimp sweep, "
        "Stripe reconciliation, expiry, count reconciliation, pruning) until stopped. "
        "A lock per run means two schedulers never run a job twice."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--list", action="store_true", help="Print the jobs and stop.")
        group.add_argument("--run-once", metavar="NAME", help="Run one job now and stop.")
        group.add_argument(
            "--prune", action="store_true", help="Delete run rows older than SCHEDULER_KEEP_DAYS."
        )

    def handle(self, *args, list=False, run_once=None, prune=False, **options):
        if list:
            return self.list_jobs()
        if run_once:
            return self.run_once(run_once)
        if prune:
            deleted = scheduled_runs_prune()
            self.stdout.write(f"Deleted {deleted} old scheduled run(s).")
            return None
        return self.run_forever()

    def list_jobs(self) -> None:
        for state in job_states():
            job, last = state.job, state.last
            if last is None:
                last_text = "never ran"
            else:
                last_text = f"last {last.slot:%Y-%m-%d %H:%M} UTC {last.get_outcome_display()}"
            late = " LATE" if state.late else ""
            self.stdout.write(
                f"{job.name}: {job.schedule_text()}, `{' '.join([job.command, *job.args])}`; "
                f"{last_text}{late}; next {state.next_at:%Y-%m-%d %H:%M} UTC"
            )

    def run_once(self, name: str) -> None:
        try:
            job = scheduled_job(name)
        except KeyError:
            names = ", ".join(job.name for job in scheduled_jobs())
            raise CommandError(f"No scheduled job {name!r}; the jobs are: {names}.") from None
        run = job_run(job)
        if run is None:
            self.stdout.write(
                f"{name}: this slot was taken by another scheduler (or its last run is "
                "still going); nothing run."
            )
            return
        self.stdout.write(f"{name} ({run.slot:%Y-%m-%d %H:%M:%S} UTC): {run.get_outcome_display()}")
        if run.output:
            self.stdout.write(run.output.rstrip())
        if run.outcome == RunOutcome.FAILED:
            raise CommandError(f"{name} failed.")

    def run_forever(self) -> None:
        jobs = scheduled_jobs()
        scheduler = BlockingScheduler(
            timezone=UTC,
            # Each job its own thread, so a slow Stripe reconcile never delays the sweep.
            executors={"default": ThreadPoolExecutor(max_workers=max(len(jobs), 1))},
            # A slot missed (the process asleep) runs once, late, and never in parallel with itself.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        now = datetime.datetime.now(UTC)
        for job in jobs:
            scheduler.add_job(
                scheduled_job_fire,
                trigger=job.trigger(),
                args=[job.name],
                id=job.name,
                name=job.name,
                # At start, each job whose latest slot has not run yet runs now (the lock
                # makes it a no-op for those that did).
                next_run_time=now,
            )

        def stop(signum, frame):
            if scheduler.running:
                logger.info("Stopping: waiting for running jobs to finish")
                scheduler.shutdown(wait=True)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(
            f"Scheduler running {len(jobs)} job(s): "
            + "; ".join(f"{job.name} {job.schedule_text()}" for job in jobs)
            + ". Stop with SIGTERM or Ctrl-C."
        )
        self.stdout.flush()
        scheduler.start()
        self.stdout.write("Scheduler stopped.")
