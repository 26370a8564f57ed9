"""trials_classify: every stored trial judged under each rule set, from its raw record."""

from __future__ import annotations

import datetime
import hashlib
import json
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trials.models import Classification, Trial
from trials.services.classifying import trials_classify

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 1)


def api_study(nct_id: str, *, completed: str = "2022-03-01", results_submitted=None, **extra):
    """One study in the API v2 shape (what `/api/v2/studies` returns per study)."""
    status = {
        "overallStatus": "COMPLETED",
        "primaryCompletionDateStruct": {"date": completed, "type": "ACTUAL"},
        "completionDateStruct": {"date": completed, "type": "ACTUAL"},
    }
    if results_submitted:
        status["resultsFirstSubmitDate"] = results_submitted
        status["resultsFirstPostDateStruct"] = {"date": results_submitted, "type": "ACTUAL"}
    raw = {
        "protocolSection": {
            "identificationModule": {"nctId": nct_id, "briefTitle": f"Sample study {nct_id}"},
            "sponsorCollaboratorsModule": {
                "leadSponsor": {"name": "Sample Sponsor (sample data)", "class": "INDUSTRY"}
            },
            "statusModule": status,
            "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE3"]},
            "oversightModule": {"isFdaRegulatedDrug": True, "isFdaRegulatedDevice": False},
        },
        "hasResults": bool(results_submitted),
    }
    raw.update(extra)
    return raw


def stored(*raws) -> list[Trial]:
    return Trial.objects.bulk_create(
        Trial(
            nct_id=raw["protocolSection"]["identificationModule"]["nctId"],
            raw=raw,
            raw_sha256=hashlib.sha256(json.dumps(raw, sort_keys=True).encode()).hexdigest(),
        )
        for raw in raws
    )


def many(count: int, start: int = 0) -> list[Trial]:
    return stored(*(api_study(f"NCT{start + n:08d}") for n in range(count)))


def statuses() -> dict[tuple[str, str], tuple]:
    return {
        (c.trial.nct_id, c.rule_set): (c.status, c.reason, c.due_on, c.days_late, c.judged_on)
        for c in Classification.objects.select_related("trial")
    }


def test_each_trial_is_judged_under_each_rule_set_from_its_raw_record():
    stored(
        api_study("NCT00000001"),
        api_study("NCT00000002", results_submitted="2023-02-01"),
        api_study("NCT00000003", completed="2024-03-01"),
    )

    assert trials_classify(today=TODAY) == 3

    assert statuses() == {
        ("NCT00000001", "who-12m-v1"): (
            "overdue", "overdue", datetime.date(2023, 3, 1), 458, TODAY
        ),
        ("NCT00000001", "fdaaa-801-v1"): (
            "overdue", "overdue", datetime.date(2023, 3, 31), 428, TODAY
        ),
        ("NCT00000002", "who-12m-v1"): (
            "reported_on_time", "reported_on_time", datetime.date(2023, 3, 1), None, TODAY
        ),
        ("NCT00000002", "fdaaa-801-v1"): (
            "reported_on_time", "reported_on_time", datetime.date(2023, 3, 31), None, TODAY
        ),
        ("NCT00000003", "who-12m-v1"): (
            "not_yet_due", "not_yet_due", datetime.date(2025, 3, 1), None, TODAY
        ),
        ("NCT00000003", "fdaaa-801-v1"): (
            "not_yet_due", "not_yet_due", datetime.date(2025, 3, 31), None, TODAY
        ),
    }  # fmt: skip


def test_running_again_updates_the_same_rows():
    stored(api_study("NCT00000001", completed="2024-03-01"))
    trials_classify(today=TODAY)
    first = Classification.objects.get(rule_set="who-12m-v1")
    assert first.status == "not_yet_due"

    later = datetime.date(2025, 3, 2)
    trials_classify(today=later)
    trials_classify(today=later)

    assert Classification.objects.count() == 2
    again = Classification.objects.get(rule_set="who-12m-v1")
    assert (again.pk, again.status, again.days_late, again.judged_on) == (
        first.pk,
        "overdue",
        1,
        later,
    )


def test_a_rule_change_needs_no_fetch_only_the_stored_record():
    """A trial whose record gained results is re-judged from the new raw record."""
    (trial,) = stored(api_study("NCT00000001"))
    trials_classify(today=TODAY)
    trial.raw = api_study("NCT00000001", results_submitted="2023-05-01")
    trial.save()

    trials_classify(today=TODAY)

    who = Classification.objects.get(rule_set="who-12m-v1")
    assert (who.status, who.reported_on, who.days_late) == (
        "reported_late",
        datetime.date(2023, 5, 1),
        61,
    )


