"""Classifying stored trials under every rule set."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet

from ..models import Classification, Trial
from ..registry_record import parse_study
from ..rules import RULE_SETS, Outcome, RuleSet

# Trials read per database round trip, and trials per write.
CHUNK_SIZE = 2000
WRITTEN_FIELDS = ["status", "due_on", "reported_on", "days_late", "reason", "judged_on"]
UNREADABLE = Outcome(status="inconsistent", reason="unreadable_record")


def rule_sets_named(keys: Iterable[str] | None) -> list[RuleSet]:
    """The registered rule sets with these keys (all when None); a clear error for an
    unknown key."""
    if keys is None:
        return list(RULE_SETS.values())
    unknown = sorted(set(keys) - set(RULE_SETS))
    if unknown:
        raise ValueError(
            f"Unknown rule set {', '.join(unknown)}; known: {', '.join(sorted(RULE_SETS))}."
        )
    return [RULE_SETS[key] for key in dict.fromkeys(keys)]


def trials_classify(
    *,
    today: datetime.date,
    trials: QuerySet | None = None,
    rule_sets: list[str] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> int:
    """Re-parse each trial's raw record, judge it under each rule set as of `today`
    and store one Classification per (trial, rule set). Returns trials classified.

    The rules read only the stored raw record, so a new rule set (or a fixed one
    under a new key) re-classifies everything without fetching again. Trials are
    streamed in chunks and their classifications written in one upsert per chunk,
    so memory and queries per chunk stay the same however many trials there are.
    Running it twice on the same day writes the same rows.
    """
    chosen = rule_sets_named(rule_sets)
    queryset = Trial.objects.all() if trials is None else trials
    rows = queryset.order_by().values_list("id", "raw").iterator(chunk_size=chunk_size)
    classified = 0
    batch: list[Classification] = []
    for trial_id, raw in rows:
        try:
            facts = parse_study(raw).facts
        except ValueError:  # no usable NCT number: the import should have refused it
            facts = None
        for rule_set in chosen:
            outcome = UNREADABLE if facts is None else rule_set.classify(facts, today)
            batch.append(
                Classification(
                    trial_id=trial_id,
                    rule_set=rule_set.key,
                    status=outcome.status,
                    due_on=outcome.due_on,
                    reported_on=outcome.reported_on,
                    days_late=outcome.days_late,
                    reason=outcome.reason,
                    judged_on=today,
                )
            )
        classified += 1
        if classified % chunk_size == 0:
            _write(batch)
            batch = []
    _write(batch)
    return classified


def _write(batch: list[Classification]) -> None:
    if batch:
        Classification.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["trial", "rule_set"],
            update_fields=WRITTEN_FIELDS,
        )
