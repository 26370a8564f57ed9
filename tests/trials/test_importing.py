"""Importing registry records: batches, unchanged records, files, the API, memory."""

import copy
import datetime
import gc
import json
import tracemalloc
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trials.models import RegistryImport, Trial
from trials.sample_studies import generate_studies, sample_nct_id
from trials.services import importing
from trials.services.importing import (
    ImportFileError,
    RegistryImportFailed,
    api_query,
    canonical_sha256,
    file_studies,
    registry_import_run_api,
    registry_import_run_file,
    studies_import,
)

pytestmark = pytest.mark.django_db


def new_import(source=RegistryImport.Source.FILE) -> RegistryImport:
    return RegistryImport.objects.create(source=source, label="test")


def run(studies, **options) -> RegistryImport:
    registry_import = new_import(options.pop("source", RegistryImport.Source.FILE))
    studies_import(studies=studies, registry_import=registry_import, **options)
    registry_import.refresh_from_db()
    return registry_import


def test_studies_become_trials_with_their_columns_and_raw_record():
    raw = next(generate_studies(1, seed=4))
    raw["protocolSection"]["statusModule"]["primaryCompletionDateStruct"] = {
        "date": "2021-02",
        "type": "ACTUAL",
    }
    raw["protocolSection"]["designModule"]["phases"] = ["PHASE2", "PHASE3"]

    registry_import = run([raw])

    trial = Trial.objects.get()
    facts_status = raw["protocolSection"]["statusModule"]
    assert trial.nct_id == sample_nct_id(0)
    assert trial.raw == raw
    assert trial.raw_sha256 == canonical_sha256(raw)
    assert trial.brief_title == raw["protocolSection"]["identificationModule"]["briefTitle"]
    lead = raw["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"]
    assert (trial.lead_sponsor_name, trial.lead_sponsor_class) == (lead["name"], lead["class"])
    assert trial.overall_status == facts_status["overallStatus"]
    assert trial.phases == "PHASE2,PHASE3"
    assert trial.primary_completion_date == datetime.date(2021, 2, 28)
    assert trial.primary_completion_type == "ACTUAL"
    assert trial.has_results is raw["hasResults"]
    assert trial.first_import == registry_import == trial.last_import
    assert not trial.is_sample
    assert (registry_import.studies_read, registry_import.studies_created) == (1, 1)


def test_queries_stay_the_same_per_batch_whatever_the_number_of_studies():
    def queries_for(count: int, start: int) -> int:
        registry_import = new_import()
        with CaptureQueriesContext(connection) as context:
            studies_import(
                studies=generate_studies(count, seed=1, start_index=start),
                registry_import=registry_import,
                batch_size=500,
            )
        registry_import.refresh_from_db()
        assert registry_import.studies_read == registry_import.studies_created == count
        return len(context)

    one_batch = queries_for(500, 0)
    four_batches = queries_for(2000, 10_000)

    assert four_batches <= 4 * one_batch
    assert Trial.objects.count() == 2500


def test_unchanged_records_are_not_rewritten_and_changed_ones_are_updated():
    studies = list(generate_studies(30, seed=5))
    first = run(studies)
    before = dict(Trial.objects.values_list("nct_id", "updated_at"))

    again = run(copy.deepcopy(studies))

    assert (again.studies_read, again.studies_unchanged, again.studies_updated) == (30, 30, 0)
    assert dict(Trial.objects.values_list("nct_id", "updated_at")) == before
    assert set(Trial.objects.values_list("last_import", flat=True)) == {first.pk}

    changed = copy.deepcopy(studies)
    changed[3]["protocolSection"]["statusModule"]["overallStatus"] = "TERMINATED"
    changed[3]["hasResults"] = True
    changed[3]["protocolSection"]["statusModule"]["resultsFirstSubmitDate"] = "2026-01-05"
    # The same record with its keys in another order is the same record.
    changed[4] = dict(reversed(list(changed[4].items())))

    third = run(changed)

    assert (third.studies_unchanged, third.studies_updated, third.studies_created) == (29, 1, 0)
    trial = Trial.objects.get(nct_id=sample_nct_id(3))
    assert trial.overall_status == "TERMINATED" and trial.has_results
    assert trial.results_first_submit_date == datetime.date(2026, 1, 5)
    assert trial.raw == changed[3]
    assert (trial.first_import_id, trial.last_import_id) == (first.pk, third.pk)
    assert trial.updated_at > before[sample_nct_id(3)]
    assert Trial.objects.get(nct_id=sample_nct_id(5)).last_import_id == first.pk


