"""Reading one API v2 study record into StudyFacts: every path, and what is odd."""

import copy
import datetime

import pytest

from trials.facts import ACTUAL, DAY, ESTIMATED, MONTH, PartialDate, SecondaryId, UnpostedEvent
from trials.registry_record import RecordRejected, parse_partial_date, parse_study
from trials.sample_studies import generate_studies

FULL = {
    "protocolSection": {
        "identificationModule": {
            "nctId": "NCT01234567",
            "orgStudyIdInfo": {"id": "EX-2020-01"},
            "briefTitle": "A study of something",
            "nctIdAliases": ["NCT00999999"],
            "secondaryIdInfos": [
                {"id": "2019-001234-56", "type": "EUDRACT_NUMBER"},
                {"id": "ISRCTN12345678", "type": "REGISTRY", "domain": "ISRCTN"},
                {"id": "R01 CA000001", "type": "NIH", "link": "https://example.org"},
            ],
        },
        "statusModule": {
            "overallStatus": "COMPLETED",
            "startDateStruct": {"date": "2019-02", "type": "ACTUAL"},
            "primaryCompletionDateStruct": {"date": "2021-03-15", "type": "ACTUAL"},
            "completionDateStruct": {"date": "2024-02", "type": "ESTIMATED"},
            "resultsFirstSubmitDate": "2022-03-01",
            "resultsFirstPostDateStruct": {"date": "2022-04-20", "type": "ACTUAL"},
            "dispFirstSubmitDate": "2022-01-10",
        },
        "sponsorCollaboratorsModule": {
            "leadSponsor": {"name": " Example University ", "class": "OTHER"}
        },
        "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE2", "PHASE3"]},
        "oversightModule": {"isFdaRegulatedDrug": True, "isFdaRegulatedDevice": False},
    },
    "annotationSection": {
        "annotationModule": {
            "unpostedAnnotation": {
                "unpostedEvents": [
                    {"type": "RELEASE", "date": "2022-03-01"},
                    {"type": "RESET", "date": "2022-03-30"},
                ]
            }
        }
    },
    "hasResults": True,
}


def study(**changes):
    """FULL with dotted paths replaced (None deletes)."""
    raw = copy.deepcopy(FULL)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = raw
        for part in parents:
            target = target[part]
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return raw


def test_every_field_is_read():
    parsed = parse_study(FULL)
    facts = parsed.facts

    assert parsed.problems == []
    assert facts.nct_id == "NCT01234567"
    assert facts.brief_title == "A study of something"
    assert facts.org_study_id == "EX-2020-01"
    assert facts.aliases == ("NCT00999999",)
    assert facts.secondary_ids == (
        SecondaryId("2019-001234-56", "EUDRACT_NUMBER"),
        SecondaryId("ISRCTN12345678", "REGISTRY", "ISRCTN"),
        SecondaryId("R01 CA000001", "NIH"),
    )
    assert (facts.lead_sponsor_name, facts.lead_sponsor_class) == ("Example University", "OTHER")
    assert facts.overall_status == "COMPLETED"
    assert (facts.study_type, facts.phases) == ("INTERVENTIONAL", ("PHASE2", "PHASE3"))
    assert facts.start == PartialDate(datetime.date(2019, 2, 28), MONTH, ACTUAL)
    assert facts.primary_completion == PartialDate(datetime.date(2021, 3, 15), DAY, ACTUAL)
    assert facts.completion == PartialDate(datetime.date(2024, 2, 29), MONTH, ESTIMATED)
    assert facts.completion.is_estimated
    assert facts.results_first_submit == datetime.date(2022, 3, 1)
    assert facts.results_first_post == datetime.date(2022, 4, 20)
    assert facts.disp_first_submit == datetime.date(2022, 1, 10)
    assert facts.has_results is True
    assert (facts.fda_regulated_drug, facts.fda_regulated_device) == (True, False)
    assert facts.unposted_events == (
        UnpostedEvent("RELEASE", datetime.date(2022, 3, 1)),
        UnpostedEvent("RESET", datetime.date(2022, 3, 30)),
    )
    assert facts.missing_modules == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02", PartialDate(datetime.date(2024, 2, 29), MONTH)),  # leap year
        ("2023-02", PartialDate(datetime.date(2023, 2, 28), MONTH)),
        ("2023-12", PartialDate(datetime.date(2023, 12, 31), MONTH)),
        ("2023-04", PartialDate(datetime.date(2023, 4, 30), MONTH)),
        ("2023-04-01", PartialDate(datetime.date(2023, 4, 1), DAY)),
        ("2023-13", None),
        ("2023-02-30", None),
        ("2023", None),
        ("March 2023", None),
        ("", None),
    ],
)
def test_partial_dates(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    "module", ["statusModule", "sponsorCollaboratorsModule", "designModule", "oversightModule"]
)
def test_a_missing_module_is_listed_and_reported(module):
    parsed = parse_study(study(**{f"protocolSection__{module}": None}))

    assert parsed.facts.missing_modules == (module,)
    assert parsed.problems == [f"missing module: {module}"]


