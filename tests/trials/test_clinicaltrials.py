"""The ClinicalTrials.gov gateway against the fake API v2: paging, filters, retries."""

import datetime

import pytest

from trials.clinicaltrials import (
    ClinicalTrialsGateway,
    ClinicalTrialsRefused,
    ClinicalTrialsUnavailable,
    clinicaltrials_gateway,
)
from trials.sample_studies import generate_studies, sample_nct_id


def gateway(fake, **options) -> tuple[ClinicalTrialsGateway, list[float]]:
    waits: list[float] = []
    options.setdefault("retry_base", 1.0)
    built = ClinicalTrialsGateway(
        api_base=fake.api_base, sleep=waits.append, jitter=lambda: 0.0, timeout=5, **options
    )
    return built, waits


def nct_ids(studies) -> list[str]:
    return [study["protocolSection"]["identificationModule"]["nctId"] for study in studies]


@pytest.mark.parametrize(
    ("count", "page_size"),
    [(0, 10), (1, 10), (9, 10), (10, 10), (11, 10), (250, 7), (1000, 1000), (2001, 1000)],
)
def test_paging_stops_exactly_when_next_page_token_is_absent(fake_registry, count, page_size):
    fake_registry.studies = list(generate_studies(count, seed=1))
    client, _ = gateway(fake_registry, page_size=page_size)

    studies = list(client.studies())

    assert nct_ids(studies) == [sample_nct_id(n) for n in range(count)]
    assert client.total_count == count == len(studies)
    pages = fake_registry.study_requests()
    assert len(pages) == max(1, -(-count // page_size))
    assert client.pages_read == len(pages)
    # countTotal only on the first page; each later page carries the token it was given.
    assert pages[0].query["countTotal"] == "true" and "pageToken" not in pages[0].query
    assert all("countTotal" not in page.query and page.query["pageToken"] for page in pages[1:])
    assert {page.query["pageSize"] for page in pages} == {str(page_size)}


def test_page_size_is_never_more_than_the_api_allows(fake_registry):
    client, _ = gateway(fake_registry, page_size=5000)

    list(client.studies())

    assert fake_registry.study_requests()[0].query["pageSize"] == "1000"


def test_filters_reach_the_api(fake_registry):
    fake_registry.studies = list(
        generate_studies(
            60,
            seed=2,
            sponsors=[("Alpha Sample Labs", "INDUSTRY"), ("Beta Sample College", "OTHER")],
        )
    )
    client, _ = gateway(fake_registry)

    alpha = list(
        client.studies(
            query_lead="alpha sample", fields=["protocolSection.identificationModule", "hasResults"]
        )
    )
    assert alpha and all(
        set(study) == {"protocolSection", "hasResults"}
        and set(study["protocolSection"]) == {"identificationModule"}
        for study in alpha
    )
    request = fake_registry.study_requests()[-1]
    assert request.query["query.lead"] == "alpha sample"
    assert request.query["fields"] == "protocolSection.identificationModule,hasResults"

    beta = list(client.studies(query_spons="Beta"))
    assert len(alpha) + len(beta) == 60

    assert nct_ids(client.studies(ids=[sample_nct_id(3), sample_nct_id(7)])) == [
        sample_nct_id(3),
        sample_nct_id(7),
    ]
    assert (
        fake_registry.study_requests()[-1].query["filter.ids"]
        == f"{sample_nct_id(3)},{sample_nct_id(7)}"
    )

    since = datetime.date(2025, 1, 1)
    recent = list(client.studies(advanced=f"AREA[LastUpdatePostDate]RANGE[{since},MAX]"))
    assert 0 < len(recent) < 60
    assert all(
        datetime.date.fromisoformat(
            s["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"]
        )
        >= since
        for s in recent
    )
    assert client.total_count == len(recent)


def test_version_gives_the_data_timestamp(fake_registry):
    client, _ = gateway(fake_registry)

    version = client.version()

    assert version.data_timestamp == datetime.datetime(2026, 11, 30, 9, 0, 5, tzinfo=datetime.UTC)
    assert version.api_version == "2.0.5"


def test_a_429_is_retried_after_what_retry_after_asks(fake_registry):
    fake_registry.studies = list(generate_studies(25, seed=1))
    fake_registry.fail_next(429, retry_after="7")
    client, waits = gateway(fake_registry, page_size=10)

    studies = list(client.studies())

    assert len(studies) == 25
    assert waits == [7.0]
    assert len(fake_registry.study_requests()) == 4  # the refused one, then three pages


def test_server_errors_are_retried_with_growing_waits(fake_registry):
    fake_registry.studies = list(generate_studies(5, seed=1))
    fake_registry.fail_next(500)
    fake_registry.fail_next(503)
    client, waits = gateway(fake_registry, max_tries=3)

    assert len(list(client.studies())) == 5
    assert waits == [1.0, 2.0]


def test_a_lost_connection_is_retried(fake_registry):
    client, waits = gateway(fake_registry, max_tries=2)
    client.api_base = "http://127.0.0.1:9/api/v2"  # the discard port: nothing listens

    with pytest.raises(ClinicalTrialsUnavailable, match="connection failed"):
        client.version()
    assert len(waits) == 1


def test_it_gives_up_after_the_last_try_with_a_clear_error(fake_registry):
    fake_registry.fail_next(500, times=5)
    client, waits = gateway(fake_registry, max_tries=3)

    with pytest.raises(
        ClinicalTrialsUnavailable, match=r"/studies failed 3 time\(s\); the last: HTTP 500"
    ):
        list(client.studies())
    assert len(fake_registry.study_requests()) == 3
    assert len(waits) == 2


def test_a_refused_request_is_not_retried(fake_registry):
    client, waits = gateway(fake_registry)

    with pytest.raises(ClinicalTrialsRefused, match="HTTP 400.*invalid date"):
        list(client.studies(advanced="AREA[LastUpdatePostDate]RANGE[yesterday,MAX]"))
    assert waits == []


def test_the_gateway_is_off_until_an_api_base_is_set(settings, fake_registry):
    settings.CLINICALTRIALS_API_BASE = ""
    assert clinicaltrials_gateway() is None

    settings.CLINICALTRIALS_API_BASE = fake_registry.api_base
    settings.CLINICALTRIALS_PAGE_SIZE = 50
    built = clinicaltrials_gateway()
    assert built.api_base == fake_registry.api_base and built.page_size == 50
