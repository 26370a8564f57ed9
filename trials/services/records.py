"""Counts per sponsor: the dated snapshots, the current record the league reads,
and the record shown beside a supporting organisation.

Only trials with a `sponsor` are counted, and `Trial.sponsor` is set from
confirmed mappings alone (services/sponsors.py): a name waiting for review counts
for nobody. One GROUP BY over the classifications gives every sponsor's counts per
rule set; they become today's `SponsorSnapshot` (one per sponsor, rule set and
day, kept for ever) and then the `SponsorRecord` the league table reads, with the
trend against the snapshot about a year before. Writes go in batches, so the
number of statements does not grow with the number of trials and grows only by
one per thousand sponsors.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery

from core.page_cache import clear_page_cache
from supporters import services as supporters_services

from ..models import (
    Classification,
    RegistryImport,
    ReportingStatus,
    SponsorRecord,
    SponsorSnapshot,
)
from ..models.records import DUE_STATUSES, REPORTED_STATUSES
from ..rules import DEFAULT_RULE_SET
from ..urls_for import sponsor_url_maker

BATCH_SIZE = 1000
#: How far back the trend looks.
TREND_DAYS = 365

#: Each count field and the statuses it counts (`total` counts every classification).
COUNTED = {
    "due": DUE_STATUSES,
    "reported": REPORTED_STATUSES,
    "reported_on_time": (ReportingStatus.REPORTED_ON_TIME,),
    "reported_late": (ReportingStatus.REPORTED_LATE,),
    "overdue": (ReportingStatus.OVERDUE,),
    "ongoing": (ReportingStatus.ONGOING,),
    "not_yet_due": (ReportingStatus.NOT_YET_DUE,),
    "not_applicable": (ReportingStatus.NOT_APPLICABLE,),
    "inconsistent": (ReportingStatus.INCONSISTENT,),
}
COUNT_FIELDS = ["total", *COUNTED]


@dataclass(frozen=True)
class OrganisationRecord:
    """A supporting organisation's reporting record under the default rule set."""

    sponsor_name: str
    url: str  # the sponsor's page on the tracker
    due: int
    reported: int
    overdue: int
    percent_reported: float | None
    is_sample: bool


def percent_reported(reported: int, due: int) -> Decimal | None:
    """reported / due * 100 to one decimal (half up); None when nothing is due."""
    if not due:
        return None
    return (Decimal(reported) * 100 / Decimal(due)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def organisation_records(organisation_ids: Iterable[int]) -> dict[int, OrganisationRecord]:
    """Records of the given organisations that are linked to a sponsor: one query, and
    one more for the tracker page's address when there is any record.

    Under the default rule set (`trials.rules.DEFAULT_RULE_SET`). An organisation
    linked to several sponsors shows the one with the most due trials.
    """
    ids = {int(pk) for pk in organisation_ids if pk is not None}
    if not ids:
        return {}
    records = (
        SponsorRecord.objects.filter(rule_set=DEFAULT_RULE_SET, sponsor__organisation_id__in=ids)
        .select_related("sponsor")
        .order_by("sponsor__organisation_id", "-due", "sponsor_id")
    )
    found: dict[int, OrganisationRecord] = {}
    records = list(records)
    # The tracker page is looked up once, and only when there is a record to link.
    url_of = sponsor_url_maker() if records else None
    for record in records:
        organisation_id = record.sponsor.organisation_id
        if organisation_id in found:
            continue
        found[organisation_id] = OrganisationRecord(
            sponsor_name=record.sponsor.name,
            url=url_of(record.sponsor.slug),
            due=record.due,
            reported=record.reported,
            overdue=record.overdue,
            percent_reported=None
            if record.percent_reported is None
            else float(record.percent_reported),
            is_sample=record.sponsor.is_sample,
        )
    return found


def _counts_by_sponsor():
    """One GROUP BY (sponsor, rule set) over counted classifications, with each count."""
    counts = {
        field: Count("pk", filter=Q(status__in=list(statuses)))
        for field, statuses in COUNTED.items()
    }
    return (
        Classification.objects.filter(trial__sponsor__isnull=False)
        .order_by()
        .values("trial__sponsor", "rule_set")
        .annotate(total=Count("pk"), **counts)
    )


def _snapshots_write(*, today: datetime.date, registry_import: RegistryImport | None) -> int:
    """Today's snapshots, replacing any taken earlier today. Returns how many."""
    _delete_where(SponsorSnapshot, "taken_on = %s", [today])
    written = 0
    batch: list[SponsorSnapshot] = []
    for row in _counts_by_sponsor().iterator(chunk_size=BATCH_SIZE):
        batch.append(
            SponsorSnapshot(
                sponsor_id=row["trial__sponsor"],
                rule_set=row["rule_set"],
                taken_on=today,
                registry_import=registry_import,
                percent_reported=percent_reported(row["reported"], row["due"]),
                **{field: row[field] for field in COUNT_FIELDS},
            )
        )
        if len(batch) >= BATCH_SIZE:
            written += _upsert_snapshots(batch)
            batch = []
    written += _upsert_snapshots(batch)
    return written


def _upsert_snapshots(batch: list[SponsorSnapshot]) -> int:
    if batch:
        # Another refresh of the same day may have written the same rows meanwhile.
        SponsorSnapshot.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["sponsor", "rule_set", "taken_on"],
            update_fields=[*COUNT_FIELDS, "percent_reported", "registry_import"],
        )
    return len(batch)


