"""`manage.py trials_import`: files, the API, the summary, and clear errors."""

import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from trials.models import RegistryImport, Trial
from trials.sample_studies import generate_studies
from trials.services import importing

pytestmark = pytest.mark.django_db


def run(*args, progress=False) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    flags = [] if progress else ["--no-progress"]
    call_command("trials_import", *args, *flags, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def no_refresh(monkeypatch):
    """The tracker's later steps are other parts' work: record that they were asked for."""
    calls = []
    monkeypatch.setattr(importing, "tracker_refresh", lambda **kwargs: calls.append(kwargs))
    return calls


def test_files_are_imported_one_run_each_with_a_summary(tmp_path, no_refresh):
    studies = list(generate_studies(7, seed=1))
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"studies": studies[:4]}))
    lines = tmp_path / "more.zip"
    with zipfile.ZipFile(lines, "w") as archive:
        archive.writestr("more.jsonl", "\n".join(json.dumps(s) for s in studies[3:]))

    out, _ = run(str(page), str(lines))

    assert "page.json: 4 read, 4 created, 0 updated, 0 unchanged, 0 rejected" in out
    assert "more.zip: 4 read, 3 created, 0 updated, 1 unchanged, 0 rejected" in out
    assert Trial.objects.count() == 7
    assert RegistryImport.objects.filter(outcome=RegistryImport.Outcome.SUCCEEDED).count() == 2
    assert len(no_refresh) == 2


def test_problems_are_listed(tmp_path, no_refresh):
    studies = list(generate_studies(3, seed=1))
    studies[0]["protocolSection"]["statusModule"]["overallStatus"] = "PAUSED"
    del studies[1]["protocolSection"]["identificationModule"]["nctId"]
    path = tmp_path / "studies.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in studies))

    out, _ = run(str(path), "--no-refresh")

    assert "3 read, 2 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert "1 x unknown overallStatus: PAUSED" in out
    assert "1 x rejected: no nctId" in out
    assert no_refresh == []


def test_the_progress_bar_goes_to_stderr(tmp_path, no_refresh):
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"studies": list(generate_studies(5, seed=1))}))

    out, err = run(str(path), progress=True)

    assert "5 studies" in err and "page.json" in err
    assert "studies/s" not in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "page.json: not registry JSON"),
        (b'{"studies": [', "page.json: not registry JSON"),
        (b"PK\x03\x04broken zip", "page.json"),
    ],
)
def test_a_bad_file_is_a_command_error(tmp_path, no_refresh, content, message):
    path = tmp_path / "page.json"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(str(path))
    assert RegistryImport.objects.get().outcome == RegistryImport.Outcome.FAILED
    assert no_refresh == []


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.json"))
    assert not RegistryImport.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give one or more files, or --api"),
        (("a.json", "--api"), "not both"),
        (("a.json", "--since", "2026-01-01"), "--since goes with --api"),
        (("--api", "--since", "last week"), "not a date"),
    ],
)
def test_wrong_arguments_are_command_errors(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_api_without_configuration_is_a_command_error():
    with pytest.raises(CommandError, match="CLINICALTRIALS_API_BASE"):
        run("--api")


def test_api_import(fake_registry, registry_settings, no_refresh):
    fake_registry.studies = list(generate_studies(1500, seed=2))

    out, err = run("--api", "--since", "2020-01-01", progress=True)

    query = fake_registry.study_requests()[0].query
    assert query["filter.advanced"] == "AREA[LastUpdatePostDate]RANGE[2020-01-01,MAX]"
    registry_import = RegistryImport.objects.get()
    assert registry_import.source == RegistryImport.Source.API
    assert f"{registry_import.studies_read} read, {registry_import.studies_created} created" in out
    assert registry_import.studies_read == Trial.objects.count() > 0
    assert f"/{registry_import.studies_read}" in err  # the bar knew the total from countTotal
    assert len(no_refresh) == 1


def test_api_that_keeps_failing_is_a_command_error_and_a_failed_import(
    fake_registry, registry_settings, no_refresh
):
    fake_registry.fail_next(500, times=10)

    with pytest.raises(CommandError, match=r"failed: ClinicalTrials.gov /version failed 3 time"):
        run("--api", "--no-refresh")
    registry_import = RegistryImport.objects.get()
    assert registry_import.outcome == RegistryImport.Outcome.FAILED
    assert "HTTP 500" in registry_import.error


def test_the_nightly_import_is_scheduled_only_with_an_api_base():
    job = settings.SCHEDULED_JOBS["trials_import"]

    assert job["command"] == "trials_import"
    assert job["args"] == ["--api", "--no-progress"]
    assert job["requires"] == ["CLINICALTRIALS_API_BASE"]
    assert "cron" in job
