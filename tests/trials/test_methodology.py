"""The methodology page's account of each rule set comes from the rule sets."""

from __future__ import annotations

from django.utils import translation

from trials.methodology import rule_set_descriptions
from trials.models import ReportingStatus


def test_every_rule_set_is_described_default_first_with_its_source():
    described = rule_set_descriptions()

    assert [d.key for d in described] == ["who-12m-v1", "fdaaa-801-v1"]
    assert [d.is_default for d in described] == [True, False]
    who, fdaaa = described
    assert who.source_url == "https://www.who.int/ictrp/results/en/"
    assert "WHO Statement on Public Disclosure of Clinical Trial Results" in who.source_title
    assert "42 CFR Part 11" in fdaaa.source_title
    assert "2016-22129" in fdaaa.source_url


def test_each_status_is_explained_in_order_under_each_rule_set():
    for described in rule_set_descriptions():
        assert [s.value for s in described.statuses] == ReportingStatus.values
        assert all(str(s.meaning) and str(s.label) for s in described.statuses)
        overdue = next(s for s in described.statuses if s.value == "overdue")
        assert str(overdue.label) == "Appears overdue"
        assert "appear overdue" in str(overdue.meaning)


def test_the_boundaries_are_stated_in_words():
    who, fdaaa = rule_set_descriptions()
    assert any("day 366 one day late" in str(point) for point in who.readings)
    assert any("day 395 is on time and day 396" in str(point) for point in fdaaa.readings)
    assert any("last day" in str(point) for point in fdaaa.readings)  # month-only dates


def test_descriptions_follow_the_reader_s_language():
    with translation.override("de"):
        (who, _) = rule_set_descriptions()
        assert str(who.name) != "WHO: results within 12 months"
