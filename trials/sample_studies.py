"""Invented study records in the exact shape of ClinicalTrials.gov API v2, for the
demo, the benchmark and the tests.

`generate_studies(n, seed)` yields `n` records one at a time (never a list: the
benchmark asks for half a million), the same ones for the same seed. Sponsors are
fictional ("Northwind Clinical Research" and the like) and NCT numbers are taken
from NCT99000000 upwards, a range the registry has not reached, so nothing invented
is ever attached to a real trial or organisation. Statuses, phases, sponsor classes,
ACTUAL and ESTIMATED dates, month-only dates, results posted early, late or never,
certificates of delay and unposted (submitted, in review) results all occur.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Iterator

SAMPLE_NCT_BASE = 99_000_000

SAMPLE_SPONSORS: tuple[tuple[str, str], ...] = (
    ("Northwind Clinical Research", "INDUSTRY"),
    ("Bluefield Therapeutics", "INDUSTRY"),
    ("Harbourline Pharma", "INDUSTRY"),
    ("Kestrel Biologics", "INDUSTRY"),
    ("Meridian Devices Ltd", "INDUSTRY"),
    ("University of Eastmarch", "OTHER"),
    ("Westvale University Hospital", "OTHER"),
    ("Lindqvist Institute for Medical Research", "OTHER"),
    ("Riverside Children's Research Foundation", "OTHER"),
    ("National Institute of Sample Health", "NIH"),
    ("Sample Federal Health Agency", "FED"),
    ("Ministry of Health of Freedonia", "OTHER_GOV"),
    ("Cooperative Oncology Sample Network", "NETWORK"),
    ("Dr. Ada Example", "INDIV"),
)

STATUSES = (
    ("COMPLETED", 45),
    ("TERMINATED", 8),
    ("RECRUITING", 15),
    ("ACTIVE_NOT_RECRUITING", 8),
    ("NOT_YET_RECRUITING", 5),
    ("WITHDRAWN", 4),
    ("UNKNOWN", 10),
    ("ENROLLING_BY_INVITATION", 2),
    ("SUSPENDED", 1),
)
PHASE_SETS = (
    (["PHASE1"], 12),
    (["PHASE2"], 15),
    (["PHASE3"], 10),
    (["PHASE4"], 6),
    (["PHASE1", "PHASE2"], 5),
    (["PHASE2", "PHASE3"], 3),
    (["EARLY_PHASE1"], 2),
    (["NA"], 25),
)
ONGOING = {"RECRUITING", "ACTIVE_NOT_RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"}
CONDITIONS = (
    "Type 2 Diabetes",
    "Asthma",
    "Heart Failure",
    "Migraine",
    "Osteoarthritis",
    "Chronic Kidney Disease",
    "Major Depressive Disorder",
    "Psoriasis",
    "Hypertension",
    "Breast Cancer",
)
TODAY = datetime.date(2026, 12, 1)  # the generated registry's "now", fixed for determinism


def sample_nct_id(index: int) -> str:
    return f"NCT{SAMPLE_NCT_BASE + index:08d}"


def generate_studies(
    n: int,
    seed: int = 0,
    sponsors: Iterable[tuple[str, str]] | None = None,
    *,
    start_index: int = 0,
) -> Iterator[dict]:
    """`n` invented API v2 study records, the same for the same arguments.

    `sponsors`: (name, class) pairs to draw lead sponsors from (fictional ones by
    default). `start_index` shifts the NCT numbers, for several disjoint sets."""
    rng = random.Random(seed)  # noqa: S311 - invented data, reproducible by design
    sponsor_list = list(sponsors or SAMPLE_SPONSORS)
    statuses, status_weights = zip(*STATUSES, strict=True)
    phase_sets, phase_weights = zip(*PHASE_SETS, strict=True)
    for index in range(start_index, start_index + n):
        sponsor_name, sponsor_class = rng.choice(sponsor_list)
        status = rng.choices(statuses, status_weights)[0]
        interventional = rng.random() < 0.8
        start = TODAY - datetime.timedelta(days=rng.randint(200, 12 * 365))
        primary = start + datetime.timedelta(days=rng.randint(180, 5 * 365))
        completion = primary + datetime.timedelta(days=rng.choice((0, 0, 30, 90, 365)))
        finished = status not in ONGOING
        month_only = rng.random() < 0.25
        status_module: dict = {
            "statusVerifiedDate": _month(TODAY - datetime.timedelta(days=rng.randint(0, 900))),
            "overallStatus": status,
            "startDateStruct": _date_struct(start, month_only, "ACTUAL"),
            "primaryCompletionDateStruct": _date_struct(
                primary, month_only, _kind(rng, primary, finished)
            ),
            "completionDateStruct": _date_struct(
                completion, month_only, _kind(rng, completion, finished)
            ),
            "studyFirstSubmitDate": (
                start - datetime.timedelta(days=rng.randint(0, 60))
            ).isoformat(),
        }
        has_results = False
        annotation = None
        if finished and primary < TODAY and interventional:
            outcome = rng.random()
            if outcome < 0.55:  # results, on time or late
                submitted = primary + datetime.timedelta(days=rng.randint(60, 900))
                if submitted < TODAY:
                    has_results = True
                    posted = submitted + datetime.timedelta(days=rng.randint(14, 120))
                    status_module["resultsFirstSubmitDate"] = submitted.isoformat()
                    status_module["resultsFirstPostDateStruct"] = {
                        "date": min(posted, TODAY).isoformat(),
                        "type": "ACTUAL",
                    }
            elif outcome < 0.62:  # a certificate of delay
                status_module["dispFirstSubmitDate"] = (
                    primary + datetime.timedelta(days=rng.randint(200, 360))
                ).isoformat()
            elif outcome < 0.67:  # submitted, still in quality control review
                released = primary + datetime.timedelta(days=rng.randint(200, 500))
                if released < TODAY:
                    events = [{"type": "RELEASE", "date": released.isoformat()}]
                    if rng.random() < 0.5:
                        events.append(
                            {
                                "type": "RESET",
                                "date": (released + datetime.timedelta(days=30)).isoformat(),
                            }
                        )
                    annotation = {
                        "annotationModule": {"unpostedAnnotation": {"unpostedEvents": events}}
                    }
        updated = min(TODAY, primary + datetime.timedelta(days=rng.randint(0, 700)))
        status_module["lastUpdatePostDateStruct"] = {"date": updated.isoformat(), "type": "ACTUAL"}
        condition = rng.choice(CONDITIONS)
        identification: dict = {
            "nctId": sample_nct_id(index),
            "orgStudyIdInfo": {"id": f"SAMPLE-{index:06d}"},
            "organization": {"fullName": sponsor_name, "class": sponsor_class},
            "briefTitle": f"Invented sample study {index}: {condition}",
        }
        if rng.random() < 0.2:
            identification["secondaryIdInfos"] = [
                {"id": f"2099-{index % 1_000_000:06d}-{index % 97:02d}", "type": "EUDRACT_NUMBER"}
            ]
        elif rng.random() < 0.05:
            identification["secondaryIdInfos"] = [
                {"id": f"ISRCTN99{index % 1_000_000:06d}", "type": "REGISTRY", "domain": "ISRCTN"}
            ]
        protocol: dict = {
            "identificationModule": identification,
            "statusModule": status_module,
            "sponsorCollaboratorsModule": {
                "responsibleParty": {"type": "SPONSOR"},
                "leadSponsor": {"name": sponsor_name, "class": sponsor_class},
            },
            "conditionsModule": {"conditions": [condition]},
            "designModule": {
                "studyType": "INTERVENTIONAL" if interventional else "OBSERVATIONAL",
                **({"phases": rng.choices(phase_sets, phase_weights)[0]} if interventional else {}),
            },
        }
        if rng.random() < 0.9:  # older records often lack it
            protocol["oversightModule"] = {
                "oversightHasDmc": rng.random() < 0.5,
                "isFdaRegulatedDrug": interventional and rng.random() < 0.5,
                "isFdaRegulatedDevice": interventional and rng.random() < 0.1,
            }
        study: dict = {"protocolSection": protocol}
        if annotation:
            study["annotationSection"] = annotation
        study["hasResults"] = has_results
        yield study


def _kind(rng: random.Random, day: datetime.date, finished: bool) -> str:
    if day > TODAY:
        return "ESTIMATED"
    # Now and then a past date still ESTIMATED: the record was never updated.
    return "ACTUAL" if finished and rng.random() < 0.95 else "ESTIMATED"


def _month(day: datetime.date) -> str:
    return day.strftime("%Y-%m")


def _date_struct(day: datetime.date, month_only: bool, kind: str) -> dict:
    return {"date": _month(day) if month_only else day.isoformat(), "type": kind}
