"""Reading one ClinicalTrials.gov API v2 study record into `StudyFacts`.

The registry's JSON is what arrives (one element of `studies` in `/api/v2/studies`,
or one study downloaded from the site); the rules never see it. `parse_study` takes
the few paths the tracker uses and says what was odd about them:

- a module the tracker reads that the record lacks (older or withdrawn records often
  have no `oversightModule`, some no `designModule`) is listed in
  `facts.missing_modules` and reported as "missing module: designModule";
- an enum value the API v2 documentation does not list (the registry adds values
  from time to time) is kept as given and reported as "unknown overallStatus: PAUSED";
- a date that is neither "YYYY-MM-DD" nor "YYYY-MM" is reported and read as unknown.

It never raises for a record that has an NCT number; one without (or with something
that is not an NCT number) is refused with `RecordRejected`, which an import counts.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from .facts import DAY, MONTH, PartialDate, SecondaryId, StudyFacts, UnpostedEvent

# The enums of API v2 (https://clinicaltrials.gov/data-api/about-api/study-data-structure,
# and GET /api/v2/studies/enums).
OVERALL_STATUSES = frozenset(
    {
        "ACTIVE_NOT_RECRUITING",
        "COMPLETED",
        "ENROLLING_BY_INVITATION",
        "NOT_YET_RECRUITING",
        "RECRUITING",
        "SUSPENDED",
        "TERMINATED",
        "WITHDRAWN",
        "AVAILABLE",
        "NO_LONGER_AVAILABLE",
        "TEMPORARILY_NOT_AVAILABLE",
        "APPROVED_FOR_MARKETING",
        "WITHHELD",
        "UNKNOWN",
    }
)
STUDY_TYPES = frozenset({"EXPANDED_ACCESS", "INTERVENTIONAL", "OBSERVATIONAL"})
PHASES = frozenset({"NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"})
AGENCY_CLASSES = frozenset(
    {"NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK", "AMBIG", "OTHER", "UNKNOWN"}
)
DATE_TYPES = frozenset({"ACTUAL", "ESTIMATED"})
UNPOSTED_EVENT_TYPES = frozenset({"RESET", "RELEASE", "UNRELEASE"})
SECONDARY_ID_TYPES = frozenset(
    {
        "NIH",
        "FDA",
        "VA",
        "CDC",
        "AHRQ",
        "SAMHSA",
        "OTHER_GRANT",
        "EUDRACT_NUMBER",
        "CTIS",
        "REGISTRY",
        "OTHER",
    }
)

# The modules the tracker reads; a record without one of them is reported.
PROTOCOL_MODULES = (
    "identificationModule",
    "statusModule",
    "sponsorCollaboratorsModule",
    "designModule",
    "oversightModule",
)

NCT_ID = re.compile(r"NCT\d{8}")
_FULL_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH_DATE = re.compile(r"(\d{4})-(\d{2})")


class RecordRejected(ValueError):
    """The record cannot be stored: it has no NCT number (or not a valid one)."""


@dataclass
class ParsedStudy:
    facts: StudyFacts
    problems: list[str] = field(default_factory=list)


def study_nct_id(raw: Any) -> str:
    """The record's NCT number, or RecordRejected saying why there is none."""
    if not isinstance(raw, dict):
        raise RecordRejected("not a study record (not a JSON object)")
    protocol = raw.get("protocolSection")
    identification = protocol.get("identificationModule") if isinstance(protocol, dict) else None
    nct_id = identification.get("nctId") if isinstance(identification, dict) else None
    if not nct_id:
        raise RecordRejected("no nctId")
    if not isinstance(nct_id, str) or not NCT_ID.fullmatch(nct_id.strip()):
        raise RecordRejected("malformed nctId")
    return nct_id.strip()


