"""The demo tracker at /trials/, its methodology, and invented sample studies.

The studies are in `demo/content/trials/sample-studies.jsonl`, one ClinicalTrials.gov
API v2 study per line, made by `trials.sample_studies.generate_studies`: invented
sponsors ("Northwind Clinical Research", "University of Eastmarch", ...) and NCT
numbers from NCT99000000 up, which the registry has not reached, so no real
organisation or trial is attached to an invented figure. They are imported as sample
data, so every page showing them says so.

A few registry spellings are left waiting for review, so the admin's review queue
shows what an editor does with a new name. The tracker is judged at the end of
each of the last eight quarters too, so the league's trend and each sponsor's chart
have a history. Safe to run again: nothing is imported twice.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from demo.site import home_child_page_ensure
from trials.models import (
    MethodologyPage,
    RegistryImport,
    Sponsor,
    SponsorMapping,
    TrackerPage,
    Trial,
)
from trials.sample_studies import SAMPLE_SPONSORS
from trials.services.classifying import trials_classify
from trials.services.importing import registry_import_run_file
from trials.services.records import sponsor_records_refresh
from trials.services.sponsors import mapping_confirm, mappings_refresh

SAMPLE_FILE = Path(__file__).parent / "content" / "trials" / "sample-studies.jsonl"
# (name, class) of the invented sponsors the demo confirms, and the registry
# spellings it leaves waiting for an editor's review (an individual among them).
SPONSORS = tuple(pair for pair in SAMPLE_SPONSORS if pair[1] != "INDIV")
UNREVIEWED_SPELLINGS = (
    ("Northwind Clinical Research, Inc.", "INDUSTRY"),
    ("Univ. of Eastmarch", "OTHER"),
    *(pair for pair in SAMPLE_SPONSORS if pair[1] == "INDIV"),
)
STUDIES = 360
QUARTERS_OF_HISTORY = 8

INTRO = (
    "<p>Every trial should report its results. This tracker reads trial records from "
    "the ClinicalTrials.gov registry, works out which trials' results are due, and "
    "shows how many each sponsor has reported. The figures on this demonstration site "
    "are invented sample data: no real sponsor or trial is shown.</p>"
)
METHODOLOGY = [
    (
        "How the tracker decides",
        "A trial's results are due a set time after its primary completion date: the "
        "date the last participant was examined for the main outcome. The tracker reads "
        "that date and whether results have been submitted from each trial's registry "
        "record, and judges it under each set of rules below. A trial whose results "
        "are late is shown as appearing overdue: the registry record may be out of "
        "date, and a sponsor can correct it.",
    ),
    (
        "Sponsors",
        "The registry spells a sponsor's name however it was typed. Each spelling is "
        "tied to one sponsor by an editor before its trials count here, so no trial is "
        "attributed to anyone without a person having checked it.",
    ),
    (
        "Corrections",
        "If a trial is shown wrongly, the fix is in the registry: update the record on "
        "ClinicalTrials.gov, and the tracker follows at its next nightly import.",
    ),
]


@dataclass
class TrialsDemoReport:
    tracker: TrackerPage | None
    imported: int
    sponsors: int

    def __str__(self) -> str:
        if self.tracker is None:
            return "(not created: no home page)"
        return (
            f"{self.tracker.url_path}: {self.imported} sample studies imported, "
            f"{self.sponsors} sample sponsors"
        )


def write_sample_file() -> None:
    """Regenerate the shipped sample file (a developer's step, not the demo's)."""
    from trials.sample_studies import generate_studies

    SAMPLE_FILE.parent.mkdir(parents=True, exist_ok=True)
    with SAMPLE_FILE.open("w", encoding="utf-8") as out:
        for study in generate_studies(
            STUDIES, seed=2026, sponsors=SPONSORS * 4 + UNREVIEWED_SPELLINGS
        ):
            out.write(json.dumps(study, ensure_ascii=False, sort_keys=True) + "\n")


def trials_demo_load(*, today: datetime.date | None = None) -> TrialsDemoReport:
    tracker = home_child_page_ensure(TrackerPage.objects.all(), slug="trials", build=_tracker)
    if tracker is None:
        return TrialsDemoReport(tracker=None, imported=0, sponsors=0)
    if not MethodologyPage.objects.child_of(tracker).exists():
        tracker.add_child(instance=_methodology())
    imported = 0
    if not Trial.objects.exists():
        imported = _import_samples(today or timezone.localdate())
    return TrialsDemoReport(
        tracker=tracker, imported=imported, sponsors=Sponsor.objects.filter(is_sample=True).count()
    )


def _tracker() -> TrackerPage:
    return TrackerPage(title="Trials tracker", slug="trials", intro=INTRO)


def _methodology() -> MethodologyPage:
    return MethodologyPage(
        title="How the tracker works",
        slug="methodology",
        intro=(
            "How the tracker reads registry records, which rules it applies, and how a "
            "sponsor corrects a trial shown wrongly."
        ),
        body=[
            block
            for heading, text in METHODOLOGY
            for block in (
                ("heading", {"text": heading, "level": "h2"}),
                ("paragraph", f"<p>{text}</p>"),
            )
        ],
    )


@transaction.atomic
def _import_samples(today: datetime.date) -> int:
    registry_import = registry_import_run_file(
        SAMPLE_FILE, refresh=False, source=RegistryImport.Source.SAMPLE, today=today
    )

    mappings_refresh()
    for name, sponsor_class in SPONSORS:
        sponsor = Sponsor.objects.create(
            name=name, slug=slugify(name), sponsor_class=sponsor_class, is_sample=True
        )
        mapping = SponsorMapping.objects.get(raw_name=name)
        mapping_confirm(mapping=mapping, sponsor=sponsor, user=None)
    mappings_refresh()  # the other spellings now get their suggestions

    # The tracker as it stood at the end of each past quarter, then today: the
    # snapshots behind the trend and the charts.
    for quarters_ago in range(QUARTERS_OF_HISTORY, 0, -1):
        day = _quarter_end(today, quarters_ago)
        trials_classify(today=day)
        sponsor_records_refresh(today=day, registry_import=registry_import)
    trials_classify(today=today)
    sponsor_records_refresh(today=today, registry_import=registry_import)
    return registry_import.studies_created


def _quarter_end(today: datetime.date, quarters_ago: int) -> datetime.date:
    month_index = today.year * 12 + today.month - 1 - 3 * quarters_ago
    year, month = divmod(month_index, 12)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
