"""What the tracker's public pages and open data read: the league table, one sponsor's
trials, one trial's classifications, and the facts every export carries.

Each read is a fixed number of queries whatever the number of sponsors or trials: the
league reads `SponsorRecord` (one row per sponsor and rule set, its counts already
made by the refresh) a page at a time, and nothing here counts classifications.

Filters come from visitors' addresses, so each is checked against what exists (the
registered rule sets, the sponsor classes, the statuses, the sort orders) and an
unknown value falls back to the default with a notice saying so, never an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext

from . import rules
from .models.records import (
    RegistryImport,
    ReportingStatus,
    Sponsor,
    SponsorClass,
    SponsorRecord,
    SponsorSnapshot,
    Trial,
    registry_url,
)

# Sort orders of the league table: the parameter's value -> the rows' ordering.
# Every order ends on the primary key, so pages never share or skip a row. A row in the
# league has at least one trial due, so it always has a percentage (no NULLs to place),
# and the default order is an index's (SponsorRecord.Meta.indexes).
LEAGUE_SORTS: dict[str, tuple] = {
    "percent": ("-percent_reported", "sponsor_name", "pk"),
    "due": ("-due", "sponsor_name", "pk"),
    "overdue": ("-overdue", "sponsor_name", "pk"),
    "name": ("sponsor_name", "pk"),
}
DEFAULT_SORT = "percent"
# Longest filter value echoed back in a notice.
ECHO_LENGTH = 40


@dataclass(frozen=True)
class Filters:
    """What a visitor asked for, checked: every value is one that exists."""

    rule_set: rules.RuleSet | None
    rule_set_key: str
    sponsor_class: str = ""
    sort: str = DEFAULT_SORT
    status: str = ""
    notices: tuple[str, ...] = ()

    def query(self, *, with_sort: bool = True, with_class: bool = True) -> dict[str, str]:
        """The non-default filters as query parameters (for links and the next page)."""
        query = {}
        if self.rule_set_key != rules.DEFAULT_RULE_SET:
            query["rules"] = self.rule_set_key
        if with_class and self.sponsor_class:
            query["class"] = self.sponsor_class
        if with_sort and self.sort != DEFAULT_SORT:
            query["sort"] = self.sort
        if self.status:
            query["status"] = self.status
        return query


def _echo(value: str) -> str:
    return value.replace("\x00", "")[:ECHO_LENGTH]


def read_filters(params: Mapping[str, str], *, statuses: bool = False) -> Filters:
    """The filters in `params` (a request's GET), each unknown value replaced by its
    default with a notice in the visitor's language. `statuses`: read `?status=` too."""
    notices: list[str] = []
    key = (params.get("rules") or "").strip()
    if key and key not in rules.RULE_SETS:
        notices.append(
            gettext("There is no rule set called “%(name)s”: showing the default rules.")
            % {"name": _echo(key)}
        )
        key = ""
    key = key or rules.DEFAULT_RULE_SET
    sponsor_class = (params.get("class") or "").strip()
    if sponsor_class and sponsor_class not in SponsorClass.values:
        notices.append(
            gettext("There is no sponsor class called “%(name)s”: showing every class.")
            % {"name": _echo(sponsor_class)}
        )
        sponsor_class = ""
    sort = (params.get("sort") or "").strip()
    if sort and sort not in LEAGUE_SORTS:
        notices.append(
            gettext("The table cannot be sorted by “%(name)s”: sorted by percentage reported.")
            % {"name": _echo(sort)}
        )
        sort = ""
    status = (params.get("status") or "").strip() if statuses else ""
    if status and status not in ReportingStatus.values:
        notices.append(
            gettext("There is no status called “%(name)s”: showing every trial.")
            % {"name": _echo(status)}
        )
        status = ""
    return Filters(
        rule_set=rules.RULE_SETS.get(key),
        rule_set_key=key,
        sponsor_class=sponsor_class,
        sort=sort or DEFAULT_SORT,
        status=status,
        notices=tuple(notices),
    )


# --- The league table ---------------------------------------------------------------


def league_rows(filters: Filters, *, minimum_due: int) -> QuerySet[SponsorRecord]:
    """The league's rows: each sponsor with at least `minimum_due` due trials under the
    chosen rule set, in the chosen class and order, with its sponsor (slug, sample
    flag) in the same query."""
    records = SponsorRecord.objects.filter(rule_set=filters.rule_set_key, due__gte=minimum_due)
    if filters.sponsor_class:
        records = records.filter(sponsor_class=filters.sponsor_class)
    return records.select_related("sponsor").order_by(*LEAGUE_SORTS[filters.sort])


def _iso_date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _number(value) -> float | None:
    return None if value is None else float(value)


def _plain(value):
    return value


def _blank(value):
    return value or ""


# Each open-data column: its name in the JSON and the CSV, the field it is read from, and
# how the value is written (dates as ISO text, decimals as numbers).
LEAGUE_EXPORT = [
    ("sponsor", "sponsor_name", _plain),
    ("slug", "sponsor__slug", _plain),
    ("sponsor_class", "sponsor_class", _plain),
    ("total", "total", _plain),
    ("due", "due", _plain),
    ("reported", "reported", _plain),
    ("reported_on_time", "reported_on_time", _plain),
    ("reported_late", "reported_late", _plain),
    ("overdue", "overdue", _plain),
    ("percent_reported", "percent_reported", _number),
    ("trend_points", "trend", _number),
    ("computed_on", "computed_on", _iso_date),
    ("sample", "sponsor__is_sample", _plain),
]
LEAGUE_COLUMNS = [column for column, _field, _write in LEAGUE_EXPORT]


def _export_rows(queryset: QuerySet, columns: list) -> Iterator[dict]:
    """The rows as plain values, read in chunks (one query a chunk)."""
    rows = queryset.values(*dict.fromkeys(field for _column, field, _write in columns))
    for row in rows.iterator(chunk_size=2000):
        yield {column: write(row[field]) for column, field, write in columns}


def league_export_rows(filters: Filters, *, minimum_due: int) -> Iterator[dict]:
    """Every qualifying row as plain values, in LEAGUE_COLUMNS."""
    return _export_rows(league_rows(filters, minimum_due=minimum_due), LEAGUE_EXPORT)


def league_has_sample(filters: Filters, *, minimum_due: int) -> bool:
    """Whether any row of the league under these filters is an invented sponsor (one query)."""
    return league_rows(filters, minimum_due=minimum_due).filter(sponsor__is_sample=True).exists()


# --- One sponsor -------------------------------------------------------------------


def sponsor_for_page(slug: str) -> Sponsor | None:
    """The sponsor at `slug`, with its organisation in the same query."""
    return Sponsor.objects.select_related("organisation").filter(slug=slug).first()


def sponsor_records(sponsor: Sponsor) -> list[SponsorRecord]:
    """The sponsor's current counts under each registered rule set, in the registry's order."""
    order = list(rules.RULE_SETS)
    records = [
        record
        for record in SponsorRecord.objects.filter(sponsor=sponsor, rule_set__in=order)
        if record.rule_set in rules.RULE_SETS
    ]
    return sorted(records, key=lambda record: order.index(record.rule_set))


def sponsor_trials(sponsor: Sponsor, filters: Filters) -> QuerySet[Trial]:
    """The sponsor's trials, each annotated with its classification under the chosen
    rule set (`judged_status`, `judged_due_on`, `judged_days_late`: None when not yet
    classified), filtered by status if asked, ordered by NCT number."""
    trials = (
        Trial.objects.filter(sponsor=sponsor)
        .annotate(
            judged=FilteredRelation(
                "classifications", condition=Q(classifications__rule_set=filters.rule_set_key)
            )
        )
        .annotate(
            judged_status=F("judged__status"),
            judged_due_on=F("judged__due_on"),
            judged_reported_on=F("judged__reported_on"),
            judged_days_late=F("judged__days_late"),
        )
        .defer("raw")
        .order_by("nct_id")
    )
    if filters.status:
        trials = trials.filter(judged__status=filters.status)
    return trials


SPONSOR_EXPORT = [
    ("nct_id", "nct_id", _plain),
    ("title", "brief_title", _plain),
    ("overall_status", "overall_status", _plain),
    ("start_date", "start_date", _iso_date),
    ("primary_completion_date", "primary_completion_date", _iso_date),
    ("primary_completion_type", "primary_completion_type", _plain),
    ("results_first_submitted", "results_first_submit_date", _iso_date),
    ("results_first_posted", "results_first_post_date", _iso_date),
    ("status", "judged_status", _blank),
    ("due_on", "judged_due_on", _iso_date),
    ("reported_on", "judged_reported_on", _iso_date),
    ("days_late", "judged_days_late", _plain),
    ("registry_url", "nct_id", registry_url),
    ("sample", "is_sample", _plain),
]
SPONSOR_COLUMNS = [column for column, _field, _write in SPONSOR_EXPORT]


def sponsor_export_rows(sponsor: Sponsor, filters: Filters) -> Iterator[dict]:
    """The sponsor's trials and their status under the chosen rule set, in SPONSOR_COLUMNS."""
    return _export_rows(sponsor_trials(sponsor, filters), SPONSOR_EXPORT)


def sponsor_has_sample(sponsor: Sponsor) -> bool:
    """Whether the sponsor, or any trial attributed to it, is sample data."""
    return sponsor.is_sample or Trial.objects.filter(sponsor=sponsor, is_sample=True).exists()


def sponsor_snapshots(sponsor: Sponsor, rule_set_key: str) -> list[SponsorSnapshot]:
    """The sponsor's dated counts under one rule set, oldest first (one query)."""
    return list(
        SponsorSnapshot.objects.filter(sponsor=sponsor, rule_set=rule_set_key).order_by("taken_on")
    )


# --- One trial ----------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """One rule set's view of one trial, in plain words for the trial page."""

    rule_set: rules.RuleSet
    status: str
    status_label: str
    due_on: datetime.date | None
    reported_on: datetime.date | None
    days_late: int | None
    judged_on: datetime.date | None
    explanation: rules.Reason = field(default_factory=lambda: rules.Reason(summary=""))

    @property
    def appears_overdue(self) -> bool:
        return self.status == ReportingStatus.OVERDUE


def trial_for_page(nct_id: str) -> Trial | None:
    return Trial.objects.select_related("sponsor").defer("raw").filter(nct_id=nct_id).first()


def trial_judgements(trial: Trial) -> list[Judgement]:
    """Each registered rule set's classification of the trial (one query), in the
    registry's order; a rule set that has not judged it yet is left out."""
    stored = {c.rule_set: c for c in trial.classifications.all()}
    judgements = []
    for key, rule_set in rules.RULE_SETS.items():
        classification = stored.get(key)
        if classification is None:
            continue
        judgements.append(
            Judgement(
                rule_set=rule_set,
                status=classification.status,
                status_label=classification.get_status_display(),
                due_on=classification.due_on,
                reported_on=classification.reported_on,
                days_late=classification.days_late,
                judged_on=classification.judged_on,
                explanation=rules.explain(key, classification.reason),
            )
        )
    return judgements


# --- What every export carries -----------------------------------------------------------


def data_timestamp() -> datetime.datetime | None:
    """When the registry data shown was current: the latest succeeded import's registry
    timestamp, else when that import finished; None before any import succeeded."""
    latest = (
        RegistryImport.objects.filter(outcome=RegistryImport.Outcome.SUCCEEDED)
        .order_by(F("finished_at").desc(nulls_last=True), "-pk")
        .only("data_timestamp", "finished_at")
        .first()
    )
    if latest is None:
        return None
    return latest.data_timestamp or latest.finished_at


def licence() -> dict[str, str]:
    return {"text": settings.TRIALS_DATA_LICENCE, "url": settings.TRIALS_DATA_LICENCE_URL}


def rule_set_meta(rule_set: rules.RuleSet | None, key: str) -> dict[str, str]:
    if rule_set is None:
        return {"key": key, "name": "", "source": "", "source_url": ""}
    return {
        "key": rule_set.key,
        "name": str(rule_set.name),
        "source": str(rule_set.source_title),
        "source_url": rule_set.source_url,
    }


def iso_moment(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
