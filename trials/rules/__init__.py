"""Reporting rules: one pure function per published rule set, versioned.

A rule set is `classify(facts: StudyFacts, today: date) -> Outcome`: no database, no
clock, no settings, so the same record judged on the same day always gets the same
answer and a golden table can pin every boundary. Each rule set names its
published source; the methodology page prints it. A change in what a rule means
is a new key (`who-12m-v2`), never an edit of an old one, so stored
classifications always say which rules produced them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from ..facts import StudyFacts


@dataclass(frozen=True)
class Outcome:
    status: str  # trials.models.ReportingStatus value
    reason: str  # a key of REASONS in the rule set's module, explained on the trial page
    due_on: datetime.date | None = None
    reported_on: datetime.date | None = None
    days_late: int | None = None


@dataclass(frozen=True)
class RuleSet:
    key: str
    name: str
    summary: str
    source_title: str
    source_url: str
    classify: Callable[[StudyFacts, datetime.date], Outcome]


@dataclass(frozen=True)
class Reason:
    """A classification's reason in plain words: what the record shows, and what the
    sponsor would do to change it (empty when nothing is asked)."""

    summary: str
    fix: str = ""


RULE_SETS: dict[str, RuleSet] = {}
# (rule set key, reason code) -> Reason; each rule set's module fills its own.
REASONS: dict[tuple[str, str], Reason] = {}
# (rule set key, status) -> what the status means under that rule set (methodology).
STATUS_NOTES: dict[tuple[str, str], str] = {}
# rule set key -> how it reads the registry record, in plain words (methodology).
READINGS: dict[str, tuple[str, ...]] = {}
DEFAULT_RULE_SET = "who-12m-v1"


def register(rule_set: RuleSet) -> RuleSet:
    RULE_SETS[rule_set.key] = rule_set
    return rule_set


def explain(rule_set_key: str, reason: str) -> Reason:
    """The plain-words reason for a stored classification."""
    return REASONS.get((rule_set_key, reason), Reason(summary=""))


# The rule sets register themselves on import; they import the names above, so
# they come last.
from . import fdaaa, who  # noqa: E402, F401
