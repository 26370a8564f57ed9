"""What every rule set reads the same way: which trials the registry says are over,
when results count as submitted, and the plain words for the reasons they share.

Pure functions of `StudyFacts`; no database, no clock. The conventions below are
the methodology's, and `tests/trials/test_rules.py` pins each one:

- **Dates.** A deadline is a number of days after a date (365, not "the same day
  next year", so a leap year changes nothing). Results submitted *on* the deadline
  are on time; `days_late` counts the days after it (1 on the day after).
- **Month-only dates** ("2024-03") carry the month's last day (`PartialDate`), the
  latest day the registry's words allow, so a sponsor is never counted late because
  we guessed an earlier day.
- **A date with no ACTUAL/ESTIMATED type** (older records) is taken as given. An
  ESTIMATED completion date still in the future means the trial is ongoing; one in
  the past means the record was not updated when the trial ended, and the trial is
  "inconsistent data" until the sponsor corrects it, unless results were submitted
  (they show the trial ended; the results are judged against that date).
- **Submitted results.** Results count from the day they were first submitted to
  the registry, not the day they were posted: ClinicalTrials.gov's quality control
  review, not the sponsor, decides when they appear. Results waiting in that review
  (`unpostedEvents` RELEASE, or RESET when the registry sent comments back) count
  as submitted on their first RELEASE; if the sponsor withdrew them (UNRELEASE, with
  no RELEASE after it) and nothing was posted, nothing counts as submitted.
- **Withdrawn trials** (the registry's WITHDRAWN: stopped before enrolling anyone)
  have no results to report: not applicable. A TERMINATED trial enrolled people and
  is judged like a completed one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..facts import ACTUAL, ESTIMATED, PartialDate, StudyFacts
from . import READINGS, REASONS, STATUS_NOTES, Outcome, Reason

# Statuses under which the trial is still running (API v2 `overallStatus`).
ONGOING_STATUSES = frozenset(
    {
        "NOT_YET_RECRUITING",
        "RECRUITING",
        "ENROLLING_BY_INVITATION",
        "ACTIVE_NOT_RECRUITING",
        "SUSPENDED",
    }
)
FINISHED_STATUSES = frozenset({"COMPLETED", "TERMINATED"})
WITHDRAWN = "WITHDRAWN"
INTERVENTIONAL = "INTERVENTIONAL"
KNOWN_STUDY_TYPES = frozenset({"INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS"})

# `annotationSection.annotationModule.unpostedAnnotation.unpostedEvents[].type`
RELEASE = "RELEASE"
UNRELEASE = "UNRELEASE"


@dataclass(frozen=True)
class Submission:
    """When results first counted as submitted, and whether they are still in review."""

    on: datetime.date
    in_review: bool


def results_submission(facts: StudyFacts) -> Submission | None:
    """The results' submission as the rules count it, or None when nothing counts.

    Posted results count from `resultsFirstSubmitDate` (or the earliest date the
    record gives for them). Unposted ones count from the first RELEASE after the
    sponsor's last UNRELEASE, if any.
    """
    posted = facts.has_results or facts.results_first_post is not None
    pending_on = None
    for event in sorted(
        (e for e in facts.unposted_events if e.date is not None), key=lambda e: e.date
    ):
        if event.type == UNRELEASE:
            pending_on = None
        elif event.type == RELEASE and pending_on is None:
            pending_on = event.date
    if posted:
        dates = [
            d
            for d in (facts.results_first_submit, pending_on, facts.results_first_post)
            if d is not None
        ]
        return Submission(on=min(dates), in_review=False) if dates else None
    if pending_on is not None:
        first = min(d for d in (pending_on, facts.results_first_submit) if d is not None)
        return Submission(on=first, in_review=True)
    return None


def submission_by(facts: StudyFacts, today: datetime.date) -> Submission | None:
    """The submission as it stood on `today`: results first submitted after that day
    were not there yet, so a trial judged on an earlier day (a snapshot rebuilt for
    history) is judged on what the record could have shown then."""
    submission = results_submission(facts)
    if submission is None or submission.on > today:
        return None
    return submission


def results_without_date(facts: StudyFacts) -> bool:
    """The record says it has results but gives no date for them."""
    return (facts.has_results or facts.results_first_post is not None) and (
        results_submission(facts) is None
    )


@dataclass(frozen=True)
class Deadline:
    """A rule set's deadline for one trial, with the reason codes to use around it."""

    due_on: datetime.date
    not_yet_due_reason: str = "not_yet_due"
    overdue_reason: str = "overdue"


