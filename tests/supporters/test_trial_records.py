"""The supporters list shows a linked sponsor's trial-reporting record beside the
organisation: reviewed mappings only, sample data marked, one query per page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from core.page_cache import clear_page_cache
from tests.factories import (
    ClassificationFactory,
    OrganisationFactory,
    SponsorFactory,
    SponsorMappingFactory,
    SupportersIndexPageFactory,
    TrialFactory,
)
from trials.models import SponsorMapping
from trials.services import sponsors
from trials.services.records import sponsor_records_refresh

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def index(site_tree):
    return SupportersIndexPageFactory(parent=site_tree["home"], publish=True)


def record_texts(response) -> dict[str, str]:
    """{organisation name: its record's text} for the listed organisations that show one."""
    assert response.status_code == 200
    found = {}
    for entry in html.fromstring(response.content).find_class("supporter"):
        name = " ".join(entry.find_class("supporter__name")[0].text_content().split())
        record = entry.xpath(".//*[@data-trial-record]")
        if record:
            found[name] = " ".join(record[0].text_content().split())
    return found


def sponsor_with_record(organisation, *, statuses, raw_name=None, review="confirmed", **kwargs):
    sponsor = SponsorFactory(
        name=f"{organisation.name} Sponsor", organisation=organisation, **kwargs
    )
    raw_name = raw_name or f"{organisation.name} Registry Name"
    SponsorMappingFactory(
        raw_name=raw_name,
        review=review,
        sponsor=sponsor if review == "confirmed" else None,
        suggested_sponsor=sponsor,
    )
    for status in statuses:
        ClassificationFactory(trial=TrialFactory(lead_sponsor_name=raw_name), status=status)
    return sponsor


def test_a_linked_sponsors_record_shows_beside_the_organisation(client, index):
    organisation = OrganisationFactory(name="Alpha Hospital")
    OrganisationFactory(name="Beta Journal")
    sponsor = sponsor_with_record(
        organisation,
        statuses=["reported_on_time"] * 11 + ["reported_late"] + ["overdue"] * 3 + ["ongoing"],
    )
    sponsors.mappings_refresh()
    sponsor_records_refresh(today=TODAY)
    clear_page_cache()
    response = client.get(index.url)
    texts = record_texts(response)
    assert set(texts) == {"Alpha Hospital"}
    assert texts["Alpha Hospital"].startswith(
        "Reports 12 of 15 due trials (80%) — appears overdue: 3"
    )
    assert "sample data" not in texts["Alpha Hospital"]
    assert f'href="/trials/sponsors/{sponsor.slug}/"' in response.content.decode()


def test_sample_sponsors_are_marked_as_sample_data(client, index):
    organisation = OrganisationFactory(name="Gamma Trust")
    sponsor_with_record(organisation, statuses=["reported_on_time"], is_sample=True)
    sponsors.mappings_refresh()
    sponsor_records_refresh(today=TODAY)
    texts = record_texts(client.get(index.url))
    assert "sample data" in texts["Gamma Trust"]


@pytest.mark.parametrize(
    "review", [SponsorMapping.Review.UNREVIEWED, SponsorMapping.Review.EXCLUDED]
)
def test_names_not_confirmed_never_show_on_the_list(client, index, review):
    organisation = OrganisationFactory(name="Delta Institute")
    sponsor_with_record(organisation, statuses=["overdue", "reported_late"], review=review)
    sponsors.mappings_refresh()
    sponsor_records_refresh(today=TODAY)
    assert record_texts(client.get(index.url)) == {}


def test_the_list_costs_the_same_queries_with_1_or_30_records(client, index):
    def queries() -> int:
        clear_page_cache()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(index.url).status_code == 200
        return len(captured)

    sponsor_with_record(OrganisationFactory(name="Org 0"), statuses=["overdue"])
    sponsors.mappings_refresh()
    sponsor_records_refresh(today=TODAY)
    client.get(index.url)
    few = queries()
    for n in range(1, 30):
        sponsor_with_record(OrganisationFactory(name=f"Org {n}"), statuses=["reported_late"])
    sponsors.mappings_refresh()
    sponsor_records_refresh(today=TODAY)
    client.get(index.url)
    many = queries()
    assert len(record_texts(client.get(index.url))) == 30
    assert few == many


def test_a_recount_clears_the_cached_list(
    client, index, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    organisation = OrganisationFactory(name="Epsilon Clinic")
    sponsor_with_record(organisation, statuses=["overdue"])
    sponsors.mappings_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        sponsor_records_refresh(today=TODAY)
    assert "appears overdue: 1" in record_texts(client.get(index.url))["Epsilon Clinic"]
    ClassificationFactory(
        trial=TrialFactory(lead_sponsor_name="Epsilon Clinic Registry Name"), status="overdue"
    )
    sponsors.mappings_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        sponsor_records_refresh(today=TODAY)
    assert "appears overdue: 2" in record_texts(client.get(index.url))["Epsilon Clinic"]