def test_problems_and_rejected_records_are_counted_never_fatal():
    studies = list(generate_studies(5, seed=6))
    del studies[0]["protocolSection"]["statusModule"]
    studies[1]["protocolSection"]["statusModule"]["overallStatus"] = "PAUSED"
    studies[2]["protocolSection"]["statusModule"]["overallStatus"] = "PAUSED"
    for study in studies:
        study["protocolSection"]["oversightModule"] = {"isFdaRegulatedDrug": False}
    no_number = {"protocolSection": {"identificationModule": {"briefTitle": "No number"}}}

    registry_import = run([*studies, no_number, "not a study"])

    assert registry_import.studies_read == 7
    assert registry_import.studies_created == 5
    assert registry_import.studies_rejected == 2
    assert registry_import.problems == {
        "unknown overallStatus: PAUSED": 2,
        "missing module: statusModule": 1,
        "rejected: no nctId": 1,
        "rejected: not a study record (not a JSON object)": 1,
    }
    assert Trial.objects.get(nct_id=sample_nct_id(1)).overall_status == "PAUSED"


def test_an_unknown_value_longer_than_its_column_is_cut_in_the_column_and_kept_in_raw():
    raw = next(generate_studies(1, seed=1))
    raw["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"]["class"] = (
        "A_VERY_LONG_NEW_CLASS"
    )

    run([raw])

    trial = Trial.objects.get()
    assert trial.lead_sponsor_class == "A_VERY_LONG_"
    assert trial.raw["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"]["class"] == (
        "A_VERY_LONG_NEW_CLASS"
    )


def test_a_record_with_a_nul_character_is_rejected_as_postgresql_cannot_store_it():
    broken, fine = generate_studies(2, seed=1)
    broken["protocolSection"]["identificationModule"]["briefTitle"] = "Bad\x00title"
    fine["protocolSection"]["identificationModule"]["briefTitle"] = "A backslash: \\u0000"

    registry_import = run([broken, fine])

    assert list(Trial.objects.values_list("nct_id", flat=True)) == [sample_nct_id(1)]
    assert registry_import.studies_rejected == 1
    assert registry_import.problems == {"rejected: NUL character in the record": 1}


def test_the_same_study_twice_in_one_batch_keeps_the_later():
    (first,) = generate_studies(1, seed=1)
    later = copy.deepcopy(first)
    later["protocolSection"]["statusModule"]["overallStatus"] = "WITHDRAWN"

    registry_import = run([first, later])

    assert Trial.objects.get().overall_status == "WITHDRAWN"
    assert registry_import.studies_created == 1
    assert sum(registry_import.problems.values()) == 1


def test_sample_imports_mark_their_trials_as_sample():
    run(generate_studies(3, seed=1), source=RegistryImport.Source.SAMPLE)

    assert set(Trial.objects.values_list("is_sample", flat=True)) == {True}


def test_progress_is_told_each_batch():
    seen = []

    run(generate_studies(2500, seed=1), progress=seen.append)

    assert seen == [1000, 1000, 500]


# --- Files -------------------------------------------------------------------------------


def page_json(studies, token="abc") -> str:
    return json.dumps({"studies": studies, "nextPageToken": token, "totalCount": 99}, indent=2)


@pytest.fixture
def studies():
    return list(generate_studies(12, seed=8))


def ids(found) -> list[str]:
    return [study["protocolSection"]["identificationModule"]["nctId"] for study in found]


def test_a_json_page(tmp_path, studies):
    path = tmp_path / "page.json"
    path.write_text(page_json(studies))

    assert list(file_studies(path)) == studies