def judge_completion(
    facts: StudyFacts, completion: PartialDate | None, today: datetime.date
) -> Outcome | None:
    """The outcome when the completion date alone decides it (ongoing, or data that
    cannot be judged), else None: the deadline then decides."""
    submission = submission_by(facts, today)
    if completion is None:
        if facts.overall_status in ONGOING_STATUSES and submission is None:
            return Outcome(status="ongoing", reason="ongoing")
        return Outcome(
            status="inconsistent",
            reason="no_completion_date",
            reported_on=submission.on if submission else None,
        )
    if completion.kind not in (ACTUAL, ESTIMATED, None):
        return Outcome(status="inconsistent", reason="date_type_unknown")
    if submission is not None:
        if submission.on < completion.value and completion.kind != ESTIMATED:
            return Outcome(
                status="inconsistent",
                reason="results_before_completion",
                reported_on=submission.on,
            )
        return None
    if completion.kind == ESTIMATED:
        if completion.value >= today:
            return Outcome(status="ongoing", reason="ongoing")
        return Outcome(status="inconsistent", reason="estimated_date_passed")
    if completion.value > today:
        return Outcome(status="inconsistent", reason="actual_date_in_future")
    return None


def judge_deadline(facts: StudyFacts, deadline: Deadline, today: datetime.date) -> Outcome:
    """Reported on time, reported late, not yet due or overdue, against `deadline`."""
    due_on = deadline.due_on
    submission = submission_by(facts, today)
    if submission is not None:
        late = (submission.on - due_on).days
        reason = "in_review" if submission.in_review else None
        if late > 0:
            return Outcome(
                status="reported_late",
                reason=reason or "reported_late",
                due_on=due_on,
                reported_on=submission.on,
                days_late=late,
            )
        return Outcome(
            status="reported_on_time",
            reason=reason or "reported_on_time",
            due_on=due_on,
            reported_on=submission.on,
        )
    late = (today - due_on).days
    if late > 0:
        return Outcome(
            status="overdue", reason=deadline.overdue_reason, due_on=due_on, days_late=late
        )
    return Outcome(status="not_yet_due", reason=deadline.not_yet_due_reason, due_on=due_on)


def screen(facts: StudyFacts) -> Outcome | None:
    """What every rule set says before reading dates: a record it cannot read, or a
    trial with nothing to report."""
    if "statusModule" in facts.missing_modules:
        return Outcome(status="inconsistent", reason="missing_status")
    if results_without_date(facts):
        return Outcome(status="inconsistent", reason="results_without_date")
    if facts.overall_status == WITHDRAWN:
        return Outcome(status="not_applicable", reason="withdrawn")
    if facts.study_type not in KNOWN_STUDY_TYPES:
        return Outcome(status="inconsistent", reason="study_type_unknown")
    if facts.study_type != INTERVENTIONAL:
        return Outcome(status="not_applicable", reason="not_interventional")
    return None


POST_OR_CORRECT = _(
    "Post the results on ClinicalTrials.gov, or correct the completion date if the "
    "trial has not finished."
)
UPDATE_RECORD = _("Update the trial's record on ClinicalTrials.gov so its dates are right.")

