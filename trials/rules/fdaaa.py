"""`fdaaa-801-v1`: FDAAA 801 and its Final Rule, 42 CFR Part 11.

Sources:
- Clinical Trials Registration and Results Information Submission; Final Rule,
  42 CFR Part 11, Federal Register 81 FR 64981 (21 September 2016), effective
  18 January 2017,
  https://www.gpo.gov/fdsys/pkg/FR-2016-09-21/html/2016-22129.htm
  (§ 11.22 applicable clinical trials, § 11.42 which must submit results,
  § 11.44 when: one year after the primary completion date, later with a
  certification of delay).
- NLM ClinicalTrials.gov support articles on 42 CFR 11.44, the results deadline
  and its delayed submission: https://support.nlm.nih.gov/knowledgebase/article/KA-03742/en-us
  and KA-04732 (https://nlmportal.dynamics365portals.us/kbArticle/?pn=KA-04732): a
  certification delays the deadline to 30 days after FDA approval (or the other
  events the rule lists), at most 2 years after the certification was submitted.
- DeVito NJ, Bacon S, Goldacre B, "FDAAA TrialsTracker: A live informatics tool to
  monitor compliance with FDA requirements to report clinical trial results",
  https://www.biorxiv.org/content/10.1101/266452v4.full and the tracker's FAQ,
  https://fdaaa.trialstracker.net/faq/ : how the tracker identifies applicable
  trials from registry fields and counts a trial as overdue only once 30 days
  have passed after the one-year deadline.

How we read it, from what ClinicalTrials.gov API v2 shows (an approximation: the
law's tests use facts the registry does not publish):
- **Applicable trial**: `studyType` INTERVENTIONAL, and `isFdaRegulatedDevice`
  true, or `isFdaRegulatedDrug` true and not phase 1 only (PHASE1 or EARLY_PHASE1
  with no later phase; PHASE1/PHASE2 trials count). The rule's other tests (a US
  site or an IND/IDE, not a small device feasibility study) are not in the fields
  we read, so a few trials outside the law may be counted, and a device
  feasibility study is counted like any device trial. Records without the FDA
  fields (most trials registered before 2017) are not applicable: we count only
  what the record shows, never guess against a sponsor.
- **Primary completion on or after 18 January 2017** (the Final Rule's effective
  date, from which § 11.42(b) asks results of unapproved products too); earlier
  trials are not applicable here.
- **Deadline**: 365 days after the primary completion date plus the tracker's 30
  days, so day 395 is on time and day 396 one day late. No fallback to the study
  completion date: the law counts from the primary completion date.
- **Certificate of delay** (`dispFirstSubmitDate`) submitted by the one-year
  deadline: we cannot see FDA approvals, so we assume the longest delay the rule
  allows, 2 years (730 days) after the certificate was submitted, plus the same 30
  days; never earlier than the ordinary deadline. A certificate submitted after
  the one-year deadline extends nothing.
- **Results in quality control review** count as submitted on their first
  submission date (trials/rules/common.py), as § 11.44 counts submission, not
  posting.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from ..facts import StudyFacts
from . import Outcome, Reason, RuleSet, register
from .common import Deadline, judge_completion, judge_deadline, register_texts, screen

KEY = "fdaaa-801-v1"
ONE_YEAR = datetime.timedelta(days=365)
GRACE = datetime.timedelta(days=30)
LONGEST_DELAY = datetime.timedelta(days=730)
FINAL_RULE_EFFECTIVE = datetime.date(2017, 1, 18)
PHASE_1 = frozenset({"EARLY_PHASE1", "PHASE1"})


def applicability(facts: StudyFacts) -> Outcome | None:
    """Not applicable (with the reason), or None for an applicable trial."""
    device = facts.fda_regulated_device
    drug = facts.fda_regulated_drug
    if not device and not drug:
        # Neither flag is true: "no" only when the record says no to both.
        known = device is not None and drug is not None
        return Outcome(
            status="not_applicable",
            reason="not_fda_regulated" if known else "fda_regulation_unknown",
        )
    if not device and facts.phases and set(facts.phases) <= PHASE_1:
        return Outcome(status="not_applicable", reason="phase_1")
    completion = facts.primary_completion
    if completion is not None and completion.value < FINAL_RULE_EFFECTIVE:
        return Outcome(status="not_applicable", reason="before_final_rule")
    return None


def deadline(facts: StudyFacts, completion: datetime.date) -> Deadline:
    legal = completion + ONE_YEAR
    ordinary = legal + GRACE
    certified = facts.disp_first_submit
    if certified is None:
        return Deadline(due_on=ordinary)
    if certified > legal:
        return Deadline(due_on=ordinary, overdue_reason="overdue_certificate_late")
    return Deadline(
        due_on=max(ordinary, certified + LONGEST_DELAY + GRACE),
        not_yet_due_reason="delayed_not_yet_due",
        overdue_reason="delayed_overdue",
    )


def classify(facts: StudyFacts, today: datetime.date) -> Outcome:
    decided = screen(facts) or applicability(facts)
    if decided is not None:
        return decided
    completion = facts.primary_completion
    decided = judge_completion(facts, completion, today)
    if decided is not None:
        return decided
    return judge_deadline(facts, deadline(facts, completion.value), today)


register(
    RuleSet(
        key=KEY,
        name=_("FDAAA 801: US law for applicable trials"),
        summary=_(
            "Under US law (FDAAA 801 and its Final Rule, 42 CFR Part 11), trials of drugs and "
            "devices regulated by the FDA, other than phase 1 drug trials, must submit results "
            "to ClinicalTrials.gov within a year of their primary completion date, later with a "
            "certificate of delay. Like the FDAAA TrialsTracker, we allow 30 more days before "
            "results appear overdue."
        ),
        source_title=(
            "Clinical Trials Registration and Results Information Submission; Final Rule "
            "(42 CFR Part 11), 81 FR 64981, 21 September 2016"
        ),
        source_url="https://www.gpo.gov/fdsys/pkg/FR-2016-09-21/html/2016-22129.htm",
        classify=classify,
    )
)

register_texts(
    KEY,
    readings=(
        _(
            "The registry does not say which trials the law covers. We count interventional "
            "trials of an FDA-regulated device, or of an FDA-regulated drug other than phase 1 "
            "only, with a primary completion date on or after 18 January 2017. The law's other "
            "tests (such as a US site) are not in the record, so this is an approximation; "
            "records without the FDA fields are not counted."
        ),
        _(
            "Results are due a year after the primary completion date; like the FDAAA "
            "TrialsTracker we allow 30 days more, so day 395 is on time and day 396 one day "
            "late."
        ),
        _(
            "A certificate of delay submitted by the one-year deadline postpones it. We cannot "
            "see FDA approvals, so we assume the longest postponement the rule allows: two "
            "years after the certificate, plus the same 30 days."
        ),
    ),
    reasons={
        "fda_regulation_unknown": Reason(
            _(
                "The record does not say whether the trial studies a product regulated by the "
                "FDA, so the US law is not applied to it."
            )
        ),
        "not_fda_regulated": Reason(
            _("The trial does not study a drug or device regulated by the FDA.")
        ),
        "phase_1": Reason(_("Phase 1 drug trials do not have to report results under this law.")),
        "before_final_rule": Reason(
            _(
                "The trial's primary completion date is before 18 January 2017, when the "
                "Final Rule took effect; this tracker does not judge it under the law."
            )
        ),
        "delayed_not_yet_due": Reason(
            _(
                "A certificate of delay was submitted, which can postpone the deadline by up "
                "to two years; the results are not due yet."
            )
        ),
        "delayed_overdue": Reason(
            _(
                "A certificate of delay was submitted, but even its longest postponement has "
                "passed and the results appear overdue."
            ),
            _("Post the results on ClinicalTrials.gov."),
        ),
        "overdue_certificate_late": Reason(
            _(
                "The results appear overdue. A certificate of delay was submitted after the "
                "one-year deadline, so it does not postpone it."
            ),
            _("Post the results on ClinicalTrials.gov."),
        ),
    },
    notes={
        "not_yet_due": _(
            "The trial has finished and fewer than 395 days (a year and the 30-day grace) "
            "have passed since its primary completion date, or a certificate of delay "
            "postpones the deadline."
        ),
        "not_applicable": _(
            "The trial is not an applicable clinical trial as far as the record shows: not "
            "interventional, not of an FDA-regulated drug or device, a phase 1 drug trial, "
            "completed before 18 January 2017, or withdrawn before anyone took part."
        ),
    },
)
