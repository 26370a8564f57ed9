"""What operators watch: the task queues, failed tasks, outside-service backlogs and
the scheduler, as figures with a verdict (GET /healthz/status/, and the admin's
"Operations" panel).

Core knows the queues and the scheduler; the apps know their own backlogs. Each app
registers a check in its AppConfig.ready() with `register_backlog`, so core never
imports updates or donations. A check returns a `Backlog`: how many things wait for
an outside service, how many of those are failing, and how long the oldest has waited.

The verdict is unhealthy when the database does not answer, when the oldest task
ready to run on a queue has waited longer than HEALTH_TASK_WAIT_MAX_SECONDS (no
worker is taking them), when a scheduled job is late (no run for more than two of
its intervals: no scheduler is running), or when a backlog of a connected service
has grown past its limit setting. Nothing here names or counts a person by anything
but a number.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Case, Count, F, Min, Q, When
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backlog:
    """Work one app has waiting for an outside service.

    `connected` is False when the service is not configured: things then wait by
    design (sign-ups kept locally) and never make the site unhealthy.
    """

    waiting: int
    failing: int = 0
    oldest_waiting_seconds: float | None = None
    connected: bool = True
    # Further counts worth showing (e.g. Mailchimp deletions waiting), name -> number.
    details: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BacklogCheck:
    name: str
    label: str
    check: Callable[[], Backlog]
    limit_setting: str


# Filled once at start-up by each app's ready(); read-only afterwards.
_backlog_checks: dict[str, BacklogCheck] = {}


def register_backlog(
    name: str, *, label: str, check: Callable[[], Backlog], limit_setting: str
) -> None:
    """Add an app's backlog to the status; unhealthy past `settings.<limit_setting>` waiting."""
    _backlog_checks[name] = BacklogCheck(
        name=name, label=label, check=check, limit_setting=limit_setting
    )


def backlog_checks() -> list[BacklogCheck]:
    return list(_backlog_checks.values())


def seconds_since(moment: datetime.datetime | None, now: datetime.datetime) -> float | None:
    return None if moment is None else round(max((now - moment).total_seconds(), 0.0), 1)


def queue_figures(now: datetime.datetime) -> dict[str, dict]:
    """Per queue: tasks ready now, deferred to later, running, failed in the last hour
    and day, and how long the oldest ready one has waited. One grouped query."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    never = get_date_max()  # the queue's "no run_after": ready since it was enqueued
    ready = Q(status=TaskResultStatus.READY) & (Q(run_after=never) | Q(run_after__lte=now))
    failed = Q(status=TaskResultStatus.FAILED)
    day_ago = now - datetime.timedelta(days=1)
    rows = (
        DBTaskResult.objects.filter(
            Q(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
            | (failed & Q(finished_at__gte=day_ago))
        )
        .values("queue_name")
        .annotate(
            ready=Count("pk", filter=ready),
            deferred=Count("pk", filter=Q(status=TaskResultStatus.READY) & ~ready),
            running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
            failed_last_hour=Count(
                "pk", filter=failed & Q(finished_at__gte=now - datetime.timedelta(hours=1))
            ),
            failed_last_day=Count("pk", filter=failed),
            # Waiting since it became due: enqueued, or its run_after if that came later.
            oldest_ready=Min(
                Case(
                    When(run_after=never, then=F("enqueued_at")),
                    When(run_after__lt=F("enqueued_at"), then=F("enqueued_at")),
                    default=F("run_after"),
                ),
                filter=ready,
            ),
        )
    )
    by_queue = {row.pop("queue_name"): row for row in rows}
    figures = {}
    for queue in sorted({*settings.TASK_QUEUES, *by_queue}):
        row = by_queue.get(queue, {})
        figures[queue] = {
            "ready": row.get("ready", 0),
            "oldest_ready_seconds": seconds_since(row.get("oldest_ready"), now),
            "deferred": row.get("deferred", 0),
            "running": row.get("running", 0),
            "failed_last_hour": row.get("failed_last_hour", 0),
            "failed_last_day": row.get("failed_last_day", 0),
        }
    return figures


def scheduler_figures(now: datetime.datetime) -> dict[str, dict]:
    """Per scheduled job: its schedule, its latest run (slot, outcome, when it
    finished) and whether it is late."""
    from .scheduler import job_states

    figures = {}
    for state in job_states(now=now):
        last = state.last
        figures[state.job.name] = {
            "schedule": state.job.schedule_text(),
            "last_slot": last.slot.isoformat() if last else None,
            "last_outcome": last.outcome if last else None,
            "last_finished": last.finished_at.isoformat() if last and last.finished_at else None,
            "next": state.next_at.isoformat(),
            "late": state.late,
        }
    return figures


def backlog_figures() -> dict[str, dict]:
    figures = {}
    for entry in backlog_checks():
        backlog = entry.check()
        limit = getattr(settings, entry.limit_setting)
        figures[entry.name] = {
            "label": entry.label,
            **asdict(backlog),
            "limit": limit,
            "over_limit": backlog.connected and backlog.waiting > limit,
        }
    return figures


@dataclass(frozen=True)
class Status:
    healthy: bool
    problems: list[str]
    figures: dict

    def as_dict(self) -> dict:
        return {"healthy": self.healthy, "problems": self.problems, **self.figures}


def _problems(figures: dict) -> list[str]:
    problems = []
    wait_max = settings.HEALTH_TASK_WAIT_MAX_SECONDS
    for queue, row in figures["queues"].items():
        if (row["oldest_ready_seconds"] or 0) > wait_max:
            problems.append(
                f"queue {queue}: the oldest ready task has waited "
                f"{row['oldest_ready_seconds']:.0f} s (limit {wait_max} s)"
            )
    for job, row in figures["scheduler"].items():
        if row["late"]:
            when = f"last slot {row['last_slot']}" if row["last_slot"] else "never ran"
            problems.append(f"scheduled job {job} is late ({when})")
    for row in figures["backlogs"].values():
        if row["over_limit"]:
            problems.append(f"{row['label']}: {row['waiting']} waiting (limit {row['limit']})")
    return problems


def health_status(*, now: datetime.datetime | None = None) -> Status:
    """Every figure, and whether anything needs an operator now."""
    now = now or timezone.now()
    try:
        figures = {
            "database": "ok",
            "queues": queue_figures(now),
            "scheduler": scheduler_figures(now),
            "backlogs": backlog_figures(),
        }
    except DatabaseError:
        logger.exception("Health status: the database did not answer")
        return Status(
            healthy=False, problems=["database unreachable"], figures={"database": "unreachable"}
        )
    problems = _problems(figures)
    return Status(healthy=not problems, problems=problems, figures=figures)
