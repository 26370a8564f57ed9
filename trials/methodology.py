"""What the methodology page says about each rule set, from the rule sets themselves.

The page (another module renders it) prints, for each registered rule set, its
name, summary and published source, how it reads a registry record, and what
each status means under it. Everything here comes from `trials.rules`, so the
page cannot drift from the rules that produced the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import ReportingStatus
from .rules import DEFAULT_RULE_SET, READINGS, RULE_SETS, STATUS_NOTES


@dataclass(frozen=True)
class StatusExplained:
    value: str  # trials.models.ReportingStatus value
    label: str
    meaning: str


@dataclass(frozen=True)
class RuleSetDescription:
    key: str
    name: str
    summary: str
    source_title: str
    source_url: str
    is_default: bool
    readings: tuple[str, ...]  # how the rule set reads a record, one point each
    statuses: tuple[StatusExplained, ...]


def rule_set_descriptions() -> list[RuleSetDescription]:
    """Every registered rule set, the default first, each with its statuses in the
    order of ReportingStatus."""
    keys = sorted(RULE_SETS, key=lambda key: (key != DEFAULT_RULE_SET, key))
    return [
        RuleSetDescription(
            key=key,
            name=RULE_SETS[key].name,
            summary=RULE_SETS[key].summary,
            source_title=RULE_SETS[key].source_title,
            source_url=RULE_SETS[key].source_url,
            is_default=key == DEFAULT_RULE_SET,
            readings=READINGS.get(key, ()),
            statuses=tuple(
                StatusExplained(
                    value=status.value,
                    label=status.label,
                    meaning=STATUS_NOTES.get((key, status.value), ""),
                )
                for status in ReportingStatus
            ),
        )
        for key in keys
    ]