def test_a_json_page_with_its_studies_last_and_a_byte_order_mark(tmp_path, studies):
    path = tmp_path / "page.json"
    path.write_bytes(
        "\ufeff".encode() + json.dumps({"totalCount": 12, "studies": studies}).encode()
    )

    assert list(file_studies(path)) == studies


def test_a_single_study(tmp_path, studies):
    path = tmp_path / "NCT99000000.json"
    path.write_text(json.dumps(studies[0], indent=1))

    assert list(file_studies(path)) == [studies[0]]


def test_json_lines(tmp_path, studies):
    path = tmp_path / "studies.jsonl"
    path.write_text("\n".join(json.dumps(study) for study in studies) + "\n\n")

    assert list(file_studies(path)) == studies


def test_a_json_list(tmp_path, studies):
    path = tmp_path / "studies.json"
    path.write_text(json.dumps(studies))

    assert list(file_studies(path)) == studies


def test_a_zip_of_pages_studies_and_lines(tmp_path, studies):
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pages/page-1.json", page_json(studies[:5]))
        archive.writestr("NCT99000005.json", json.dumps(studies[5]))
        archive.writestr("rest.jsonl", "\n".join(json.dumps(s) for s in studies[6:]))
        archive.writestr("__MACOSX/._page-1.json", b"\x00\x05binary")
        archive.mkdir("empty")

    assert ids(file_studies(path)) == ids(studies)


def test_a_study_larger_than_a_read_chunk(tmp_path, studies, monkeypatch):
    monkeypatch.setattr(importing, "_READ_CHUNK", 64)
    path = tmp_path / "page.json"
    big = copy.deepcopy(studies[0])
    big["protocolSection"]["identificationModule"]["briefTitle"] = "x" * 5000
    numbers = {
        "protocolSection": {"identificationModule": {"nctId": "NCT99000999"}},
        "n": 1234567890,
    }
    path.write_text(page_json([big, *studies[1:], numbers]))

    assert list(file_studies(path)) == [big, *studies[1:], numbers]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (b"nctId,title\nNCT1,x\n", "expected a study, a page of studies or a list of studies"),
        (b'{"studies": [{"a": 1}, {"b": ', "not registry JSON at character"),
        (b'{"studies": [{"a": 1}', "the file ends inside a list"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_a_bad_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)

    with pytest.raises(ImportFileError, match=message) as caught:
        list(file_studies(path))
    assert "bad.json" in str(caught.value)


def test_a_zip_member_that_is_not_json_names_the_member(tmp_path, studies):
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ok.json", json.dumps(studies[0]))
        archive.writestr("README.txt", "Downloaded from the registry.")

    with pytest.raises(ImportFileError, match=r"download\.zip:README\.txt"):
        list(file_studies(path))


def test_run_file_records_the_import(tmp_path, studies):
    path = tmp_path / "page.json"
    path.write_text(page_json(studies))

    registry_import = registry_import_run_file(path, refresh=False)

    registry_import.refresh_from_db()
    assert registry_import.outcome == RegistryImport.Outcome.SUCCEEDED
    assert registry_import.source == RegistryImport.Source.FILE
    assert registry_import.label == "page.json"
    assert registry_import.data_timestamp is not None and registry_import.finished_at
    assert registry_import.studies_created == 12 == Trial.objects.count()


def test_a_file_that_breaks_halfway_marks_the_import_failed_and_keeps_what_was_read(tmp_path):
    good = ",\n".join(json.dumps(study) for study in generate_studies(1500, seed=2))
    path = tmp_path / "page.json"
    path.write_text('{"studies": [' + good + ', {"protocolSection": ')

    with pytest.raises(RegistryImportFailed) as caught:
        registry_import_run_file(path, refresh=False)

    registry_import = RegistryImport.objects.get()
    assert caught.value.registry_import == registry_import
    assert registry_import.outcome == RegistryImport.Outcome.FAILED
    assert "page.json" in registry_import.error
    assert registry_import.studies_created == 1000 == Trial.objects.count()


