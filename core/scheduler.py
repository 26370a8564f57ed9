"""Periodic jobs: one scheduler process, and a lock so that two never run a job twice.

The jobs are management commands named in SCHEDULED_JOBS (settings), so core never
imports the apps whose work it schedules. `manage.py scheduler` runs them on
APScheduler, in UTC; production runs one such process (running two is safe, e.g.
during a deploy, and a second on another host is a warm standby).

Each run of a job stands for a *slot*: the time it was scheduled for. A slot is
computed from the clock alone, the same in every process whatever moment it
started: an interval job's slots are multiples of its interval since the epoch
(a 5-minute job's are :00, :05, :10, ...), a cron job's are its fire times. The
process that inserts the (job, slot) row of `core.ScheduledRun` runs the job; any
other meets the unique constraint and leaves it. A job still running in another
process (an unfinished row younger than SCHEDULER_RUN_LEASE_SECONDS) is not started
again, and a scheduler that starts runs each job whose latest slot has no row yet:
once, however many slots passed while no scheduler ran.

A job that fails is recorded as failed with the end of its output; the scheduler
carries on and the next slot tries again.
"""

from __future__ import annotations

import datetime
import io
import logging
import math
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, close_old_connections, connections, transaction
from django.utils import timezone

from .models import RunOutcome, ScheduledRun

logger = logging.getLogger(__name__)

UTC = datetime.UTC
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
# How much of a job's output a run row keeps (the end, where the errors are).
OUTPUT_EXCERPT_CHARS = 4000
# How far back to look for a cron job's latest fire time, widening step by step.
CRON_LOOKBACK = [datetime.timedelta(hours=1), datetime.timedelta(days=1)] + [
    datetime.timedelta(days=days) for days in (8, 32, 367)
]


@dataclass(frozen=True)
class Job:
    """One entry of SCHEDULED_JOBS: a management command and when it runs.

    Exactly one of `every` (seconds) or `cron` (a crontab line, in UTC) is set.
    `requires` names settings that must be set for the job to make sense (a
    Mailchimp sweep without a Mailchimp key): without them a run is recorded as
    skipped instead of failing every time.
    """

    name: str
    command: str
    args: tuple[str, ...] = ()
    every: int | None = None
    cron: str | None = None
    requires: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.every is None) == (self.cron is None):
            raise ValueError(f"Scheduled job {self.name!r} needs one of 'every' or 'cron'.")
        if self.every is not None and self.every < 1:
            raise ValueError(f"Scheduled job {self.name!r}: 'every' is in seconds, at least 1.")

    def trigger(self):
        """The APScheduler trigger that wakes the scheduler at this job's slots."""
        if self.every is not None:
            # Anchored at the epoch so every process fires at the same slots.
            return IntervalTrigger(seconds=self.every, start_date=EPOCH, timezone=UTC)
        return CronTrigger.from_crontab(self.cron, timezone=UTC)

    def slot(self, now: datetime.datetime) -> datetime.datetime:
        """The latest scheduled time at or before `now`."""
        if self.every is not None:
            seconds = math.floor(now.timestamp() / self.every) * self.every
            return datetime.datetime.fromtimestamp(seconds, tz=UTC)
        trigger = self.trigger()
        for lookback in CRON_LOOKBACK:
            fire = trigger.get_next_fire_time(None, now - lookback)
            if fire is None or fire > now:
                continue
            while True:
                following = trigger.get_next_fire_time(None, fire + datetime.timedelta(seconds=1))
                if following is None or following > now:
                    return fire.astimezone(UTC)
                fire = following
        raise ValueError(f"Scheduled job {self.name!r} ({self.cron}) has not fired in a year.")

    def next_slot(self, now: datetime.datetime) -> datetime.datetime:
        """The first scheduled time after `now`."""
        if self.every is not None:
            return self.slot(now) + datetime.timedelta(seconds=self.every)
        after = now.replace(microsecond=0) + datetime.timedelta(seconds=1)
        return self.trigger().get_next_fire_time(None, after).astimezone(UTC)

    def interval_after(self, slot: datetime.datetime) -> datetime.timedelta:
        """The gap from `slot` to the next one: how long a run may be awaited."""
        return self.next_slot(slot) - slot

    def schedule_text(self) -> str:
        if self.every is not None:
            return f"every {_duration_text(self.every)}"
        return f"cron '{self.cron}' (UTC)"

    def missing_settings(self) -> list[str]:
        return [name for name in self.requires if not getattr(settings, name, None)]


def _duration_text(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def scheduled_jobs() -> list[Job]:
    """The jobs of SCHEDULED_JOBS, in the order the setting lists them."""
    return [
        Job(
            name=name,
            command=spec["command"],
            args=tuple(spec.get("args", ())),
            every=spec.get("every"),
            cron=spec.get("cron"),
            requires=tuple(spec.get("requires", ())),
        )
        for name, spec in settings.SCHEDULED_JOBS.items()
    ]


def scheduled_job(name: str) -> Job:
    for job in scheduled_jobs():
        if job.name == name:
            return job
    raise KeyError(name)


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.SCHEDULER_RUN_LEASE_SECONDS)


