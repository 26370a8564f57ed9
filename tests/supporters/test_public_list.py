"""The public list of supporting organisations: approved listings only, A-Z with letter
jumps, search by name, country and category filters as plain links, constant SQL."""

import io

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import html
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data

from cms.models import HomePage
from core.page_cache import clear_page_cache
from supporters import services
from supporters.models import Category, Status, SupportersIndexPage
from tests.factories import HomePageFactory, OrganisationFactory, SupportersIndexPageFactory

pytestmark = pytest.mark.django_db

UNAPPROVED = [
    Status.PENDING_VERIFICATION,
    Status.AWAITING_REVIEW,
    Status.REJECTED,
    Status.WITHDRAWN,
]


@pytest.fixture
def index(site_tree):
    return SupportersIndexPageFactory(parent=site_tree["home"], publish=True)


@pytest.fixture
def page_cache_on():
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield


def _tree(response):
    assert response.status_code == 200
    return html.fromstring(response.content)


def _names(response) -> list[str]:
    """The organisations listed, in the order shown."""
    return [
        " ".join(h.text_content().split()) for h in _tree(response).find_class("supporter__name")
    ]


def _headings(response) -> list[str]:
    return [h.text_content().strip() for h in _tree(response).find_class("supporters-letter")]


def _text(response) -> str:
    return " ".join(_tree(response).text_content().split())


def test_the_page_is_served_at_supporters(client, index):
    assert index.url == "/supporters/"
    response = client.get("/supporters/")
    assert response.status_code == 200
    assert response.templates[0].name == "supporters/supporters_index_page.html"


@pytest.mark.parametrize("status", UNAPPROVED)
def test_nothing_unapproved_appears_in_the_list_its_search_or_filters(client, index, status):
    OrganisationFactory(name="Listed Trials Alliance", country="GB", category=Category.JOURNAL)
    OrganisationFactory(
        name="Hidden Trials Alliance", status=status, country="FR", category=Category.FUNDER
    )

    for params in [
        {},
        {"q": "hidden"},
        {"q": "trials alliance"},
        {"letter": "H"},
        {"country": "FR"},
        {"category": "funder"},
    ]:
        response = client.get(index.url, params)
        assert "Hidden Trials Alliance" not in response.content.decode(), params
    assert _names(client.get(index.url, {"q": "trials alliance"})) == ["Listed Trials Alliance"]
    page = client.get(index.url)
    # Its country and category are not offered as filters, and it is not counted.
    assert "country=FR" not in page.content.decode()
    assert "category=funder" not in page.content.decode()
    assert "1 organisation supports the campaign" in _text(page)
    # Nor does the site-wide search turn it up.
    assert "Hidden Trials Alliance" not in client.get("/search/", {"q": "hidden"}).content.decode()


def test_an_approved_listing_with_pending_changes_shows_its_approved_version(client, index):
    organisation = OrganisationFactory(
        name="Old Name Society", website="https://old.example.org/", country="GB"
    )
    services.organisation_update(
        organisation=organisation,
        actor=None,
        data={"name": "New Name Society", "website": "https://new.example.org/", "country": "DE"},
    )
    organisation.refresh_from_db()
    assert organisation.pending_changes

    response = client.get(index.url)

    assert _names(response) == ["Old Name Society"]
    content = response.content.decode()
    assert 'href="https://old.example.org/"' in content
    assert "New Name Society" not in content
    assert "new.example.org" not in content
    assert "Germany" not in content
    assert _names(client.get(index.url, {"q": "new name"})) == []


