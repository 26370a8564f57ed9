"""The tracker's public pages: the league table, a sponsor's page, a trial's page and
the methodology; where each page type may stand, and that editors can create them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import HomePage
from core import page_cache
from tests.factories import HomePageFactory, OrganisationFactory
from tests.trials.factories import (
    ClassificationFactory,
    MethodologyPageFactory,
    SponsorFactory,
    SponsorRecordFactory,
    SponsorSnapshotFactory,
    TrackerPageFactory,
    TrialFactory,
)
from trials.models import MethodologyPage, SponsorClass, TrackerPage

SAMPLE_WORDS = "these sponsors and trials are invented for the demonstration"


def _league_names(response) -> list[str]:
    """The sponsors in the league table, in the order shown."""
    table = re.search(
        r"<table class=\"tracker-table\" data-league>(.*?)</table>", response.text, re.S
    )
    if table is None:
        return []
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table.group(1))


# --- The page tree ---------------------------------------------------------------------


class TrackerPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root, publish=True)
        Site.objects.filter(is_default_site=True).update(root_page=cls.home)
        cls.tracker = TrackerPageFactory(parent=cls.home, publish=True)
        cls.methodology = MethodologyPageFactory(parent=cls.tracker, publish=True)
        cls.sponsor = SponsorFactory(name="Routable Sponsor")
        SponsorRecordFactory(sponsor=cls.sponsor)
        ClassificationFactory(trial=TrialFactory(sponsor=cls.sponsor, nct_id="NCT00000042"))

    def setUp(self):
        super().setUp()
        self.login()

    def test_where_the_pages_stand(self):
        self.assertAllowedParentPageTypes(TrackerPage, {HomePage})
        self.assertAllowedSubpageTypes(TrackerPage, {MethodologyPage})
        self.assertAllowedParentPageTypes(MethodologyPage, {TrackerPage})
        self.assertAllowedSubpageTypes(MethodologyPage, set())

    def test_one_tracker_per_home_page_and_so_per_language(self):
        self.assertFalse(TrackerPage.can_create_at(self.home))
        self.assertFalse(MethodologyPage.can_create_at(self.tracker))
        other_home = HomePageFactory(parent=self.home.get_parent(), slug="home-es")
        self.assertTrue(TrackerPage.can_create_at(other_home))

    def test_every_route_answers_and_renders(self):
        self.assertEqual(self.tracker.url, "/trials/")
        for route in ("", "sponsors/routable-sponsor/", "NCT00000042/"):
            with self.subTest(route=route):
                self.assertPageIsRoutable(self.tracker, route)
                self.assertPageIsRenderable(self.tracker, route)
        self.assertPageIsRoutable(self.methodology)
        self.assertPageIsRenderable(self.methodology)

    def test_an_editor_can_create_the_tracker(self):
        self.tracker.delete()
        self.assertCanCreate(
            self.home,
            TrackerPage,
            nested_form_data(
                {
                    "title": "Trials tracker",
                    "slug": "trials",
                    "intro": rich_text("<p>Who reports their trials.</p>"),
                    "minimum_due_trials": 5,
                    "per_page": 50,
                }
            ),
        )

    def test_an_editor_can_create_the_methodology(self):
        self.methodology.delete()
        self.assertCanCreate(
            self.tracker,
            MethodologyPage,
            nested_form_data(
                {
                    "title": "How we judge trials",
                    "slug": "methodology",
                    "intro": "The rules.",
                    "body": streamfield([("heading", {"text": "Deadlines", "level": "h2"})]),
                }
            ),
        )


# --- The league table ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_league_lists_sponsors_with_enough_due_trials(client, tracker, fake_rules):
    SponsorRecordFactory(sponsor=SponsorFactory(name="Alpha Pharma"), due=10, reported=9)
    SponsorRecordFactory(sponsor=SponsorFactory(name="Beta University"), due=5, reported=1)
    SponsorRecordFactory(sponsor=SponsorFactory(name="Tiny Biotech"), due=4, reported=4)
    response = client.get("/trials/")
    assert response.status_code == 200
    # Sorted by percentage reported, best first; below the minimum of 5 due: left out.
    assert _league_names(response) == ["Alpha Pharma", "Beta University"]
    assert "Tiny Biotech" not in response.text
    assert '<caption id="league-caption">' in response.text
    assert '<th scope="col" class="num">' in response.text
    assert 'class="table-scroll"' in response.text
    assert "90.0" in response.text and "20.0" in response.text
    assert "+2.5 points" in response.text and "▲" in response.text
    assert 'href="/trials/sponsors/alpha-pharma/"' in response.text
    # The form works without JavaScript: a GET form with its own button.
    assert 'method="get" action="/trials/"' in response.text
    assert SAMPLE_WORDS not in response.text


@pytest.mark.django_db
def test_the_league_shows_falling_trends_and_sponsors_without_an_earlier_figure(
    client, tracker, fake_rules
):
    SponsorRecordFactory(sponsor=SponsorFactory(name="Falling"), trend=Decimal("-4.0"))
    SponsorRecordFactory(sponsor=SponsorFactory(name="New"), trend=None)
    text = client.get("/trials/").text
    assert "▼" in text and "-4.0 points" in text
    assert "no earlier figure" in text


@pytest.mark.django_db
def test_the_league_filters_by_class_and_rule_set(client, tracker, fake_rules):
    industry = SponsorFactory(name="Industry One", sponsor_class=SponsorClass.INDUSTRY)
    university = SponsorFactory(name="University One", sponsor_class=SponsorClass.OTHER)
    for sponsor in (industry, university):
        SponsorRecordFactory(sponsor=sponsor)
    SponsorRecordFactory(sponsor=university, rule_set="fdaaa-801-v1", due=7, reported=7)

    assert _league_names(client.get("/trials/", {"class": "OTHER"})) == ["University One"]
    assert _league_names(client.get("/trials/", {"class": "INDUSTRY"})) == ["Industry One"]
    fdaaa = client.get("/trials/", {"rules": "fdaaa-801-v1"})
    assert _league_names(fdaaa) == ["University One"]
    assert "FDAAA 801 (test)" in fdaaa.text
    assert '<option value="fdaaa-801-v1" selected>' in fdaaa.text
    # The exports offered are of the same view.
    assert "league.csv?rules=fdaaa-801-v1" in fdaaa.text


@pytest.mark.django_db
def test_the_league_sorts(client, tracker, fake_rules):
    SponsorRecordFactory(sponsor=SponsorFactory(name="Carrot"), due=20, reported=10, overdue=10)
    SponsorRecordFactory(sponsor=SponsorFactory(name="Apple"), due=6, reported=6, overdue=0)
    SponsorRecordFactory(sponsor=SponsorFactory(name="Banana"), due=8, reported=2, overdue=6)
    assert _league_names(client.get("/trials/")) == ["Apple", "Carrot", "Banana"]
    assert _league_names(client.get("/trials/", {"sort": "name"})) == ["Apple", "Banana", "Carrot"]
    assert _league_names(client.get("/trials/", {"sort": "due"})) == ["Carrot", "Banana", "Apple"]
    assert _league_names(client.get("/trials/", {"sort": "overdue"})) == [
        "Carrot",
        "Banana",
        "Apple",
    ]


@pytest.mark.django_db
def test_the_league_is_paginated(client, tracker, fake_rules):
    TrackerPage.objects.filter(pk=tracker["page"].pk).update(per_page=10)
    for n in range(25):
        SponsorRecordFactory(sponsor=SponsorFactory(name=f"Sponsor {n:02d}"))
    first = client.get("/trials/", {"sort": "name"})
    assert _league_names(first) == [f"Sponsor {n:02d}" for n in range(10)]
    assert "Page 1 of 3" in first.text
    assert 'href="?sort=name&amp;page=2"' in first.text
    assert _league_names(client.get("/trials/", {"sort": "name", "page": "3"})) == [
        f"Sponsor {n:02d}" for n in range(20, 25)
    ]
    # A page past the end shows the last; a page that is not a number, the first.
    assert "Page 3 of 3" in client.get("/trials/", {"page": "999"}).text
    assert "Page 1 of 3" in client.get("/trials/", {"page": "x"}).text
    assert "25 sponsors with at least 5 trials due" in first.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"rules": "who-99"}, "There is no rule set called “who-99”"),
        ({"class": "PIRATE"}, "There is no sponsor class called “PIRATE”"),
        ({"sort": "colour"}, "cannot be sorted by “colour”"),
    ],
)
def test_bad_parameters_fall_back_with_a_message(client, tracker, fake_rules, params, notice):
    SponsorRecordFactory(sponsor=SponsorFactory(name="Still Listed"))
    response = client.get("/trials/", params)
    assert response.status_code == 200
    assert notice in response.text
    assert _league_names(response) == ["Still Listed"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["\x00", "a\x00b", "'; DROP TABLE x; --", "%", "x" * 5000])
def test_odd_parameters_never_fail(client, tracker, fake_rules, value):
    sponsor = SponsorFactory(name="Odd")
    SponsorRecordFactory(sponsor=sponsor)
    params = {"rules": value, "class": value, "sort": value, "status": value, "page": value}
    for url in ("/trials/", "/trials/sponsors/odd/"):
        assert client.get(url, params).status_code == 200
    for url in ("/trials/league.json", "/trials/sponsors/odd.csv"):
        assert client.get(url, params).status_code == 200


def _queries(client, url: str) -> int:
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_league_runs_the_same_queries_for_10_and_300_sponsors(client, tracker, fake_rules):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            SponsorRecordFactory(
                sponsor=SponsorFactory(name=f"Sponsor {n:04d}", is_sample=n % 2 == 0),
                due=5 + n % 40,
                reported=n % 5,
                trend=Decimal(n % 7 - 3),
            )

    add(10, 0)
    client.get("/trials/")  # the process's first request fills its own caches (content types)
    small = {url: _queries(client, url) for url in ("/trials/", "/trials/?class=INDUSTRY&page=2")}
    small_export = _queries(client, "/trials/league.json")
    add(290, 10)
    large = {url: _queries(client, url) for url in small}
    assert large == small
    assert _queries(client, "/trials/league.json") == small_export
    assert len(_league_names(client.get("/trials/"))) == 50  # per_page


@pytest.mark.django_db
def test_sample_sponsors_carry_the_banner(client, tracker, fake_rules):
    SponsorRecordFactory(sponsor=SponsorFactory(name="Invented Pharma", is_sample=True))
    text = client.get("/trials/").text
    assert "Sample data:" in text and SAMPLE_WORDS in text


@pytest.mark.django_db
def test_the_league_is_cached_per_filter_and_not_per_tracking_tag(
    client, tracker, fake_rules, settings
):
    settings.PAGE_CACHE_ENABLED = True
    SponsorRecordFactory(
        sponsor=SponsorFactory(name="Industry", sponsor_class=SponsorClass.INDUSTRY)
    )
    SponsorRecordFactory(sponsor=SponsorFactory(name="Other", sponsor_class=SponsorClass.OTHER))
    assert _league_names(client.get("/trials/", {"class": "INDUSTRY"})) == ["Industry"]
    assert _league_names(client.get("/trials/", {"class": "OTHER"})) == ["Other"]
    again = client.get("/trials/", {"class": "OTHER", "utm_source": "newsletter"})
    assert again["X-Page-Cache"] == "hit"
    assert _league_names(again) == ["Other"]


# --- A sponsor's page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_sponsors_page_shows_its_record_trials_and_chart(client, tracker, fake_rules):
    sponsor = SponsorFactory(name="Chart Pharma")
    SponsorRecordFactory(sponsor=sponsor, due=10, reported=7)
    SponsorRecordFactory(sponsor=sponsor, rule_set="fdaaa-801-v1", due=3, reported=1)
    for day, percent in [("2025-01-01", "40.0"), ("2025-07-01", "55.5"), ("2026-01-01", "70.0")]:
        SponsorSnapshotFactory(sponsor=sponsor, taken_on=day, percent_reported=Decimal(percent))
    overdue = TrialFactory(sponsor=sponsor, nct_id="NCT10000001", brief_title="Overdue study")
    ClassificationFactory(trial=overdue, status="overdue")
    reported = TrialFactory(sponsor=sponsor, nct_id="NCT10000002", brief_title="Reported study")
    ClassificationFactory(trial=reported, status="reported_on_time", days_late=None)
    TrialFactory(sponsor=SponsorFactory(name="Someone Else"), nct_id="NCT10000003")

    response = client.get("/trials/sponsors/chart-pharma/")
    assert response.status_code == 200
    text = response.text
    assert "<h1>Chart Pharma</h1>" in text
    assert "Results within 12 months (test)" in text and "FDAAA 801 (test)" in text
    assert "NCT10000001" in text and "NCT10000002" in text and "NCT10000003" not in text
    # The chart: inline SVG with a title and description, and the same figures in a table.
    assert '<svg viewBox="' in text and 'role="img"' in text
    assert '<title id="chart-title">' in text and '<desc id="chart-desc">' in text
    assert 'data-points="3"' in text
    assert "From 40.0 % of due trials reported" in text
    assert "data-chart-table" in text and "55.5" in text
    assert "<script" not in text.split("<main", 1)[1]

    only_overdue = client.get("/trials/sponsors/chart-pharma/", {"status": "overdue"}).text
    assert "NCT10000001" in only_overdue and "NCT10000002" not in only_overdue
    assert '<option value="overdue" selected>' in only_overdue


@pytest.mark.django_db
def test_a_sponsor_without_history_says_so(client, tracker, fake_rules):
    SponsorFactory(name="Fresh")
    response = client.get("/trials/sponsors/fresh/")
    assert response.status_code == 200
    assert "No history yet" in response.text
    assert "<svg" not in response.text.split("<main", 1)[1]


@pytest.mark.django_db
def test_a_sponsor_shows_its_supporting_organisation_only_once_approved(
    client, tracker, fake_rules
):
    from supporters.models import Status
    from tests.factories import SupportersIndexPageFactory

    SupportersIndexPageFactory(parent=tracker["home"], publish=True)
    approved = OrganisationFactory(name="Open Research Trust")
    SponsorFactory(name="Open Research", organisation=approved)
    pending = OrganisationFactory(name="Waiting Hospital", status=Status.AWAITING_REVIEW)
    SponsorFactory(name="Waiting", organisation=pending)

    text = client.get("/trials/sponsors/open-research/").text
    assert "Open Research Trust" in text and "which supports the campaign" in text
    assert 'href="/supporters/?q=Open+Research+Trust"' in text
    assert "Waiting Hospital" not in client.get("/trials/sponsors/waiting/").text


@pytest.mark.django_db
def test_a_sample_sponsor_says_it_is_sample_data(client, tracker, fake_rules):
    SponsorFactory(name="Example Labs", is_sample=True)
    assert SAMPLE_WORDS in client.get("/trials/sponsors/example-labs/").text


@pytest.mark.django_db
def test_an_unknown_sponsor_or_trial_is_not_found(client, tracker, fake_rules):
    assert client.get("/trials/sponsors/nobody/").status_code == 404
    assert client.get("/trials/NCT99999999/").status_code == 404
    assert client.get("/trials/NCT123/").status_code == 404


# --- A trial's page --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_trials_page_explains_its_status_in_plain_words(client, tracker, fake_rules):
    sponsor = SponsorFactory(name="Plain Words Inc")
    trial = TrialFactory(
        sponsor=sponsor,
        nct_id="NCT20000001",
        brief_title="A study of plain words",
        start_date=datetime.date(2018, 3, 1),
        primary_completion_date=datetime.date(2021, 6, 30),
        primary_completion_type="ACTUAL",
        results_first_submit_date=None,
    )
    ClassificationFactory(trial=trial, status="overdue", reason="no-results", days_late=400)
    ClassificationFactory(
        trial=trial,
        rule_set="fdaaa-801-v1",
        status="not_applicable",
        reason="not-applicable",
        days_late=None,
        due_on=None,
    )

    response = client.get("/trials/NCT20000001/")
    assert response.status_code == 200
    text = response.text
    assert "A study of plain words" in text
    assert "https://clinicaltrials.gov/study/NCT20000001" in text
    assert "(actual)" in text
    assert "Appears overdue" in text and "400 days late" in text
    assert "The registry shows no results a year after the trial ended." in text
    assert "What the sponsor can do:" in text and "Post the results on ClinicalTrials.gov." in text
    assert "The trial is not an applicable clinical trial." in text
    assert "does not say that anyone has broken the law" in text
    for accusation in ("illegal", "violat", "breached"):
        assert accusation not in text.lower()
    assert 'href="/trials/sponsors/plain-words-inc/"' in text


@pytest.mark.django_db
def test_a_trial_with_an_estimated_date_and_no_judgement_yet(client, tracker, fake_rules):
    TrialFactory(
        sponsor=None, nct_id="NCT20000002", primary_completion_type="ESTIMATED", is_sample=True
    )
    text = client.get("/trials/NCT20000002/").text
    assert "(estimated)" in text
    assert "This trial has not been judged yet." in text
    assert SAMPLE_WORDS in text
    # An invented number is nobody's trial: no link to the registry for it.
    assert "clinicaltrials.gov/study/NCT20000002" not in text
    assert "This invented record is not on ClinicalTrials.gov" in text


# --- The methodology -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_methodology_shows_every_rule_sets_source(client, tracker, fake_rules):
    text = client.get("/trials/methodology/").text
    assert "The rules behind the tracker." in text
    for rule_set in fake_rules.values():
        assert rule_set.name in text
        assert rule_set.summary in text
        assert f'href="{rule_set.source_url}"' in text
        assert rule_set.source_title in text


@pytest.mark.django_db
def test_editing_the_methodology_clears_the_cached_pages(tracker, fake_rules):
    methodology = tracker["methodology"]
    before = page_cache.current_generation()
    methodology.intro = "Changed."
    methodology.save_revision().publish()
    assert page_cache.current_generation() != before
    # A CDN in front is told to forget the league too (it links to the methodology).
    assert methodology.get_other_cached_paths() == ["/trials/"]


@pytest.mark.django_db
@pytest.mark.parametrize("sponsor_class", ["", "INDUSTRY"])
def test_a_league_page_in_the_default_order_is_read_from_an_index_not_sorted(sponsor_class):
    """At 50,000 sponsors sorting every row took 130 ms for the first page; the index in
    the league's own order lets the database read just the page's rows."""
    from trials import selectors

    for n in range(30):
        SponsorRecordFactory(sponsor=SponsorFactory(name=f"Sponsor {n:04d}"), reported=n % 9)
    filters = selectors.Filters(
        rule_set=None, rule_set_key="who-12m-v1", sponsor_class=sponsor_class
    )
    page = selectors.league_rows(filters, minimum_due=5)[:50]
    index = "trials_record_class_percent" if sponsor_class else "trials_record_by_percent"
    if connection.vendor != "postgresql":
        # SQLite (make run's) plans by its own heuristics without ANALYZE; the index is there.
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "trials_sponsorrecord")
        assert constraints[index]["index"]
        return
    with connection.cursor() as cursor:
        # Planner costs favour reading a table this small whole; the question is whether
        # an index gives the order, so both ways round it are ruled out.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = page.explain()
    assert index in plan and "Sort" not in plan, plan
