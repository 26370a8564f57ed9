"""The tracker's background work: thin wrappers around its services."""

from __future__ import annotations

import datetime

from django_tasks import task

from core.tasks import DEFAULT


@task(queue_name=DEFAULT)
def sponsor_records_refresh_task(today_iso: str) -> int:
    """Recount the sponsors' records for `today_iso` (safe twice: the same day replaces)."""
    from .services.records import sponsor_records_refresh

    return sponsor_records_refresh(today=datetime.date.fromisoformat(today_iso))