def _close_abandoned(job: Job, now: datetime.datetime) -> None:
    """Close runs whose process died (unfinished past the lease) as failed."""
    ScheduledRun.objects.filter(
        job=job.name, finished_at__isnull=True, started_at__lt=now - _lease()
    ).update(
        finished_at=now,
        outcome=RunOutcome.FAILED,
        output="The process running this job stopped before it finished.",
    )


def run_claim(job: Job, slot: datetime.datetime) -> ScheduledRun | None:
    """Take the lock for `job` at `slot`: the new row, or None when it is not ours to run.

    None when another process already holds this slot (the unique constraint), or
    when a run of the job from an earlier slot is still going somewhere. In the
    second case our row stays, closed as skipped, so the slot shows as handled:
    were two processes to claim neighbouring slots at once, each may see the other
    and both skip (the next slot runs), but never both run.
    """
    now = timezone.now()
    _close_abandoned(job, now)
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, slot=slot, started_at=now)
    except IntegrityError:
        return None
    elsewhere = (
        ScheduledRun.objects.filter(job=job.name, finished_at__isnull=True)
        .exclude(pk=run.pk)
        .order_by("slot")
        .first()
    )
    if elsewhere is not None:
        _finish(
            run,
            RunOutcome.SKIPPED,
            f"The run for {elsewhere.slot:%Y-%m-%d %H:%M:%S} UTC was still going.",
        )
        return None
    return run


def _finish(run: ScheduledRun, outcome: str, output: str) -> None:
    run.finished_at = timezone.now()
    run.outcome = outcome
    run.output = output[-OUTPUT_EXCERPT_CHARS:]
    run.save(update_fields=["finished_at", "outcome", "output"])


def job_run(job: Job, *, now: datetime.datetime | None = None) -> ScheduledRun | None:
    """Run `job` for its current slot if no process has; the finished row, or None.

    Never raises for the job's own failure: that is recorded on the row (failed,
    with the end of its output and the error) and logged.
    """
    slot = job.slot(now or timezone.now())
    run = run_claim(job, slot)
    if run is None:
        logger.info("%s: slot %s taken by another run, skipped", job.name, f"{slot:%H:%M:%S}")
        return None
    if missing := job.missing_settings():
        _finish(run, RunOutcome.SKIPPED, f"Not configured: {', '.join(missing)} not set.")
        logger.info("%s: skipped, %s not set", job.name, ", ".join(missing))
        return run
    output = io.StringIO()
    began = time.monotonic()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except Exception:
        _finish(run, RunOutcome.FAILED, output.getvalue() + traceback.format_exc())
        logger.exception("%s failed (slot %s)", job.name, f"{slot:%Y-%m-%d %H:%M:%S}")
    else:
        _finish(run, RunOutcome.OK, output.getvalue())
        logger.info(
            "%s ran (slot %s) in %.1f s",
            job.name,
            f"{slot:%Y-%m-%d %H:%M:%S}",
            time.monotonic() - began,
        )
    return run


def scheduled_job_fire(name: str) -> None:
    """What the scheduler's thread calls at a slot: one job, on its own connection.

    The connection is closed afterwards: jobs run minutes apart, and a pool thread
    holding one open each would keep a connection per job for nothing.
    """
    close_old_connections()
    try:
        job_run(scheduled_job(name))
    except Exception:
        # The lock itself failed (the database away): log it; the next slot tries again.
        logger.exception("%s could not be run", name)
    finally:
        connections.close_all()


def scheduled_runs_prune(*, keep_days: int | None = None) -> int:
    """Delete finished run rows older than SCHEDULER_KEEP_DAYS, keeping each job's latest.

    The latest row of each job stays whatever its age, so a monthly job still shows
    when it last ran.
    """
    days = settings.SCHEDULER_KEEP_DAYS if keep_days is None else keep_days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    old = ScheduledRun.objects.filter(slot__lt=cutoff, finished_at__isnull=False)
    for name in set(old.values_list("job", flat=True)):
        latest = ScheduledRun.objects.filter(job=name).order_by("-slot").first()
        old = old.exclude(pk=latest.pk)
    deleted, _ = old.delete()
    return deleted


@dataclass(frozen=True)
class JobState:
    """How one job stands, for `scheduler --list`, the health endpoint and the admin panel."""

    job: Job
    last: ScheduledRun | None
    next_at: datetime.datetime
    late: bool


def job_states(
    jobs: Sequence[Job] | None = None, *, now: datetime.datetime | None = None
) -> list[JobState]:
    """Each job with its latest run, its next slot, and whether it is late.

    A job is late when its latest recorded slot is older than two of its
    intervals (or it never ran): no scheduler has run it for more than a slot.
    One query per job, on the (job, slot) index.
    """
    now = now or timezone.now()
    jobs = scheduled_jobs() if jobs is None else list(jobs)
    states = []
    for job in jobs:
        last = ScheduledRun.objects.filter(job=job.name).order_by("-slot").first()
        late = last is None or now - last.slot > 2 * job.interval_after(last.slot)
        states.append(JobState(job=job, last=last, next_at=job.next_slot(now), late=late))
    return states
