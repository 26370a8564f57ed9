"""Classifying stored trials under every rule set."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet


def trials_classify(
    *, today: datetime.date, trials: QuerySet | None = None, rule_sets: list[str] | None = None
) -> int:
    """Re-parse each trial's raw record, judge it under each rule set as of `today`
    and store one Classification per (trial, rule set). Returns trials classified."""
    raise NotImplementedError  # issue 16: H2