SHARED_REASONS = {
    "unreadable_record": Reason(
        _("The stored registry record could not be read; the trial is not judged.")
    ),
    "missing_status": Reason(
        _("The registry record has no status section, so its dates cannot be read."),
        _("Complete the trial's status and dates on ClinicalTrials.gov."),
    ),
    "results_without_date": Reason(
        _("The record says results were posted but gives no date for them."),
        UPDATE_RECORD,
    ),
    "withdrawn": Reason(
        _("The trial was withdrawn before anyone took part, so there are no results to report.")
    ),
    "study_type_unknown": Reason(
        _("The record does not say what kind of study this is, so no rule can be applied."),
        _("Give the study type on ClinicalTrials.gov."),
    ),
    "not_interventional": Reason(
        _(
            "These rules cover interventional trials; this study is observational or expanded access."
        )
    ),
    "ongoing": Reason(_("The trial has not finished yet, so no results are due.")),
    "no_completion_date": Reason(
        _("The record gives no primary completion date, so no deadline can be set."),
        _("Give the trial's primary completion date on ClinicalTrials.gov."),
    ),
    "date_type_unknown": Reason(
        _("The record does not say whether the completion date is actual or estimated."),
        UPDATE_RECORD,
    ),
    "results_before_completion": Reason(
        _("Results were submitted before the completion date the record gives."),
        _("Correct the completion date on ClinicalTrials.gov."),
    ),
    "actual_date_in_future": Reason(
        _("The record gives an actual completion date that is still in the future."),
        _("Correct the completion date on ClinicalTrials.gov."),
    ),
    "estimated_date_passed": Reason(
        _(
            "The completion date has passed but the record still calls it estimated, so we "
            "cannot tell whether the trial has finished."
        ),
        _(
            "Update the record with the actual completion date (or a new estimate if the "
            "trial is still running), and post the results if they are due."
        ),
    ),
    "not_yet_due": Reason(_("The trial has finished; its results are not due yet.")),
    "overdue": Reason(
        _("The trial has finished and its results appear overdue: none have been submitted."),
        POST_OR_CORRECT,
    ),
    "reported_on_time": Reason(_("Results were submitted by the deadline.")),
    "reported_late": Reason(_("Results were submitted, after the deadline.")),
    "in_review": Reason(
        _(
            "Results were submitted and are in the registry's quality control review; they "
            "count from the day they were submitted."
        ),
        _("Answer the registry's review comments so the results are posted."),
    ),
}

SHARED_STATUS_NOTES = {
    "ongoing": _("The trial is still running: its completion date has not come."),
    "not_yet_due": _("The trial has finished and the deadline for its results has not passed."),
    "reported_on_time": _("Results were submitted on or before the deadline."),
    "reported_late": _("Results were submitted after the deadline; days late counts how many."),
    "overdue": _(
        "The deadline has passed and no results have been submitted: they appear overdue. "
        "Days late counts the days since the deadline."
    ),
    "not_applicable": _("The rule set does not ask this trial for results."),
    "inconsistent": _(
        "The record contradicts itself or lacks a date the rule needs (for example a "
        "completion date in the past still marked estimated), so it is not judged until "
        "it is corrected."
    ),
}


# How every rule set reads a record (the conventions in this module's docstring).
SHARED_READINGS = (
    _(
        "A deadline is a number of days after a date. Results submitted on the deadline are "
        "on time; days late counts from the day after it."
    ),
    _(
        "When the registry gives only a month (“March 2024”), we take its last day, so no "
        "sponsor is counted late because of a day we guessed."
    ),
    _(
        "An estimated completion date still to come means the trial is ongoing. One that has "
        "passed means the record was not updated when the trial ended: inconsistent data, "
        "unless results were submitted."
    ),
    _(
        "Results count from the day they were first submitted to ClinicalTrials.gov, even "
        "while they wait in its quality control review, because the registry, not the "
        "sponsor, decides when they are posted. Results the sponsor withdrew before posting "
        "do not count."
    ),
    _(
        "A withdrawn trial (stopped before anyone took part) has nothing to report. A "
        "terminated trial is judged like a completed one."
    ),
)


def register_texts(
    rule_set_key: str,
    reasons: dict[str, Reason],
    notes: dict[str, str],
    readings: tuple[str, ...] = (),
) -> None:
    """Fill trials.rules' REASONS, STATUS_NOTES and READINGS for one rule set."""
    READINGS[rule_set_key] = (*readings, *SHARED_READINGS)
    for code, reason in {**SHARED_REASONS, **reasons}.items():
        REASONS[(rule_set_key, code)] = reason
    for status, note in {**SHARED_STATUS_NOTES, **notes}.items():
        STATUS_NOTES[(rule_set_key, status)] = note