@pytest.mark.usefixtures("page_cache_on")
def test_withdrawn_and_newly_approved_listings_change_the_cached_page(
    client, index, django_capture_on_commit_callbacks
):
    staying = OrganisationFactory(name="Staying Foundation")
    leaving = OrganisationFactory(name="Leaving Foundation")
    waiting = OrganisationFactory(name="Waiting Foundation", status=Status.AWAITING_REVIEW)
    assert _names(client.get(index.url)) == ["Leaving Foundation", "Staying Foundation"]
    cached = client.get(index.url)
    assert cached["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_withdraw(organisation=leaving, actor=None)

    response = client.get(index.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Leaving Foundation" not in response.content.decode()
    assert _names(response) == ["Staying Foundation"]

    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_approve(organisation=waiting, actor=None)

    assert _names(client.get(index.url)) == ["Staying Foundation", "Waiting Foundation"]
    assert staying.name in _names(client.get(index.url))


def test_a_to_z_ignores_a_leading_the_and_puts_other_names_last(client, index):
    for name in [
        "The Zebra Trust",
        "Zeta Network",
        "Alpha Society",
        "the beta group",
        "3 Counties Network",
        "Ärzte für Transparenz",
        "Βήτα Ένωση",
        "Theatre Nurses",
    ]:
        OrganisationFactory(name=name)

    response = client.get(index.url)

    assert _names(response) == [
        "Alpha Society",
        "Ärzte für Transparenz",
        "the beta group",
        "Theatre Nurses",
        "The Zebra Trust",
        "Zeta Network",
        "3 Counties Network",
        "Βήτα Ένωση",
    ]
    assert _headings(response) == ["A", "B", "T", "Z", "#Names not starting with A to Z"]


def test_letter_jumps_link_only_letters_with_organisations(client, index):
    OrganisationFactory(name="Mental Health Research", country="GB")
    OrganisationFactory(name="The Medicines Watch", country="DE")
    OrganisationFactory(name="Brain Trust", country="GB")
    OrganisationFactory(name="42 Patients", country="GB")

    tree = _tree(client.get(index.url))
    nav = tree.find_class("az-nav")[0]
    linked = {a.text_content(): a.get("href") for a in nav.iter("a")}
    assert linked["All"] == "/supporters/"
    assert linked["M"] == "/supporters/?letter=M"
    assert linked["B"] == "/supporters/?letter=B"
    assert linked["#Names not starting with A to Z"] == "/supporters/?letter=%23"
    empty = [span.text_content() for span in nav.find_class("az-nav__empty")]
    assert "A" in empty and "T" in empty and "Z" in empty
    assert len(linked) + len(empty) == 28  # All, A-Z and '#'

    response = client.get(index.url, {"letter": "m"})
    assert _names(response) == ["The Medicines Watch", "Mental Health Research"]
    assert 'aria-current="true">M</a>' in response.content.decode()
    assert _names(client.get(index.url, {"letter": "#"})) == ["42 Patients"]

    # Letters follow the other filters, and keep them in their links.
    filtered = _tree(client.get(index.url, {"country": "GB"}))
    letters = {a.text_content(): a.get("href") for a in filtered.find_class("az-nav")[0].iter("a")}
    assert letters["M"] == "/supporters/?country=GB&letter=M"
    assert _names(client.get(index.url, {"country": "GB", "letter": "M"})) == [
        "Mental Health Research"
    ]


def test_a_letter_outside_the_list_gives_a_notice(client, index):
    OrganisationFactory(name="Brain Trust")

    response = client.get(index.url, {"letter": "ab"})

    assert "There is no letter “AB” in the list." in _text(response)
    assert _names(response) == []


def test_searches_names_ignoring_case_and_accents(client, index):
    OrganisationFactory(name="Charité – Universitätsmedizin Berlin", country="DE")
    OrganisationFactory(name="The Lancet", category=Category.JOURNAL)
    OrganisationFactory(name="Cochrane")

    for query, expected in [
        ("charite", ["Charité – Universitätsmedizin Berlin"]),
        ("CHARITÉ", ["Charité – Universitätsmedizin Berlin"]),
        ("universitatsmedizin", ["Charité – Universitätsmedizin Berlin"]),
        ("lancet", ["The Lancet"]),
        ("the lancet", ["The Lancet"]),
        ("  cochrane  ", ["Cochrane"]),
        ("nobody", []),
    ]:
        response = client.get(index.url, {"q": query})
        assert _names(response) == expected, query
    response = client.get(index.url, {"q": "charite"})
    assert 'value="charite"' in response.content.decode()
    assert "1 organisation matching “charite”" in _text(response)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "%",
        "_",
        "%_%",
        "\\",
        "'; DROP TABLE x; --",
        "patients\x00first",
        "<b>",
        "’",
        "(",
        "*",
    ],
)
def test_odd_search_input_is_taken_literally(client, index, query):
    OrganisationFactory(name="Patients First")

    response = client.get(index.url, {"q": query})

    assert response.status_code == 200
    assert _names(response) == []
    assert "<b>" not in response.content.decode()


def test_an_overlong_search_gets_a_clear_message(client, index):
    OrganisationFactory(name="Patients First")

    response = client.get(index.url, {"q": "patients " * 20})

    assert response.status_code == 200
    tree = _tree(response)
    assert tree.get_element_by_id("supporters-q").get("aria-invalid") == "true"
    assert "at most 100 characters" in tree.get_element_by_id("supporters-q-error").text_content()
    assert _names(response) == []


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=120), letter=st.text(max_size=3), page=st.text(max_size=5))
def test_any_search_letter_or_page_answers_200(client, index, query, letter, page):
    response = client.get(index.url, {"q": query, "letter": letter, "page": page})
    assert response.status_code == 200