def test_only_the_trials_and_rule_sets_asked_for():
    first, second = stored(api_study("NCT00000001"), api_study("NCT00000002"))

    count = trials_classify(
        today=TODAY, trials=Trial.objects.filter(pk=second.pk), rule_sets=["fdaaa-801-v1"]
    )

    assert count == 1
    assert list(Classification.objects.values_list("trial_id", "rule_set")) == [
        (second.pk, "fdaaa-801-v1")
    ]


def test_an_unknown_rule_set_is_a_clear_error_and_writes_nothing():
    stored(api_study("NCT00000001"))
    with pytest.raises(ValueError, match="Unknown rule set who-13m; known: fdaaa-801-v1, who-12m"):
        trials_classify(today=TODAY, rule_sets=["who-13m"])
    assert not Classification.objects.exists()


def test_missing_modules_and_unknown_values_are_judged_never_fatal():
    no_status = api_study("NCT00000001")
    del no_status["protocolSection"]["statusModule"]
    odd = api_study("NCT00000002")
    odd["protocolSection"]["designModule"]["studyType"] = "SOMETHING_NEW"
    no_oversight = api_study("NCT00000003")
    del no_oversight["protocolSection"]["oversightModule"]
    unreadable = api_study("NCT00000004")
    unreadable["protocolSection"]["identificationModule"]["nctId"] = "not an NCT number"
    stored(no_status, odd, no_oversight)
    Trial.objects.create(nct_id="NCT00000004", raw=unreadable, raw_sha256="x")

    assert trials_classify(today=TODAY) == 4

    found = {key: value[:2] for key, value in statuses().items()}
    assert found == {
        ("NCT00000001", "who-12m-v1"): ("inconsistent", "missing_status"),
        ("NCT00000001", "fdaaa-801-v1"): ("inconsistent", "missing_status"),
        ("NCT00000002", "who-12m-v1"): ("inconsistent", "study_type_unknown"),
        ("NCT00000002", "fdaaa-801-v1"): ("inconsistent", "study_type_unknown"),
        ("NCT00000003", "who-12m-v1"): ("overdue", "overdue"),
        ("NCT00000003", "fdaaa-801-v1"): ("not_applicable", "fda_regulation_unknown"),
        ("NCT00000004", "who-12m-v1"): ("inconsistent", "unreadable_record"),
        ("NCT00000004", "fdaaa-801-v1"): ("inconsistent", "unreadable_record"),
    }


def test_results_in_quality_control_review_count_from_their_submission():
    raw = api_study(
        "NCT00000001",
        annotationSection={
            "annotationModule": {
                "unpostedAnnotation": {
                    "unpostedResponsibleParty": "Sample Sponsor (sample data)",
                    "unpostedEvents": [
                        {"type": "RELEASE", "date": "2023-03-20"},
                        {"type": "RESET", "date": "2023-04-20"},
                    ],
                }
            }
        },
    )
    stored(raw)

    trials_classify(today=TODAY)

    fdaaa = Classification.objects.get(rule_set="fdaaa-801-v1")
    assert (fdaaa.status, fdaaa.reason, fdaaa.reported_on) == (
        "reported_on_time",
        "in_review",
        datetime.date(2023, 3, 20),
    )


def _queries_to_classify(count: int, start: int) -> int:
    many(count, start=start)
    with CaptureQueriesContext(connection) as queries:
        trials_classify(today=TODAY, trials=Trial.objects.filter(nct_id__gte=f"NCT{start:08d}"))
    return len(queries.captured_queries)


def _statements_per_upsert(rows: int) -> int:
    """How many INSERTs Django splits one bulk_create of `rows` into: one on
    PostgreSQL; SQLite caps the parameters of a statement (999 in Django)."""
    fields = [f for f in Classification._meta.concrete_fields if not f.primary_key]
    per_statement = connection.ops.bulk_batch_size(fields, [None] * rows)
    return math.ceil(rows / per_statement)


def test_queries_do_not_grow_with_the_number_of_trials():
    few = _queries_to_classify(10, start=0)
    lots = _queries_to_classify(100, start=1000)

    # One read and one upsert per chunk of trials, whatever their number; no
    # query per trial. SQLite only splits the upsert at its parameter limit.
    assert few - _statements_per_upsert(2 * 10) == lots - _statements_per_upsert(2 * 100)
    assert few <= 2
    if connection.vendor == "postgresql":
        assert few == lots
    assert Classification.objects.count() == 2 * 110


def test_trials_are_written_in_chunks():
    many(7)
    with CaptureQueriesContext(connection) as queries:
        assert trials_classify(today=TODAY, chunk_size=3) == 7
    upserts = [q for q in queries.captured_queries if "INSERT" in q["sql"].upper()]
    assert len(upserts) == 3  # 3 + 3 + 1 trials
    assert Classification.objects.count() == 14
