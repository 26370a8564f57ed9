"""The partners' JSON feed of the approved list: /supporters/organisations.json."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supporters import services
from supporters.models import Category, Status
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/supporters/organisations.json"


def _names(response) -> list[str]:
    assert response.status_code == 200
    return [row["name"] for row in response.json()["organisations"]]


def test_is_routed_where_partners_expect_it():
    assert reverse("supporters:json") == URL


def test_lists_approved_organisations_a_to_z_with_the_public_fields(client):
    OrganisationFactory(
        name="The Zebra Trust",
        country="DE",
        category=Category.FUNDER,
        website="https://zebra.example.org/",
        approved_at=timezone.make_aware(datetime.datetime(2025, 3, 1, 23, 30)),
        contact_email="private@zebra.example.org",
    )
    OrganisationFactory(name="Alpha Society", country="", category="", website="", approved_at=None)

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "count": 2,
        "organisations": [
            {
                "name": "Alpha Society",
                "country": None,
                "country_name": None,
                "category": None,
                "category_name": None,
                "website": None,
                "approved_at": None,
            },
            {
                "name": "The Zebra Trust",
                "country": "DE",
                "country_name": "Germany",
                "category": "funder",
                "category_name": "Research funder",
                "website": "https://zebra.example.org/",
                "approved_at": "2025-03-01",
            },
        ],
    }
    assert "private@" not in response.content.decode()


@pytest.mark.parametrize(
    "status",
    [Status.PENDING_VERIFICATION, Status.AWAITING_REVIEW, Status.REJECTED, Status.WITHDRAWN],
)
def test_nothing_unapproved_is_ever_listed(client, status):
    OrganisationFactory(name="Listed Group", country="GB", category=Category.JOURNAL)
    OrganisationFactory(name="Hidden Group", country="GB", category=Category.JOURNAL, status=status)

    for params in [{}, {"country": "GB"}, {"category": "journal"}]:
        response = client.get(URL, params)
        assert "Hidden Group" not in response.content.decode()
        assert response.json()["count"] == 1


def test_pending_changes_are_not_published(client):
    organisation = OrganisationFactory(name="Old Name Society", website="https://old.example.org/")
    services.organisation_update(
        organisation=organisation,
        actor=None,
        data={"name": "New Name Society", "website": "https://new.example.org/"},
    )

    content = client.get(URL).content.decode()

    assert "Old Name Society" in content
    assert "New Name" not in content
    assert "new.example.org" not in content


def test_filters_by_country_and_category(client):
    OrganisationFactory(name="British Journal", country="GB", category=Category.JOURNAL)
    OrganisationFactory(name="Deutsche Zeitschrift", country="DE", category=Category.JOURNAL)
    OrganisationFactory(name="Deutsche Stiftung", country="DE", category=Category.FUNDER)

    assert _names(client.get(URL, {"country": "de"})) == [
        "Deutsche Stiftung",
        "Deutsche Zeitschrift",
    ]
    assert _names(client.get(URL, {"country": "DE", "category": "journal"})) == [
        "Deutsche Zeitschrift"
    ]
    assert _names(client.get(URL, {"country": "FR"})) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "XX"}, "country must be a two-letter ISO 3166 code"),
        ({"country": "Germany"}, "country must be a two-letter ISO 3166 code"),
        ({"category": "nonsense"}, "category must be one of: patient_group"),
    ],
)
def test_bad_filters_get_a_400_that_says_why(client, params, message):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert message in response.json()["error"]


def test_only_get_is_allowed(client):
    assert client.post(URL).status_code == 405
    assert client.put(URL).status_code == 405


@override_settings(PAGE_CACHE_ENABLED=True)
def test_is_cached_and_changes_when_a_listing_is_approved_or_withdrawn(
    client, django_capture_on_commit_callbacks
):
    listed = OrganisationFactory(name="Listed Group")
    waiting = OrganisationFactory(name="Waiting Group", status=Status.AWAITING_REVIEW)
    assert client.get(URL)["X-Page-Cache"] == "miss"
    cached = client.get(URL)
    assert cached["X-Page-Cache"] == "hit"
    assert _names(cached) == ["Listed Group"]

    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_approve(organisation=waiting, actor=None)
    assert _names(client.get(URL)) == ["Listed Group", "Waiting Group"]

    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_withdraw(organisation=listed, actor=None)
    response = client.get(URL)
    assert response["X-Page-Cache"] == "miss"
    assert _names(response) == ["Waiting Group"]


def test_runs_one_query_however_long_the_list(client):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL)
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    OrganisationFactory.create_batch(5)
    few = count_queries()
    OrganisationFactory.create_batch(200)
    many = count_queries()

    assert few == (1, 5)
    assert many == (1, 205)