def test_refresh_runs_the_tracker_after_a_successful_import(tmp_path, studies, monkeypatch):
    calls = []
    monkeypatch.setattr(importing, "tracker_refresh", lambda **kwargs: calls.append(kwargs))
    path = tmp_path / "page.json"
    path.write_text(page_json(studies))

    registry_import = registry_import_run_file(path, today=datetime.date(2026, 12, 2))

    assert calls == [{"today": datetime.date(2026, 12, 2), "registry_import": registry_import}]


# --- The API --------------------------------------------------------------------------------


def test_run_api_reads_every_page_and_records_the_version(fake_registry, registry_settings):
    fake_registry.studies = list(generate_studies(2300, seed=3))

    registry_import = registry_import_run_api(refresh=False)

    registry_import.refresh_from_db()
    assert registry_import.outcome == RegistryImport.Outcome.SUCCEEDED
    assert registry_import.source == RegistryImport.Source.API
    assert registry_import.data_timestamp == datetime.datetime(
        2026, 11, 30, 9, 0, 5, tzinfo=datetime.UTC
    )
    assert registry_import.api_version == "2.0.5"
    assert registry_import.studies_created == 2300 == Trial.objects.count()
    pages = fake_registry.study_requests()
    assert len(pages) == 3
    assert pages[0].query["fields"] == ",".join(importing.IMPORT_FIELDS)
    # The fields asked for are what is kept: the conditions module is not.
    assert "conditionsModule" not in Trial.objects.first().raw["protocolSection"]


def test_run_api_with_since_and_the_configured_query(fake_registry, registry_settings):
    registry_settings.CLINICALTRIALS_QUERY = {"query.lead": "Northwind"}
    fake_registry.studies = list(generate_studies(400, seed=3))
    since = datetime.date(2025, 6, 1)

    registry_import = registry_import_run_api(since=since, refresh=False)

    query = fake_registry.study_requests()[0].query
    assert query["query.lead"] == "Northwind"
    assert query["filter.advanced"] == "AREA[LastUpdatePostDate]RANGE[2025-06-01,MAX]"
    assert "query.lead=Northwind" in registry_import.label
    stored = Trial.objects.all()
    assert stored and {trial.lead_sponsor_name for trial in stored} == {
        "Northwind Clinical Research"
    }


def test_since_joins_a_configured_advanced_filter(settings):
    settings.CLINICALTRIALS_QUERY = {"filter.advanced": "AREA[StudyType]INTERVENTIONAL"}

    query = api_query(since=datetime.date(2026, 1, 2))

    assert query["filter.advanced"] == (
        "(AREA[StudyType]INTERVENTIONAL) AND AREA[LastUpdatePostDate]RANGE[2026-01-02,MAX]"
    )


def test_run_api_retries_then_succeeds(fake_registry, registry_settings):
    fake_registry.studies = list(generate_studies(10, seed=3))
    fake_registry.fail_next(429, retry_after="0", path="/studies")
    fake_registry.fail_next(500, path="/studies")

    registry_import = registry_import_run_api(refresh=False)

    assert registry_import.outcome == RegistryImport.Outcome.SUCCEEDED
    assert registry_import.studies_created == 10


def test_run_api_gives_up_and_marks_the_import_failed(
    fake_registry, registry_settings, monkeypatch
):
    refreshed = []
    monkeypatch.setattr(importing, "tracker_refresh", lambda **kwargs: refreshed.append(kwargs))
    fake_registry.studies = list(generate_studies(10, seed=3))
    fake_registry.fail_next(503, times=3, path="/studies")

    with pytest.raises(RegistryImportFailed, match="failed 3 time"):
        registry_import_run_api()

    registry_import = RegistryImport.objects.get()
    assert registry_import.outcome == RegistryImport.Outcome.FAILED
    assert "HTTP 503" in registry_import.error and registry_import.finished_at
    assert refreshed == []
    assert not Trial.objects.exists()


# --- Memory ---------------------------------------------------------------------------------


def peak_memory(count: int) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        run(generate_studies(count, seed=11, start_index=count * 10), batch_size=250)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_studies():
    # Small numbers, as tracing every allocation is slow; bench/ measures half a million.
    small = peak_memory(1_000)
    large = peak_memory(4_000)

    # Four times the studies (and batches); the peak is one batch's worth either way.
    assert large < small * 1.5, (small, large)
