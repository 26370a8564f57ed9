"""What the tracker reads from one registry record, as plain values.

A study arrives as ClinicalTrials.gov API v2 JSON (the shape of one element of
`studies` in `/api/v2/studies`). `trials.registry_record.parse_study` turns it into
`StudyFacts`; the rules (`trials.rules`) read only `StudyFacts`, never the JSON, so
a rule is a pure function of the facts and the day it is judged on. The raw record
is kept on `Trial.raw`, so a new rule set re-classifies without fetching again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# `statusModule.*DateStruct.type`
ACTUAL = "ACTUAL"
ESTIMATED = "ESTIMATED"

DAY = "day"
MONTH = "month"  # the registry gave "2024-03": a month, no day


@dataclass(frozen=True)
class PartialDate:
    """A registry date: `value` is the day given, or for a month-only date the
    month's last day (the latest day the registry's words allow; see the
    methodology), `precision` says which, `kind` is ACTUAL, ESTIMATED or None."""

    value: datetime.date
    precision: str = DAY
    kind: str | None = None

    @property
    def is_estimated(self) -> bool:
        return self.kind == ESTIMATED


@dataclass(frozen=True)
class UnpostedEvent:
    """One entry of `annotationSection.annotationModule.unpostedAnnotation.unpostedEvents`:
    results submitted (RELEASE), returned after quality control review (RESET), or
    withdrawn (UNRELEASE)."""

    type: str
    date: datetime.date | None


@dataclass(frozen=True)
class SecondaryId:
    id: str
    type: str  # e.g. "EUDRACT_NUMBER", "OTHER", "REGISTRY" (ISRCTN numbers come as REGISTRY)
    domain: str = ""


@dataclass(frozen=True)
class StudyFacts:
    nct_id: str
    brief_title: str = ""
    org_study_id: str = ""
    aliases: tuple[str, ...] = ()
    secondary_ids: tuple[SecondaryId, ...] = ()
    lead_sponsor_name: str = ""
    lead_sponsor_class: str = ""
    overall_status: str | None = None
    study_type: str | None = None
    phases: tuple[str, ...] = ()
    start: PartialDate | None = None
    primary_completion: PartialDate | None = None
    completion: PartialDate | None = None
    results_first_submit: datetime.date | None = None
    results_first_post: datetime.date | None = None
    disp_first_submit: datetime.date | None = None
    has_results: bool = False
    fda_regulated_drug: bool | None = None
    fda_regulated_device: bool | None = None
    unposted_events: tuple[UnpostedEvent, ...] = ()
    # Modules the record lacked, e.g. ("statusModule",): the rules treat their
    # facts as unknown and say so, never guess.
    missing_modules: tuple[str, ...] = field(default=())
