"""The tracker's open data: the league and each sponsor as JSON and CSV, with the data
timestamp, the rule set, the licence and the sample flag."""

import csv
import datetime
import io

import pytest
from django.http import StreamingHttpResponse

from tests.trials.factories import (
    ClassificationFactory,
    RegistryImportFactory,
    SponsorFactory,
    SponsorRecordFactory,
    TrialFactory,
)
from trials.models import RegistryImport, SponsorClass, TrackerPage

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _csv(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_league_json_holds_every_row_with_its_meta(client, tracker, fake_rules, settings):
    settings.TRIALS_DATA_LICENCE = "Registry data from ClinicalTrials.gov; ours CC BY 4.0."
    TrackerPage.objects.filter(pk=tracker["page"].pk).update(per_page=10)
    RegistryImportFactory(
        finished_at=datetime.datetime(2026, 11, 30, 3, 0, tzinfo=UTC),
        data_timestamp=datetime.datetime(2026, 11, 29, 22, 15, tzinfo=UTC),
    )
    # Later but failed, or still running: not what the data is as of.
    RegistryImportFactory(outcome=RegistryImport.Outcome.FAILED)
    RegistryImportFactory(outcome=RegistryImport.Outcome.RUNNING, finished_at=None)
    for n in range(15):
        SponsorRecordFactory(sponsor=SponsorFactory(name=f"Sponsor {n:02d}"))
    SponsorRecordFactory(sponsor=SponsorFactory(name="Too Few"), due=2)

    response = client.get("/trials/league.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    meta = document["meta"]
    assert meta["data_timestamp"] == "2026-11-29T22:15:00Z"
    assert meta["rule_set"] == {
        "key": "who-12m-v1",
        "name": "Results within 12 months (test)",
        "source": "WHO statement on public disclosure (test)",
        "source_url": "https://example.org/who-statement",
    }
    assert meta["licence"]["text"] == "Registry data from ClinicalTrials.gov; ours CC BY 4.0."
    assert meta["sample"] is False
    assert meta["minimum_due_trials"] == 5
    # Every qualifying row, not one page of them.
    assert len(document["sponsors"]) == 15
    first = document["sponsors"][0]
    assert first["due"] == 10 and first["reported"] == 6 and first["percent_reported"] == 60.0
    assert first["trend_points"] == 2.5 and first["sample"] is False


def test_the_timestamp_falls_back_to_when_the_import_finished(client, tracker, fake_rules):
    RegistryImportFactory(finished_at=datetime.datetime(2026, 10, 1, 12, 0, tzinfo=UTC))
    RegistryImportFactory(finished_at=datetime.datetime(2026, 11, 2, 8, 30, tzinfo=UTC))
    assert client.get("/trials/league.json").json()["meta"]["data_timestamp"] == (
        "2026-11-02T08:30:00Z"
    )


def test_no_import_yet_means_no_timestamp(client, tracker, fake_rules):
    assert client.get("/trials/league.json").json()["meta"]["data_timestamp"] is None


def test_the_league_exports_follow_the_filters(client, tracker, fake_rules):
    SponsorRecordFactory(
        sponsor=SponsorFactory(name="Industry", sponsor_class=SponsorClass.INDUSTRY)
    )
    SponsorRecordFactory(sponsor=SponsorFactory(name="Other", sponsor_class=SponsorClass.OTHER))
    SponsorRecordFactory(sponsor=SponsorFactory(name="FDA only"), rule_set="fdaaa-801-v1")
    names = [
        row["sponsor"] for row in client.get("/trials/league.json?class=OTHER").json()["sponsors"]
    ]
    assert names == ["Other"]
    fdaaa = client.get("/trials/league.json?rules=fdaaa-801-v1").json()
    assert [row["sponsor"] for row in fdaaa["sponsors"]] == ["FDA only"]
    assert fdaaa["meta"]["rule_set"]["key"] == "fdaaa-801-v1"
    unknown = client.get("/trials/league.json?rules=nope").json()
    assert unknown["meta"]["rule_set"]["key"] == "who-12m-v1"
    assert "There is no rule set called “nope”" in unknown["meta"]["notices"][0]


def test_the_league_csv_is_streamed_formula_safe_and_carries_its_meta(client, tracker, fake_rules):
    RegistryImportFactory(data_timestamp=datetime.datetime(2026, 11, 29, 22, 15, tzinfo=UTC))
    SponsorRecordFactory(sponsor=SponsorFactory(name='=HYPERLINK("https://evil.example")'))
    SponsorRecordFactory(sponsor=SponsorFactory(name="Invented Pharma", is_sample=True))

    response = client.get("/trials/league.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in response["Link"]
    assert 'league.json>; rel="describedby"' in response["Link"]
    assert "CC BY 4.0" in response["X-Licence"]
    assert response["X-Data-Timestamp"] == "2026-11-29T22:15:00Z"
    assert response["X-Rule-Set"] == "who-12m-v1"
    assert response["X-Sample-Data"] == "true"
    rows = _csv(response)
    by_name = {row["sponsor"]: row for row in rows}
    assert '\'=HYPERLINK("https://evil.example")' in by_name
    assert by_name["Invented Pharma"]["sample"] == "true"
    assert by_name["Invented Pharma"]["percent_reported"] == "60.0"


def test_a_sample_league_says_so_in_json(client, tracker, fake_rules):
    SponsorRecordFactory(sponsor=SponsorFactory(name="Invented Pharma", is_sample=True))
    document = client.get("/trials/league.json").json()
    assert document["meta"]["sample"] is True
    assert document["sponsors"][0]["sample"] is True


def _sponsor_with_trials():
    sponsor = SponsorFactory(name="Export Pharma", is_sample=True)
    SponsorRecordFactory(sponsor=sponsor, due=2, reported=1, overdue=1)
    late = TrialFactory(sponsor=sponsor, nct_id="NCT30000001", is_sample=True)
    ClassificationFactory(trial=late, status="overdue", days_late=120)
    done = TrialFactory(sponsor=sponsor, nct_id="NCT30000002", brief_title="-2+3", is_sample=True)
    ClassificationFactory(
        trial=done,
        status="reported_on_time",
        days_late=None,
        reported_on=datetime.date(2022, 5, 1),
    )
    TrialFactory(sponsor=sponsor, nct_id="NCT30000003", is_sample=True)  # not judged yet
    return sponsor


def test_a_sponsors_json_lists_its_trials_and_statuses(client, tracker, fake_rules):
    _sponsor_with_trials()
    document = client.get("/trials/sponsors/export-pharma.json").json()
    meta = document["meta"]
    assert meta["sponsor"]["name"] == "Export Pharma"
    assert meta["sponsor"]["url"] == "http://testserver/trials/sponsors/export-pharma/"
    assert meta["sample"] is True
    assert meta["counts"]["due"] == 2 and meta["counts"]["percent_reported"] == 50.0
    assert meta["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "data_timestamp" in meta and meta["rule_set"]["key"] == "who-12m-v1"
    trials = {row["nct_id"]: row for row in document["trials"]}
    assert trials["NCT30000001"]["status"] == "overdue"
    assert trials["NCT30000001"]["days_late"] == 120
    assert trials["NCT30000002"]["reported_on"] == "2022-05-01"
    assert trials["NCT30000003"]["status"] == ""
    assert trials["NCT30000001"]["registry_url"] == "https://clinicaltrials.gov/study/NCT30000001"

    overdue = client.get("/trials/sponsors/export-pharma.json?status=overdue").json()
    assert [row["nct_id"] for row in overdue["trials"]] == ["NCT30000001"]


def test_a_sponsors_csv(client, tracker, fake_rules):
    _sponsor_with_trials()
    response = client.get("/trials/sponsors/export-pharma.csv")
    assert response.status_code == 200
    assert response["X-Sample-Data"] == "true"
    assert 'sponsors/export-pharma.json>; rel="describedby"' in response["Link"]
    rows = {row["nct_id"]: row for row in _csv(response)}
    assert rows["NCT30000001"]["status"] == "overdue"
    assert rows["NCT30000002"]["title"] == "'-2+3"
    assert rows["NCT30000003"]["days_late"] == ""


def test_unknown_sponsors_and_missing_trackers_are_not_found(client, tracker, fake_rules):
    assert client.get("/trials/sponsors/nobody.json").status_code == 404
    assert client.get("/trials/sponsors/nobody.csv").status_code == 404
    assert client.get("/elsewhere/league.json").status_code == 404
    tracker["page"].unpublish()
    assert client.get("/trials/league.json").status_code == 404


def test_the_open_data_is_marked_cacheable_on_its_filters(client, tracker, fake_rules, settings):
    settings.PAGE_CACHE_ENABLED = True
    SponsorRecordFactory(
        sponsor=SponsorFactory(name="Industry", sponsor_class=SponsorClass.INDUSTRY)
    )
    SponsorRecordFactory(sponsor=SponsorFactory(name="Other", sponsor_class=SponsorClass.OTHER))
    first = client.get("/trials/league.json?class=OTHER")
    assert "public" in first["Cache-Control"]
    assert [row["sponsor"] for row in first.json()["sponsors"]] == ["Other"]
    industry = client.get("/trials/league.json?class=INDUSTRY&utm_source=x")
    assert [row["sponsor"] for row in industry.json()["sponsors"]] == ["Industry"]
    again = client.get("/trials/league.json?class=OTHER&fbclid=1")
    assert again["X-Page-Cache"] == "hit"
