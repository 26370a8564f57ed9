"""The golden table: what each rule set says of a record on a given day.

Every boundary the methodology names has a row on each side of it. The rules are
pure: this module runs with the database blocked, so a rule that reached for it
would fail here.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import NamedTuple

import pytest

from trials.facts import ACTUAL, ESTIMATED, MONTH, PartialDate, StudyFacts, UnpostedEvent
from trials.models import ReportingStatus
from trials.rules import DEFAULT_RULE_SET, REASONS, RULE_SETS, STATUS_NOTES, explain

D = datetime.date
WHO = "who-12m-v1"
FDAAA = "fdaaa-801-v1"


@pytest.fixture(autouse=True)
def no_database(django_db_blocker):
    with django_db_blocker.block():
        yield


BASE = StudyFacts(
    nct_id="NCT00000001",
    overall_status="COMPLETED",
    study_type="INTERVENTIONAL",
    phases=("PHASE2",),
    primary_completion=PartialDate(D(2022, 3, 1), kind=ACTUAL),
    completion=PartialDate(D(2022, 5, 1), kind=ACTUAL),
    fda_regulated_drug=True,
    fda_regulated_device=False,
)


def study(**changes) -> StudyFacts:
    return dataclasses.replace(BASE, **changes)


def submitted(day: D, **changes) -> StudyFacts:
    """Results submitted on `day` and posted a month later."""
    return study(
        results_first_submit=day,
        results_first_post=day + datetime.timedelta(days=30),
        has_results=True,
        **changes,
    )


def in_review(*events: tuple[str, D], **changes) -> StudyFacts:
    """Results not posted, with these unposted events."""
    return study(unposted_events=tuple(UnpostedEvent(t, d) for t, d in events), **changes)


def month_only(year: int, month: int, last_day: int, kind=ACTUAL) -> PartialDate:
    return PartialDate(D(year, month, last_day), precision=MONTH, kind=kind)


class Row(NamedTuple):
    name: str
    rule_set: str
    facts: StudyFacts
    today: D
    status: str
    reason: str
    due_on: D | None = None
    days_late: int | None = None
    reported_on: D | None = None


S = ReportingStatus
LATER = D(2026, 1, 1)

GOLDEN = [
    # WHO: primary completion 2022-03-01, due 365 days later, 2023-03-01.
    Row("who results on day 365", WHO, submitted(D(2023, 3, 1)), LATER,
        S.REPORTED_ON_TIME, "reported_on_time", D(2023, 3, 1), None, D(2023, 3, 1)),
    Row("who results on day 366", WHO, submitted(D(2023, 3, 2)), LATER,
        S.REPORTED_LATE, "reported_late", D(2023, 3, 1), 1, D(2023, 3, 2)),
    Row("who none on day 365", WHO, study(), D(2023, 3, 1),
        S.NOT_YET_DUE, "not_yet_due", D(2023, 3, 1)),
    Row("who none on day 366", WHO, study(), D(2023, 3, 2),
        S.OVERDUE, "overdue", D(2023, 3, 1), 1),
    # Judged on a day before the results came (a rebuilt history): not there yet.
    Row("who results later, judged on day 366", WHO, submitted(D(2023, 6, 1)), D(2023, 3, 2),
        S.OVERDUE, "overdue", D(2023, 3, 1), 1),
    Row("who results later, judged on day 365", WHO, submitted(D(2023, 6, 1)), D(2023, 3, 1),
        S.NOT_YET_DUE, "not_yet_due", D(2023, 3, 1)),
    Row("who none for years", WHO, study(), LATER,
        S.OVERDUE, "overdue", D(2023, 3, 1), 1037),
    Row("who completion day itself", WHO, study(), D(2022, 3, 1),
        S.NOT_YET_DUE, "not_yet_due", D(2023, 3, 1)),
    # Month-only "2022-03" is the 31st: due 2023-03-31.
    Row("who month-only last day on time", WHO,
        study(primary_completion=month_only(2022, 3, 31)), D(2023, 3, 31),
        S.NOT_YET_DUE, "not_yet_due", D(2023, 3, 31)),
    Row("who month-only day after", WHO,
        study(primary_completion=month_only(2022, 3, 31)), D(2023, 4, 1),
        S.OVERDUE, "overdue", D(2023, 3, 31), 1),
    Row("who month-only results on the last day", WHO,
        submitted(D(2023, 3, 31), primary_completion=month_only(2022, 3, 31)), LATER,
        S.REPORTED_ON_TIME, "reported_on_time", D(2023, 3, 31), None, D(2023, 3, 31)),
    Row("who month-only estimated, month not over", WHO,
        study(primary_completion=month_only(2022, 3, 31, ESTIMATED)), D(2022, 3, 15),
        S.ONGOING, "ongoing"),
    # ESTIMATED dates.
    Row("who estimated in the future", WHO,
        study(primary_completion=PartialDate(D(2026, 6, 30), kind=ESTIMATED)), LATER,
        S.ONGOING, "ongoing"),
    Row("who estimated today", WHO,
        study(primary_completion=PartialDate(LATER, kind=ESTIMATED)), LATER,
        S.ONGOING, "ongoing"),
    Row("who estimated yesterday", WHO,
        study(primary_completion=PartialDate(D(2025, 12, 31), kind=ESTIMATED)), LATER,
        S.INCONSISTENT, "estimated_date_passed"),
    Row("who estimated past with results", WHO,
        submitted(D(2022, 12, 1), primary_completion=PartialDate(D(2022, 3, 1), kind=ESTIMATED)),
        LATER, S.REPORTED_ON_TIME, "reported_on_time", D(2023, 3, 1), None, D(2022, 12, 1)),
    Row("who no date type taken as given", WHO,
        study(primary_completion=PartialDate(D(2022, 3, 1))), D(2023, 3, 2),
        S.OVERDUE, "overdue", D(2023, 3, 1), 1),
    Row("who actual date in the future", WHO,
        study(primary_completion=PartialDate(D(2026, 6, 1), kind=ACTUAL)), LATER,
        S.INCONSISTENT, "actual_date_in_future"),
    # Results in quality control review count from their first submission.
    Row("who in review on time", WHO, in_review(("RELEASE", D(2023, 2, 15))), LATER,
        S.REPORTED_ON_TIME, "in_review", D(2023, 3, 1), None, D(2023, 2, 15)),
    Row("who in review, sent back, still counts", WHO,
        in_review(("RELEASE", D(2023, 3, 5)), ("RESET", D(2023, 4, 1))), LATER,
        S.REPORTED_LATE, "in_review", D(2023, 3, 1), 4, D(2023, 3, 5)),
    Row("who in review withdrawn by the sponsor", WHO,
        in_review(("RELEASE", D(2023, 2, 1)), ("UNRELEASE", D(2023, 2, 10))), D(2023, 3, 2),
        S.OVERDUE, "overdue", D(2023, 3, 1), 1),
    Row("who in review resubmitted after withdrawing", WHO,
        in_review(("RELEASE", D(2023, 2, 1)), ("UNRELEASE", D(2023, 2, 10)),
                  ("RELEASE", D(2023, 3, 3))), LATER,
        S.REPORTED_LATE, "in_review", D(2023, 3, 1), 2, D(2023, 3, 3)),
    Row("who posted results count from submission", WHO,
        study(results_first_submit=D(2023, 2, 1), results_first_post=D(2023, 4, 1),
              has_results=True), LATER,
        S.REPORTED_ON_TIME, "reported_on_time", D(2023, 3, 1), None, D(2023, 2, 1)),
    Row("who results before completion", WHO, submitted(D(2022, 2, 1)), LATER,
        S.INCONSISTENT, "results_before_completion", None, None, D(2022, 2, 1)),
    Row("who results with no date", WHO, study(has_results=True), LATER,
        S.INCONSISTENT, "results_without_date"),
    # Missing completion dates.
    Row("who falls back to study completion", WHO,
        study(primary_completion=None, completion=PartialDate(D(2022, 6, 1), kind=ACTUAL)),
        D(2023, 6, 2), S.OVERDUE, "overdue", D(2023, 6, 1), 1),
    Row("who completed with no dates", WHO,
        study(primary_completion=None, completion=None), LATER,
        S.INCONSISTENT, "no_completion_date"),
    Row("who recruiting with no dates", WHO,
        study(overall_status="RECRUITING", primary_completion=None, completion=None), LATER,
        S.ONGOING, "ongoing"),
    # Missing modules and unknown values.
    Row("who no status module", WHO,
        study(overall_status=None, primary_completion=None, completion=None,
              missing_modules=("statusModule",)), LATER,
        S.INCONSISTENT, "missing_status"),
    Row("who no design module", WHO,
        study(study_type=None, phases=(), missing_modules=("designModule",)), LATER,
        S.INCONSISTENT, "study_type_unknown"),
    Row("who no oversight module still judged", WHO,
        study(fda_regulated_drug=None, fda_regulated_device=None,
              missing_modules=("oversightModule",)), D(2023, 3, 2),
        S.OVERDUE, "overdue", D(2023, 3, 1), 1),
    Row("who unknown study type", WHO, study(study_type="SOMETHING_NEW"), LATER,
        S.INCONSISTENT, "study_type_unknown"),
    Row("who unknown status with dates", WHO, study(overall_status="PAUSED"), D(2023, 3, 2),
        S.OVERDUE, "overdue", D(2023, 3, 1), 1),
    Row("who unknown status, no dates", WHO,
        study(overall_status="PAUSED", primary_completion=None, completion=None), LATER,
        S.INCONSISTENT, "no_completion_date"),
    Row("who unknown date type", WHO,
        study(primary_completion=PartialDate(D(2022, 3, 1), kind="GUESSED")), LATER,
        S.INCONSISTENT, "date_type_unknown"),
    # Not applicable, withdrawn, terminated.
    Row("who observational", WHO, study(study_type="OBSERVATIONAL"), LATER,
        S.NOT_APPLICABLE, "not_interventional"),
    Row("who expanded access", WHO, study(study_type="EXPANDED_ACCESS"), LATER,
        S.NOT_APPLICABLE, "not_interventional"),
    Row("who phase 1 counts", WHO, study(phases=("PHASE1",)), D(2023, 3, 2),
        S.OVERDUE, "overdue", D(2023, 3, 1), 1),
    Row("who withdrawn", WHO, study(overall_status="WITHDRAWN"), LATER,
        S.NOT_APPLICABLE, "withdrawn"),
    Row("who terminated judged like completed", WHO, study(overall_status="TERMINATED"),
        D(2023, 3, 2), S.OVERDUE, "overdue", D(2023, 3, 1), 1),
    # FDAAA: due 365 + 30 = 395 days after 2022-03-01, 2023-03-31.
    Row("fdaaa results on day 395", FDAAA, submitted(D(2023, 3, 31)), LATER,
        S.REPORTED_ON_TIME, "reported_on_time", D(2023, 3, 31), None, D(2023, 3, 31)),
    Row("fdaaa results on day 396", FDAAA, submitted(D(2023, 4, 1)), LATER,
        S.REPORTED_LATE, "reported_late", D(2023, 3, 31), 1, D(2023, 4, 1)),
    Row("fdaaa results on day 366 within the grace", FDAAA, submitted(D(2023, 3, 2)), LATER,
        S.REPORTED_ON_TIME, "reported_on_time", D(2023, 3, 31), None, D(2023, 3, 2)),
    Row("fdaaa none on day 395", FDAAA, study(), D(2023, 3, 31),
        S.NOT_YET_DUE, "not_yet_due", D(2023, 3, 31)),
    Row("fdaaa none on day 396", FDAAA, study(), D(2023, 4, 1),
        S.OVERDUE, "overdue", D(2023, 3, 31), 1),
    Row("fdaaa month-only day 395", FDAAA,
        study(primary_completion=month_only(2022, 3, 31)), D(2023, 4, 30),
        S.NOT_YET_DUE, "not_yet_due", D(2023, 4, 30)),
    Row("fdaaa month-only day 396", FDAAA,
        study(primary_completion=month_only(2022, 3, 31)), D(2023, 5, 1),
        S.OVERDUE, "overdue", D(2023, 4, 30), 1),
    Row("fdaaa no study-completion fallback", FDAAA,
        study(primary_completion=None, completion=PartialDate(D(2022, 6, 1), kind=ACTUAL)),
        LATER, S.INCONSISTENT, "no_completion_date"),
    Row("fdaaa estimated future", FDAAA,
        study(primary_completion=PartialDate(D(2026, 6, 30), kind=ESTIMATED)), LATER,
        S.ONGOING, "ongoing"),
    Row("fdaaa estimated past", FDAAA,
        study(primary_completion=PartialDate(D(2025, 6, 30), kind=ESTIMATED)), LATER,
        S.INCONSISTENT, "estimated_date_passed"),
    # Certificates of delay: the longest delay, 2 years after the certificate + 30 days.
    Row("fdaaa certificate postpones", FDAAA, study(disp_first_submit=D(2022, 12, 1)),
        D(2024, 12, 30), S.NOT_YET_DUE, "delayed_not_yet_due", D(2024, 12, 30)),
    Row("fdaaa certificate's longest delay passed", FDAAA,
        study(disp_first_submit=D(2022, 12, 1)), D(2024, 12, 31),
        S.OVERDUE, "delayed_overdue", D(2024, 12, 30), 1),
    Row("fdaaa certificate, results within the delay", FDAAA,
        submitted(D(2024, 6, 1), disp_first_submit=D(2022, 12, 1)), LATER,
        S.REPORTED_ON_TIME, "reported_on_time", D(2024, 12, 30), None, D(2024, 6, 1)),
    Row("fdaaa certificate on the one-year deadline", FDAAA,
        study(disp_first_submit=D(2023, 3, 1)), D(2025, 3, 30),
        S.NOT_YET_DUE, "delayed_not_yet_due", D(2025, 3, 30)),
    Row("fdaaa certificate a day after the deadline", FDAAA,
        study(disp_first_submit=D(2023, 3, 2)), D(2023, 4, 1),
        S.OVERDUE, "overdue_certificate_late", D(2023, 3, 31), 1),
    Row("fdaaa early certificate never shortens", FDAAA,
        study(disp_first_submit=D(2020, 1, 1)), D(2023, 3, 31),
        S.NOT_YET_DUE, "delayed_not_yet_due", D(2023, 3, 31)),
    # Quality control review.
    Row("fdaaa in review counts as submitted", FDAAA,
        in_review(("RELEASE", D(2023, 3, 20)), ("RESET", D(2023, 5, 1))), LATER,
        S.REPORTED_ON_TIME, "in_review", D(2023, 3, 31), None, D(2023, 3, 20)),
    Row("fdaaa in review, submitted late", FDAAA, in_review(("RELEASE", D(2023, 4, 3))), LATER,
        S.REPORTED_LATE, "in_review", D(2023, 3, 31), 3, D(2023, 4, 3)),
    # Applicable clinical trials.
    Row("fdaaa observational", FDAAA, study(study_type="OBSERVATIONAL"), LATER,
        S.NOT_APPLICABLE, "not_interventional"),
    Row("fdaaa phase 1 drug", FDAAA, study(phases=("PHASE1",)), LATER,
        S.NOT_APPLICABLE, "phase_1"),
    Row("fdaaa early phase 1 drug", FDAAA, study(phases=("EARLY_PHASE1",)), LATER,
        S.NOT_APPLICABLE, "phase_1"),
    Row("fdaaa phase 1/2 drug applies", FDAAA, study(phases=("PHASE1", "PHASE2")),
        D(2023, 4, 1), S.OVERDUE, "overdue", D(2023, 3, 31), 1),
    Row("fdaaa unknown phase applies", FDAAA, study(phases=("PHASE9",)), D(2023, 4, 1),
        S.OVERDUE, "overdue", D(2023, 3, 31), 1),
    Row("fdaaa device applies in any phase", FDAAA,
        study(phases=("NA",), fda_regulated_drug=False, fda_regulated_device=True),
        D(2023, 4, 1), S.OVERDUE, "overdue", D(2023, 3, 31), 1),
    Row("fdaaa phase 1 drug with a device applies", FDAAA,
        study(phases=("PHASE1",), fda_regulated_device=True), D(2023, 4, 1),
        S.OVERDUE, "overdue", D(2023, 3, 31), 1),
    Row("fdaaa not FDA regulated", FDAAA,
        study(fda_regulated_drug=False, fda_regulated_device=False), LATER,
        S.NOT_APPLICABLE, "not_fda_regulated"),
    Row("fdaaa drug flag missing, not a device", FDAAA,
        study(fda_regulated_drug=None, fda_regulated_device=False), LATER,
        S.NOT_APPLICABLE, "fda_regulation_unknown"),
    Row("fdaaa drug flag missing, a device", FDAAA,
        study(fda_regulated_drug=None, fda_regulated_device=True), D(2023, 4, 1),
        S.OVERDUE, "overdue", D(2023, 3, 31), 1),
    Row("fdaaa no oversight module", FDAAA,
        study(fda_regulated_drug=None, fda_regulated_device=None,
              missing_modules=("oversightModule",)), LATER,
        S.NOT_APPLICABLE, "fda_regulation_unknown"),
    Row("fdaaa completed the day before the Final Rule", FDAAA,
        study(primary_completion=PartialDate(D(2017, 1, 17), kind=ACTUAL)), LATER,
        S.NOT_APPLICABLE, "before_final_rule"),
    Row("fdaaa completed the day the Final Rule took effect", FDAAA,
        study(primary_completion=PartialDate(D(2017, 1, 18), kind=ACTUAL)), LATER,
        S.OVERDUE, "overdue", D(2018, 2, 17), 2875),
    Row("fdaaa withdrawn", FDAAA, study(overall_status="WITHDRAWN"), LATER,
        S.NOT_APPLICABLE, "withdrawn"),
    Row("fdaaa terminated judged like completed", FDAAA, study(overall_status="TERMINATED"),
        D(2023, 4, 1), S.OVERDUE, "overdue", D(2023, 3, 31), 1),
    Row("fdaaa no status module", FDAAA,
        study(overall_status=None, primary_completion=None, completion=None,
              missing_modules=("statusModule",)), LATER,
        S.INCONSISTENT, "missing_status"),
    Row("fdaaa unknown study type", FDAAA, study(study_type=None), LATER,
        S.INCONSISTENT, "study_type_unknown"),
]  # fmt: skip


@pytest.mark.parametrize("row", GOLDEN, ids=[row.name for row in GOLDEN])
def test_golden_table(row: Row):
    outcome = RULE_SETS[row.rule_set].classify(row.facts, row.today)
    assert (outcome.status, outcome.reason) == (row.status, row.reason)
    assert outcome.due_on == row.due_on
    assert outcome.days_late == row.days_late
    assert outcome.reported_on == row.reported_on


def test_golden_table_reaches_every_status_under_each_rule_set():
    for key in (WHO, FDAAA):
        reached = {row.status for row in GOLDEN if row.rule_set == key}
        assert reached == set(ReportingStatus.values), key


def test_days_late_is_positive_exactly_when_late_or_overdue():
    for row in GOLDEN:
        outcome = RULE_SETS[row.rule_set].classify(row.facts, row.today)
        late = outcome.status in (S.REPORTED_LATE, S.OVERDUE)
        assert (outcome.days_late is not None and outcome.days_late > 0) == late, row.name


def test_the_same_record_on_the_same_day_gets_the_same_answer():
    for row in GOLDEN:
        rule_set = RULE_SETS[row.rule_set]
        assert rule_set.classify(row.facts, row.today) == rule_set.classify(row.facts, row.today)


def test_every_reason_a_rule_gives_is_explained_in_plain_words():
    for row in GOLDEN:
        reason = explain(row.rule_set, row.reason)
        assert str(reason.summary), (row.rule_set, row.reason)
    for (key, code), reason in REASONS.items():
        words = f"{reason.summary} {reason.fix}".lower()
        for accusation in ("broke", "illegal", "violat", "breach"):
            assert accusation not in words, (key, code)
    assert str(explain(WHO, "overdue").summary).count("appear") == 1
    assert str(explain(WHO, "overdue").fix) == (
        "Post the results on ClinicalTrials.gov, or correct the completion date if the trial "
        "has not finished."
    )


def test_every_status_is_explained_for_each_rule_set():
    for key in RULE_SETS:
        for status in ReportingStatus.values:
            assert str(STATUS_NOTES[(key, status)]), (key, status)


def test_both_rule_sets_are_registered_with_their_sources():
    assert {WHO, FDAAA} <= set(RULE_SETS)
    assert DEFAULT_RULE_SET in RULE_SETS
    for rule_set in RULE_SETS.values():
        assert rule_set.source_url.startswith("https://")
        assert rule_set.source_title and str(rule_set.summary) and str(rule_set.name)


def test_unknown_reason_explains_nothing_rather_than_failing():
    assert explain(WHO, "no_such_reason").summary == ""
