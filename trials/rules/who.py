"""`who-12m-v1`: results within 12 months of primary study completion.

Sources:
- WHO Statement on Public Disclosure of Clinical Trial Results (14 April 2015),
  WHO International Clinical Trials Registry Platform,
  https://www.who.int/ictrp/results/en/ : the key outcomes of every interventional
  trial are to be posted in the results section of its registry within 12 months
  of study completion, defined as the last data collection for the primary outcome
  measure (the registry's primary completion date). The reasoning is set out in
  Moorthy VS et al., "Rationale for WHO's New Position Calling for Prompt
  Reporting and Public Disclosure of Interventional Clinical Trial Results",
  PLoS Med 12(4): e1001819 (2015), https://doi.org/10.1371/journal.pmed.1001819
- Joint statement on public disclosure of results from clinical trials
  (18 May 2017), signed by research funders and NGOs with WHO (listed on the same
  ICTRP page): 12 months from primary study completion as the global norm for
  summary results.

How we read it (see also trials/rules/common.py):
- The deadline is 365 days after the primary completion date: results submitted
  on day 365 are on time, on day 366 one day late.
- When the record gives no primary completion date we use its study completion
  date, which is never earlier, so the reading can only favour the sponsor.
- Every interventional trial counts, of any phase and any sponsor; observational
  studies and expanded access are outside the statement.
- Results count from their first submission to ClinicalTrials.gov, including those
  waiting in its quality control review. WHO asks for results to be public; the
  review's delay is the registry's, not the sponsor's. Journal publication, the
  statement's other route, is not in the registry record and is not counted.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from ..facts import StudyFacts
from . import Outcome, RuleSet, register
from .common import Deadline, judge_completion, judge_deadline, register_texts, screen

KEY = "who-12m-v1"
DAYS_ALLOWED = 365


def classify(facts: StudyFacts, today: datetime.date) -> Outcome:
    screened = screen(facts)
    if screened is not None:
        return screened
    completion = facts.primary_completion or facts.completion
    decided = judge_completion(facts, completion, today)
    if decided is not None:
        return decided
    due_on = completion.value + datetime.timedelta(days=DAYS_ALLOWED)
    return judge_deadline(facts, Deadline(due_on=due_on), today)


register(
    RuleSet(
        key=KEY,
        name=_("WHO: results within 12 months"),
        summary=_(
            "Every interventional trial should post its results on the registry within 12 "
            "months of its primary completion date (the last data collection for the primary "
            "outcome), as the World Health Organization asks of all trials, whoever runs them."
        ),
        source_title=(
            "WHO Statement on Public Disclosure of Clinical Trial Results (2015); Joint "
            "statement on public disclosure of results from clinical trials (2017)"
        ),
        source_url="https://www.who.int/ictrp/results/en/",
        classify=classify,
    )
)

register_texts(
    KEY,
    reasons={},
    readings=(
        _(
            "Results are due 365 days after the primary completion date: on day 365 they are "
            "on time, on day 366 one day late."
        ),
        _(
            "Every interventional trial counts, of any phase and any sponsor. When the record "
            "gives no primary completion date, we use its study completion date, which is "
            "never earlier."
        ),
        _(
            "Only results on the registry are counted: a journal article is not in the "
            "registry record."
        ),
    ),
    notes={
        "not_yet_due": _(
            "The trial has finished and fewer than 365 days have passed since its primary "
            "completion date."
        ),
        "not_applicable": _(
            "The study is observational or expanded access, or was withdrawn before anyone "
            "took part."
        ),
    },
)
