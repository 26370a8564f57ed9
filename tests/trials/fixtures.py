"""Fixtures for the tracker's tests, importable by the browser tests too."""

import datetime

import pytest

from trials import rules


def _never(facts, today: datetime.date) -> rules.Outcome:  # pragma: no cover - never called
    raise AssertionError("the pages never classify")


@pytest.fixture
def fake_rules():
    """Two small rule sets and their reasons, for the length of one test; the registry
    is put back as it was afterwards (other helpers' rule sets included)."""
    saved_sets, saved_reasons = dict(rules.RULE_SETS), dict(rules.REASONS)
    rules.RULE_SETS.clear()
    rules.REASONS.clear()
    who = rules.register(
        rules.RuleSet(
            key=rules.DEFAULT_RULE_SET,
            name="Results within 12 months (test)",
            summary="Results are due 12 months after primary completion.",
            source_title="WHO statement on public disclosure (test)",
            source_url="https://example.org/who-statement",
            classify=_never,
        )
    )
    fdaaa = rules.register(
        rules.RuleSet(
            key="fdaaa-801-v1",
            name="FDAAA 801 (test)",
            summary="Applicable trials report within a year and 30 days.",
            source_title="42 CFR Part 11 (test)",
            source_url="https://example.org/42-cfr-11",
            classify=_never,
        )
    )
    rules.REASONS[(who.key, "no-results")] = rules.Reason(
        summary="The registry shows no results a year after the trial ended.",
        fix="Post the results on ClinicalTrials.gov.",
    )
    rules.REASONS[(fdaaa.key, "not-applicable")] = rules.Reason(
        summary="The trial is not an applicable clinical trial."
    )
    yield {"who": who, "fdaaa": fdaaa}
    rules.RULE_SETS.clear()
    rules.RULE_SETS.update(saved_sets)
    rules.REASONS.clear()
    rules.REASONS.update(saved_reasons)


@pytest.fixture
def tracker(site_tree):
    from tests.trials.factories import MethodologyPageFactory, TrackerPageFactory

    page = TrackerPageFactory(parent=site_tree["home"], publish=True)
    methodology = MethodologyPageFactory(parent=page, publish=True)
    return {"page": page, "methodology": methodology, **site_tree}
