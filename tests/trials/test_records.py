"""Sponsors' counts: today's snapshot per sponsor and rule set, the current record with
its trend, and the record beside a supporting organisation, in bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ClassificationFactory,
    OrganisationFactory,
    SponsorFactory,
    TrialFactory,
)
from trials.models import SponsorRecord, SponsorSnapshot
from trials.services.records import (
    organisation_records,
    percent_reported,
    sponsor_records_refresh,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)
WHO = "who-12m-v1"
FDAAA = "fdaaa-801-v1"


def classified(sponsor, *statuses, rule_set=WHO, **trial_fields):
    for status in statuses:
        trial = TrialFactory(sponsor=sponsor, lead_sponsor_name=sponsor.name, **trial_fields)
        ClassificationFactory(trial=trial, rule_set=rule_set, status=status)


def snapshot(sponsor, on, percent, rule_set=WHO):
    return SponsorSnapshot.objects.create(
        sponsor=sponsor, rule_set=rule_set, taken_on=on, percent_reported=percent, due=10
    )


def test_counts_by_status_and_percent_reported():
    sponsor = SponsorFactory()
    classified(
        sponsor,
        "reported_on_time",
        "reported_on_time",
        "reported_late",
        "overdue",
        "ongoing",
        "not_yet_due",
        "not_applicable",
        "inconsistent",
    )
    classified(sponsor, "overdue", rule_set=FDAAA)
    assert sponsor_records_refresh(today=TODAY) == 2
    record = SponsorRecord.objects.get(sponsor=sponsor, rule_set=WHO)
    assert (record.total, record.due, record.reported, record.overdue) == (8, 4, 3, 1)
    assert (record.reported_on_time, record.reported_late) == (2, 1)
    assert (record.ongoing, record.not_yet_due, record.not_applicable, record.inconsistent) == (
        1,
        1,
        1,
        1,
    )
    assert record.percent_reported == Decimal("75.0")
    assert record.sponsor_name == sponsor.name
    assert record.sponsor_class == sponsor.sponsor_class
    assert record.computed_on == TODAY
    other = SponsorRecord.objects.get(sponsor=sponsor, rule_set=FDAAA)
    assert (other.due, other.reported, other.percent_reported) == (1, 0, Decimal("0.0"))


def test_percent_rounds_to_one_decimal_and_is_none_when_nothing_is_due():
    assert percent_reported(2, 3) == Decimal("66.7")
    assert percent_reported(1, 8) == Decimal("12.5")
    assert percent_reported(0, 0) is None
    sponsor = SponsorFactory()
    classified(sponsor, "ongoing", "not_yet_due")
    sponsor_records_refresh(today=TODAY)
    record = SponsorRecord.objects.get()
    assert (record.due, record.percent_reported) == (0, None)


def test_trials_without_a_sponsor_are_never_counted():
    sponsor = SponsorFactory()
    classified(sponsor, "reported_on_time")
    ClassificationFactory(trial=TrialFactory(sponsor=None), status="overdue")
    sponsor_records_refresh(today=TODAY)
    record = SponsorRecord.objects.get()
    assert (record.total, record.overdue) == (1, 0)


def test_one_snapshot_per_day_the_second_run_replaces_the_first():
    sponsor = SponsorFactory()
    classified(sponsor, "overdue")
    sponsor_records_refresh(today=TODAY)
    classified(sponsor, "reported_on_time")
    sponsor_records_refresh(today=TODAY)
    assert SponsorSnapshot.objects.count() == 1
    assert SponsorSnapshot.objects.get().percent_reported == Decimal("50.0")
    sponsor_records_refresh(today=TODAY + datetime.timedelta(days=1))
    assert SponsorSnapshot.objects.count() == 2
    assert SponsorRecord.objects.count() == 1


def test_a_sponsor_with_nothing_left_loses_its_record_and_todays_snapshot():
    kept, gone = SponsorFactory(), SponsorFactory()
    classified(kept, "overdue")
    classified(gone, "overdue")
    sponsor_records_refresh(today=TODAY)
    gone.trials.update(sponsor=None)  # its mapping was excluded
    sponsor_records_refresh(today=TODAY)
    assert list(SponsorRecord.objects.values_list("sponsor", flat=True)) == [kept.pk]
    assert list(SponsorSnapshot.objects.values_list("sponsor", flat=True)) == [kept.pk]


def test_trend_against_the_snapshot_nearest_a_year_before():
    sponsor = SponsorFactory()
    classified(sponsor, "reported_on_time", "reported_on_time", "reported_late", "overdue")  # 75
    year_ago = TODAY - datetime.timedelta(days=365)
    snapshot(sponsor, year_ago - datetime.timedelta(days=40), Decimal("10.0"))
    snapshot(sponsor, year_ago - datetime.timedelta(days=3), Decimal("40.0"))  # nearest
    snapshot(sponsor, year_ago + datetime.timedelta(days=5), Decimal("45.0"))
    snapshot(sponsor, TODAY - datetime.timedelta(days=1), Decimal("70.0"))
    sponsor_records_refresh(today=TODAY)
    assert SponsorRecord.objects.get().trend == Decimal("35.0")


def test_trend_nearest_may_come_after_the_year_ago_day():
    sponsor = SponsorFactory()
    classified(sponsor, "reported_on_time", "overdue")  # 50
    year_ago = TODAY - datetime.timedelta(days=365)
    snapshot(sponsor, year_ago - datetime.timedelta(days=30), Decimal("10.0"))
    snapshot(sponsor, year_ago + datetime.timedelta(days=2), Decimal("62.5"))
    sponsor_records_refresh(today=TODAY)
    assert SponsorRecord.objects.get().trend == Decimal("-12.5")


def test_trend_against_the_earliest_snapshot_when_none_is_a_year_old():
    sponsor = SponsorFactory()
    classified(sponsor, "reported_on_time", "overdue")  # 50
    snapshot(sponsor, TODAY - datetime.timedelta(days=100), Decimal("20.0"))
    snapshot(sponsor, TODAY - datetime.timedelta(days=10), Decimal("45.0"))
    sponsor_records_refresh(today=TODAY)
    assert SponsorRecord.objects.get().trend == Decimal("30.0")


def test_no_trend_without_an_earlier_snapshot_or_percentage():
    first, empty_before = SponsorFactory(), SponsorFactory()
    classified(first, "overdue")
    classified(empty_before, "overdue")
    snapshot(empty_before, TODAY - datetime.timedelta(days=365), None)
    snapshot(first, TODAY + datetime.timedelta(days=3), Decimal("99.0"))  # later: ignored
    sponsor_records_refresh(today=TODAY)
    assert SponsorRecord.objects.get(sponsor=first).trend is None
    assert SponsorRecord.objects.get(sponsor=empty_before).trend is None


def test_snapshot_names_the_import():
    from trials.models import RegistryImport

    registry_import = RegistryImport.objects.create(source=RegistryImport.Source.SAMPLE)
    classified(SponsorFactory(), "overdue")
    sponsor_records_refresh(today=TODAY, registry_import=registry_import)
    assert SponsorSnapshot.objects.get().registry_import == registry_import


def test_refresh_queries_do_not_grow_with_sponsors_or_trials():
    """Reads and updates are a fixed number of statements; inserts come in batches
    (as large as the database takes: SQLite caps the parameters of one statement)."""

    def refresh_queries(n_sponsors: int) -> tuple[int, int]:
        SponsorRecord.objects.all().delete()
        for sponsor in [SponsorFactory() for _ in range(n_sponsors)]:
            classified(sponsor, "reported_on_time", "overdue", "ongoing")
        with CaptureQueriesContext(connection) as captured:
            sponsor_records_refresh(today=TODAY)
        inserts = [q for q in captured if q["sql"].lstrip().upper().startswith("INSERT")]
        return len(captured) - len(inserts), len(inserts)

    def batches(rows: int, model) -> int:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        per_statement = min(1000, connection.ops.bulk_batch_size(fields, [None] * rows))
        return -(-rows // per_statement)

    few_others, few_inserts = refresh_queries(10)
    many_others, many_inserts = refresh_queries(200)
    assert many_others == few_others
    assert few_inserts == 2  # one for the snapshots, one for the records
    assert many_inserts == batches(210, SponsorSnapshot) + batches(210, SponsorRecord)
    assert SponsorRecord.objects.count() == 210


def test_a_refresh_tells_postgresql_how_many_records_there_now_are():
    """Until the table's statistics count the rows a refresh wrote, the planner sorts
    every sponsor for the league's first page instead of reading its index."""
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's (SQLite plans without them)")
    for sponsor in [SponsorFactory() for _ in range(40)]:
        classified(sponsor, "reported_on_time", "overdue")
    sponsor_records_refresh(today=TODAY)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s",
            [SponsorRecord._meta.db_table],
        )
        (estimated,) = cursor.fetchone()
    assert estimated == SponsorRecord.objects.count() == 40