def parse_study(raw: dict) -> ParsedStudy:
    """The facts of one API v2 study record, and what was odd in it."""
    nct_id = study_nct_id(raw)
    reader = _Reader()
    protocol = _mapping(raw.get("protocolSection"))
    modules = {name: protocol.get(name) for name in PROTOCOL_MODULES}
    missing = []
    for name, module in modules.items():
        if not isinstance(module, dict):
            missing.append(name)
            reader.problem(f"missing module: {name}")
    identification = _mapping(modules["identificationModule"])
    sponsors = _mapping(modules["sponsorCollaboratorsModule"])
    status = _mapping(modules["statusModule"])
    design = _mapping(modules["designModule"])
    oversight = modules["oversightModule"]
    lead = _mapping(sponsors.get("leadSponsor"))
    annotation = _mapping(_mapping(raw.get("annotationSection")).get("annotationModule"))
    unposted = _mapping(annotation.get("unpostedAnnotation"))

    facts = StudyFacts(
        nct_id=nct_id,
        brief_title=_text(identification.get("briefTitle")),
        org_study_id=_text(_mapping(identification.get("orgStudyIdInfo")).get("id")),
        aliases=tuple(_text(alias) for alias in _list(identification.get("nctIdAliases")) if alias),
        secondary_ids=reader.secondary_ids(identification.get("secondaryIdInfos")),
        lead_sponsor_name=_text(lead.get("name")).strip(),
        lead_sponsor_class=reader.enum("leadSponsor.class", lead.get("class"), AGENCY_CLASSES)
        or "",
        overall_status=reader.enum("overallStatus", status.get("overallStatus"), OVERALL_STATUSES),
        study_type=reader.enum("studyType", design.get("studyType"), STUDY_TYPES),
        phases=tuple(
            phase
            for phase in (
                reader.enum("phases", value, PHASES) for value in _list(design.get("phases"))
            )
            if phase
        ),
        start=reader.date_struct("startDateStruct", status.get("startDateStruct")),
        primary_completion=reader.date_struct(
            "primaryCompletionDateStruct", status.get("primaryCompletionDateStruct")
        ),
        completion=reader.date_struct("completionDateStruct", status.get("completionDateStruct")),
        results_first_submit=reader.day(
            "resultsFirstSubmitDate", status.get("resultsFirstSubmitDate")
        ),
        results_first_post=reader.day(
            "resultsFirstPostDateStruct",
            _mapping(status.get("resultsFirstPostDateStruct")).get("date"),
        ),
        disp_first_submit=reader.day("dispFirstSubmitDate", status.get("dispFirstSubmitDate")),
        has_results=raw.get("hasResults") is True,
        fda_regulated_drug=_flag(oversight, "isFdaRegulatedDrug"),
        fda_regulated_device=_flag(oversight, "isFdaRegulatedDevice"),
        unposted_events=reader.unposted_events(unposted.get("unpostedEvents")),
        missing_modules=tuple(missing),
    )
    return ParsedStudy(facts=facts, problems=reader.problems)


def parse_partial_date(value: str, kind: str | None = None) -> PartialDate | None:
    """ "2024-03-15" as that day; "2024-03" as 31 March 2024 with month precision;
    anything else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if match := _FULL_DATE.fullmatch(value):
            year, month, day = (int(part) for part in match.groups())
            return PartialDate(datetime.date(year, month, day), DAY, kind)
        if match := _MONTH_DATE.fullmatch(value):
            year, month = (int(part) for part in match.groups())
            last_day = calendar.monthrange(year, month)[1]
            return PartialDate(datetime.date(year, month, last_day), MONTH, kind)
    except ValueError:  # month 13, 30 February, year 0
        return None
    return None


class _Reader:
    """Reads values and collects what was odd about them."""

    def __init__(self):
        self.problems: list[str] = []

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def enum(self, name: str, value: Any, known: frozenset[str]) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.problem(f"malformed {name}")
            return None
        if value not in known:
            self.problem(f"unknown {name}: {value}")
        return value

    def date_struct(self, name: str, struct: Any) -> PartialDate | None:
        if struct is None:
            return None
        if not isinstance(struct, dict):
            self.problem(f"malformed {name}")
            return None
        kind = self.enum(f"{name}.type", struct.get("type"), DATE_TYPES)
        if struct.get("date") in (None, ""):
            return None
        parsed = parse_partial_date(struct.get("date"), kind)
        if parsed is None:
            self.problem(f"malformed date: {name}")
        return parsed

    def day(self, name: str, value: Any) -> datetime.date | None:
        if value in (None, ""):
            return None
        parsed = parse_partial_date(value)
        if parsed is None:
            self.problem(f"malformed date: {name}")
            return None
        return parsed.value

    def secondary_ids(self, infos: Any) -> tuple[SecondaryId, ...]:
        found = []
        for info in _list(infos):
            if not isinstance(info, dict) or not info.get("id"):
                continue
            kind = self.enum("secondaryIdInfos.type", info.get("type"), SECONDARY_ID_TYPES)
            found.append(
                SecondaryId(
                    id=_text(info["id"]).strip(),
                    type=kind or "",
                    domain=_text(info.get("domain")),
                )
            )
        return tuple(found)

    def unposted_events(self, events: Any) -> tuple[UnpostedEvent, ...]:
        found = []
        for event in _list(events):
            if not isinstance(event, dict):
                continue
            kind = self.enum("unpostedEvents.type", event.get("type"), UNPOSTED_EVENT_TYPES)
            if kind is None:
                continue
            found.append(
                UnpostedEvent(type=kind, date=self.day("unpostedEvents.date", event.get("date")))
            )
        return tuple(found)


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _flag(module: Any, name: str) -> bool | None:
    if not isinstance(module, dict):
        return None
    value = module.get(name)
    return value if isinstance(value, bool) else None