def test_without_the_status_module_its_facts_are_unknown():
    facts = parse_study(study(protocolSection__statusModule=None)).facts

    assert facts.overall_status is None
    assert facts.primary_completion is None and facts.results_first_submit is None


def test_without_the_oversight_module_fda_regulation_is_unknown_not_false():
    facts = parse_study(study(protocolSection__oversightModule=None)).facts

    assert facts.fda_regulated_drug is None and facts.fda_regulated_device is None


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"protocolSection__statusModule__overallStatus": "PAUSED"},
            "unknown overallStatus: PAUSED",
        ),
        ({"protocolSection__designModule__studyType": "REGISTRY"}, "unknown studyType: REGISTRY"),
        ({"protocolSection__designModule__phases": ["PHASE5"]}, "unknown phases: PHASE5"),
        (
            {
                "protocolSection__sponsorCollaboratorsModule__leadSponsor": {
                    "name": "X",
                    "class": "CHARITY",
                }
            },
            "unknown leadSponsor.class: CHARITY",
        ),
        (
            {
                "protocolSection__statusModule__primaryCompletionDateStruct": {
                    "date": "2021-03",
                    "type": "ANTICIPATED",
                }
            },
            "unknown primaryCompletionDateStruct.type: ANTICIPATED",
        ),
    ],
)
def test_an_unknown_value_is_kept_as_given_and_reported(changes, problem):
    parsed = parse_study(study(**changes))

    assert parsed.problems == [problem]
    facts = parsed.facts
    value = problem.rsplit(": ", 1)[1]
    assert value in (
        facts.overall_status,
        facts.study_type,
        facts.lead_sponsor_class,
        *facts.phases,
        facts.primary_completion and facts.primary_completion.kind,
    )


def test_a_malformed_date_is_reported_and_unknown():
    parsed = parse_study(
        study(
            protocolSection__statusModule__primaryCompletionDateStruct={
                "date": "sometime in 2021",
                "type": "ACTUAL",
            },
            protocolSection__statusModule__resultsFirstSubmitDate="2022-02-31",
        )
    )

    assert parsed.facts.primary_completion is None
    assert parsed.facts.results_first_submit is None
    assert parsed.problems == [
        "malformed date: primaryCompletionDateStruct",
        "malformed date: resultsFirstSubmitDate",
    ]


def test_no_annotation_means_no_unposted_events_and_no_problem():
    parsed = parse_study(study(annotationSection=None, hasResults=None))

    assert parsed.facts.unposted_events == ()
    assert parsed.facts.has_results is False
    assert parsed.problems == []


@pytest.mark.parametrize(
    "raw",
    [
        {},
        {"protocolSection": {}},
        {"protocolSection": {"identificationModule": {"briefTitle": "no number"}}},
        {"protocolSection": {"identificationModule": {"nctId": "ISRCTN12345678"}}},
        {"protocolSection": {"identificationModule": {"nctId": 1234}}},
        ["not", "a", "study"],
        "NCT01234567",
    ],
)
def test_a_record_without_an_nct_number_is_rejected(raw):
    with pytest.raises(RecordRejected):
        parse_study(raw)


@pytest.mark.parametrize(
    "garbage",
    [None, "text", 12, [], {"date": None}, [{"type": 5}], {"nested": {"deeper": []}}],
)
def test_nothing_in_a_record_with_an_nct_number_makes_it_raise(garbage):
    minimal = {"protocolSection": {"identificationModule": {"nctId": "NCT01234567"}}}
    for module in ("statusModule", "designModule", "sponsorCollaboratorsModule", "oversightModule"):
        minimal["protocolSection"][module] = {
            key: garbage
            for key in (
                "overallStatus",
                "startDateStruct",
                "primaryCompletionDateStruct",
                "completionDateStruct",
                "resultsFirstSubmitDate",
                "resultsFirstPostDateStruct",
                "phases",
                "studyType",
                "leadSponsor",
                "isFdaRegulatedDrug",
            )
        }
    minimal["annotationSection"] = {"annotationModule": {"unpostedAnnotation": garbage}}
    minimal["protocolSection"]["identificationModule"]["secondaryIdInfos"] = garbage

    parsed = parse_study(minimal)

    assert parsed.facts.nct_id == "NCT01234567"


def test_generated_sample_studies_parse_with_no_problem_but_the_missing_oversight_module():
    problems = set()
    for raw in generate_studies(500, seed=3):
        problems.update(parse_study(raw).problems)

    assert problems <= {"missing module: oversightModule"}


def test_generated_studies_are_the_same_for_the_same_seed():
    assert list(generate_studies(50, seed=9)) == list(generate_studies(50, seed=9))
    assert list(generate_studies(50, seed=9)) != list(generate_studies(50, seed=10))


def test_an_enum_that_is_not_text_is_reported_as_malformed_and_unknown():
    parsed = parse_study(study(protocolSection__statusModule__overallStatus={"odd": 1}))

    assert parsed.facts.overall_status is None
    assert parsed.problems == ["malformed overallStatus"]