# --- Beside a supporting organisation -----------------------------------------------


def test_organisation_records_in_a_fixed_number_of_queries():
    linked = [OrganisationFactory() for _ in range(3)]
    unlinked = OrganisationFactory()
    for organisation in linked:
        sponsor = SponsorFactory(organisation=organisation, is_sample=True)
        classified(sponsor, "reported_on_time", "reported_late", "overdue")
    classified(SponsorFactory(organisation=linked[0]), "overdue", rule_set=FDAAA)
    sponsor_records_refresh(today=TODAY)
    with CaptureQueriesContext(connection) as captured:
        records = organisation_records([o.pk for o in [*linked, unlinked]])
    # The records in one query, then the tracker page's address looked up once: the
    # same few queries for one organisation as for all of them.
    with CaptureQueriesContext(connection) as for_one:
        organisation_records([linked[1].pk])
    assert len(captured) == len(for_one) <= 5
    assert set(records) == {o.pk for o in linked}
    record = records[linked[0].pk]
    assert (record.due, record.reported, record.overdue) == (3, 2, 1)
    assert record.percent_reported == pytest.approx(66.7)
    assert record.is_sample is True
    assert record.url == f"/trials/sponsors/{linked[0].trial_sponsors.first().slug}/"
    assert organisation_records([]) == {}