def test_filters_by_country_and_category_with_shareable_links(client, index):
    OrganisationFactory(name="British Journal", country="GB", category=Category.JOURNAL)
    OrganisationFactory(name="Deutsche Zeitschrift", country="DE", category=Category.JOURNAL)
    OrganisationFactory(name="Deutsche Stiftung", country="DE", category=Category.FUNDER)
    OrganisationFactory(name="Nowhere Group", country="", category="")

    assert _names(client.get(index.url, {"country": "DE"})) == [
        "Deutsche Stiftung",
        "Deutsche Zeitschrift",
    ]
    assert _names(client.get(index.url, {"country": "de", "category": "journal"})) == [
        "Deutsche Zeitschrift"
    ]

    response = client.get(index.url, {"country": "DE", "q": "deutsche"})
    tree = _tree(response)
    aside = tree.find_class("filters")[0]
    links = {a.text_content().split(" (")[0]: a for a in aside.iter("a")}
    assert set(links) == {
        "All",
        "Germany",
        "United Kingdom",
        *[c.label for c in (Category.JOURNAL, Category.FUNDER)],
    }
    # Each link keeps the other filter and the search.
    assert links["United Kingdom"].get("href") == "/supporters/?country=GB&q=deutsche"
    assert (
        links["Research funder"].get("href") == "/supporters/?country=DE&category=funder&q=deutsche"
    )
    assert links["Germany"].get("aria-current") == "true"
    assert "Germany (2)" in aside.text_content()
    # Countries and categories nobody approved has are not offered.
    assert "country=FR" not in response.content.decode()
    assert "category=industry" not in response.content.decode()
    # The search form keeps the filters too.
    hidden = {
        i.get("name"): i.get("value") for i in tree.iter("input") if i.get("type") == "hidden"
    }
    assert hidden == {"country": "DE"}


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"country": "XX"}, "No organisations from “XX” are on the list."),
        ({"country": "FR"}, "No organisations from “FR” are on the list."),
        ({"category": "nonsense"}, "There is no category called “nonsense” on the list."),
        ({"country": "GB", "category": "a" * 500}, "There is no category called"),
    ],
)
def test_unknown_filter_values_give_a_notice_not_an_error(client, index, params, notice):
    OrganisationFactory(name="British Journal", country="GB", category=Category.JOURNAL)

    response = client.get(index.url, params)

    assert response.status_code == 200
    assert notice in _text(response)
    assert _names(response) == []


@override_settings(SUPPORTERS_PER_PAGE=2)
def test_paginates_and_tolerates_bad_page_numbers(client, index):
    for name in ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]:
        OrganisationFactory(name=f"{name} Group", country="GB")

    assert _names(client.get(index.url, {"page": 2})) == ["Charlie Group", "Delta Group"]
    assert _names(client.get(index.url, {"page": "abc"})) == ["Alpha Group", "Bravo Group"]
    assert _names(client.get(index.url, {"page": 999})) == ["Echo Group"]
    assert _names(client.get(index.url, {"page": -1})) == ["Echo Group"]
    response = client.get(index.url, {"country": "GB", "page": 2})
    assert 'href="?country=GB&amp;page=3"' in response.content.decode()
    assert "5 organisations from United Kingdom, page 2 of 3" in _text(response)


def test_canonical_url_carries_the_filters(client, index):
    OrganisationFactory(name="British Journal", country="GB", category=Category.JOURNAL)

    tree = _tree(client.get(index.url, {"category": "journal", "country": "gb", "letter": "b"}))

    canonical = tree.find(".//link[@rel='canonical']").get("href")
    assert canonical == "http://localhost/supporters/?country=GB&category=journal&letter=B"
    plain = _tree(client.get(index.url)).find(".//link[@rel='canonical']").get("href")
    assert plain == "http://localhost/supporters/"


def test_shows_the_total_and_invites_organisations_to_register(client, index):
    OrganisationFactory.create_batch(3, country="GB")
    OrganisationFactory(status=Status.AWAITING_REVIEW)

    response = client.get(index.url, {"country": "XX"})

    text = _text(response)
    assert "3 organisations support the campaign" in text
    assert index.register_text in text
    assert _tree(response).xpath("//a[@href='/supporters/register/']")