def _with_earlier(today: datetime.date):
    """Today's snapshots, each with the percentage of the two snapshots around a year
    before (the last one on or before that day, the first one after it): one query,
    correlated subqueries on the (sponsor, rule set, day) index."""
    year_ago = today - datetime.timedelta(days=TREND_DAYS)
    same = SponsorSnapshot.objects.filter(
        sponsor=OuterRef("sponsor"), rule_set=OuterRef("rule_set"), taken_on__lt=today
    )
    before = same.filter(taken_on__lte=year_ago).order_by("-taken_on")
    after = same.filter(taken_on__gt=year_ago).order_by("taken_on")
    return (
        SponsorSnapshot.objects.filter(taken_on=today)
        .select_related("sponsor")
        .annotate(
            before_on=Subquery(before.values("taken_on")[:1]),
            before_percent=Subquery(before.values("percent_reported")[:1]),
            after_on=Subquery(after.values("taken_on")[:1]),
            after_percent=Subquery(after.values("percent_reported")[:1]),
        )
        .order_by("pk")
    )


def _trend(snapshot, year_ago: datetime.date) -> Decimal | None:
    """Percentage points since the snapshot nearest to a year before (the earliest,
    if none is that old); None without an earlier snapshot or a percentage to compare."""
    candidates = [
        (abs((on - year_ago).days), percent)
        for on, percent in (
            (_as_date(snapshot.before_on), snapshot.before_percent),
            (_as_date(snapshot.after_on), snapshot.after_percent),
        )
        if on is not None
    ]
    if not candidates or snapshot.percent_reported is None:
        return None
    _distance, earlier = min(candidates, key=lambda candidate: candidate[0])
    if earlier is None:
        return None
    return (Decimal(snapshot.percent_reported) - Decimal(earlier)).quantize(Decimal("0.1"))


def _as_date(value) -> datetime.date | None:
    # SQLite hands a subquery's date back as text.
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _records_write(*, today: datetime.date) -> None:
    """Replace the current records with today's snapshots (and their trends)."""
    year_ago = today - datetime.timedelta(days=TREND_DAYS)
    batch: list[SponsorRecord] = []
    for snapshot in _with_earlier(today).iterator(chunk_size=BATCH_SIZE):
        batch.append(
            SponsorRecord(
                sponsor_id=snapshot.sponsor_id,
                rule_set=snapshot.rule_set,
                sponsor_name=snapshot.sponsor.name,
                sponsor_class=snapshot.sponsor.sponsor_class,
                percent_reported=snapshot.percent_reported,
                trend=_trend(snapshot, year_ago),
                computed_on=today,
                **{field: getattr(snapshot, field) for field in COUNT_FIELDS},
            )
        )
        if len(batch) >= BATCH_SIZE:
            _upsert_records(batch)
            batch = []
    _upsert_records(batch)
    # Sponsors (or rule sets) with nothing counted today have no record.
    records, snapshots = SponsorRecord._meta.db_table, SponsorSnapshot._meta.db_table
    no_snapshot_today = (
        f"NOT EXISTS (SELECT 1 FROM {snapshots} snapshot"  # noqa: S608 - table names are ours
        f" WHERE snapshot.taken_on = %s AND snapshot.sponsor_id = {records}.sponsor_id"
        f" AND snapshot.rule_set = {records}.rule_set)"
    )
    _delete_where(SponsorRecord, no_snapshot_today, [today])


def _delete_where(model, condition: str, params: list) -> None:
    """One DELETE statement, however many rows: `QuerySet.delete()` first reads the rows
    and deletes them by id in batches (signal receivers are registered for every
    model), and nothing refers to these rows or listens for their deletion."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {condition}", params)  # noqa: S608 - names are ours


def _upsert_records(batch: list[SponsorRecord]) -> None:
    if batch:
        SponsorRecord.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["sponsor", "rule_set"],
            update_fields=[
                *COUNT_FIELDS,
                "percent_reported",
                "sponsor_name",
                "sponsor_class",
                "trend",
                "computed_on",
            ],
        )


def records_statistics_refresh() -> None:
    """Have PostgreSQL re-read the records' statistics. A refresh can rewrite every row;
    until autovacuum next analyses the table, the planner would still count the rows
    there were before (after the first import: none) and, at 50,000 sponsors, sort
    them all for the league's first page (77 ms) instead of reading it from its index
    (0.5 ms). ANALYZE reads a sample, so it costs about the same whatever the size."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SponsorRecord._meta.db_table}")


def sponsor_records_refresh(
    *, today: datetime.date, registry_import: RegistryImport | None = None
) -> int:
    """Recount every sponsor from the stored classifications: write today's
    snapshot per sponsor and rule set and replace the current records.

    Safe to run twice a day: the second run replaces the first one's snapshot.
    Returns the number of (sponsor, rule set) records written. The supporters list,
    which shows linked sponsors' records, is purged after the commit.
    """
    with transaction.atomic():
        written = _snapshots_write(today=today, registry_import=registry_import)
        _records_write(today=today)
        records_statistics_refresh()
        transaction.on_commit(clear_page_cache)
        supporters_services.public_list_purge()
    return written