def test_each_organisation_links_to_its_website_with_its_country_and_category(client, index):
    OrganisationFactory(
        name="British Journal",
        website="https://bj.example.org/",
        country="GB",
        category=Category.JOURNAL,
        statement="Results must be published.",
    )
    OrganisationFactory(name="No Website Group", website="", country="", category="")

    tree = _tree(client.get(index.url))

    first, second = tree.find_class("supporter")
    assert first.find(".//a").get("href") == "https://bj.example.org/"
    assert "United Kingdom" in first.text_content()
    assert "Journal or publisher" in first.text_content()
    assert "Results must be published." in first.text_content()
    assert second.find(".//a") is None


@pytest.fixture
def logos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make(n):
        buffer = io.BytesIO()
        PILImage.new("RGB", (400, 200), (n * 40 % 255, 27, 45)).save(buffer, "PNG")
        return Image.objects.create(title=f"Logo {n}", file=ImageFile(buffer, name=f"logo{n}.png"))

    return [make(n) for n in range(4)]


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_logos_render_without_a_query_each(client, index, logos):
    for n in range(3):
        OrganisationFactory(name=f"Logo Holder {n}", logo=logos[n % len(logos)])
    client.get(index.url)  # the first view makes the renditions
    few = _queries(client, index.url)

    for n in range(3, 30):
        OrganisationFactory(name=f"Logo Holder {n}", logo=logos[n % len(logos)])
    client.get(index.url)
    many = _queries(client, index.url)

    images = _tree(client.get(index.url)).xpath("//div[@class='supporter__logo']/img")
    assert len(images) == 30
    assert images[0].get("alt") == ""
    assert int(images[0].get("width")) <= 160
    assert few == many


# An uncached anonymous view of the list; the bound catches a query per row or letter.
# (13: one of them reads the trial records of the organisations on the page.)
QUERY_BOUND = 13


def test_query_count_does_not_grow_with_the_list(client, index, logos):
    def build(start, stop):
        for n in range(start, stop):
            OrganisationFactory(
                name=f"{'The ' if n % 5 == 0 else ''}{chr(65 + n % 26)}ssociation {n}",
                country=["GB", "DE", "FR"][n % 3],
                category=[Category.JOURNAL, Category.FUNDER][n % 2],
                logo=logos[n % len(logos)] if n % 2 else None,
            )

    urls = [
        {},
        {"letter": "M"},
        {"q": "ssociation 1"},
        {"country": "GB", "category": "journal"},
        {"page": 2},
    ]

    def measure():
        for params in urls:
            client.get(index.url, params)  # renditions are made on a first view
        return [_queries(client, index.url, params) for params in urls]

    build(0, 30)
    few = measure()
    build(30, 300)
    many = measure()

    assert few == many, f"query counts grew with the list: {few} -> {many}"
    assert max(many) <= QUERY_BOUND, many


@pytest.mark.usefixtures("page_cache_on")
def test_filter_options_are_counted_once_for_every_view_until_the_list_changes(
    client, index, django_capture_on_commit_callbacks
):
    OrganisationFactory(name="British Journal", country="GB")
    waiting = OrganisationFactory(name="Dutch Journal", country="NL", status=Status.AWAITING_REVIEW)

    def counts_options(params) -> bool:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(index.url, params).status_code == 200
        return any(
            "GROUP BY" in query["sql"] and '"category"' in query["sql"]
            for query in captured.captured_queries
        )

    assert counts_options({"letter": "B"})
    assert not counts_options({"letter": "C"})
    assert not counts_options({"q": "journal"})
    clear_page_cache()  # what every change to the public list does
    assert counts_options({"letter": "C"})
    assert "country=NL" not in client.get(index.url, {"letter": "D"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_approve(organisation=waiting, actor=None)

    response = client.get(index.url, {"letter": "E"})
    assert 'href="/supporters/?country=NL"' in response.content.decode()
    assert "2 organisations support the campaign" in _text(response)


class SupportersIndexPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root, publish=True)
        Site.objects.filter(is_default_site=True).update(root_page=cls.home)

    def setUp(self):
        super().setUp()
        self.login()

    def test_stands_once_under_the_home_page(self):
        self.assertAllowedParentPageTypes(SupportersIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(SupportersIndexPage, set())
        self.assertEqual(SupportersIndexPage.max_count, 1)

    def test_editor_can_create_it_and_it_routes_renders_and_previews(self):
        OrganisationFactory(name="British Journal", country="GB")
        self.assertCanCreate(
            self.home,
            SupportersIndexPage,
            nested_form_data(
                {
                    "title": "Who supports us",
                    "slug": "supporters",
                    "intro": "Organisations behind the campaign.",
                    "register_text": "Add yours.",
                }
            ),
        )
        page = SupportersIndexPage.objects.get()
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)
        self.assertPageIsRenderable(page, query_data={"country": "GB", "letter": "B"})
        self.assertPageIsPreviewable(page)
