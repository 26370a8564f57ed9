"""Where each page type may stand, and that each routes, renders and is creatable in the admin."""

import datetime

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import CampaignPage, HomePage, NewsIndexPage, NewsPage
from donations.models import DonatePage
from petitions.models import PetitionPage
from supporters.models import SupportersIndexPage
from tests.factories import (
    CampaignPageFactory,
    HomePageFactory,
    JurisdictionFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from trials.models import TrackerPage
from updates.models import UpdatesPage


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root, publish=True)
        Site.objects.filter(is_default_site=True).update(root_page=cls.home)
        cls.campaign = CampaignPageFactory(parent=cls.home, title="Why it matters", publish=True)
        cls.news_index = NewsIndexPageFactory(parent=cls.home, publish=True)
        cls.uk = JurisdictionFactory(slug="uk", name="UK")
        cls.news = NewsPageFactory(parent=cls.news_index, jurisdiction=cls.uk, publish=True)

    def setUp(self):
        super().setUp()
        self.login()

    def test_home_page_stands_only_at_the_root_and_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(HomePage.max_count, 1)
        # One exists already, so an editor cannot add a second.
        self.assertFalse(HomePage.can_create_at(self.home.get_parent()))

    def test_allowed_children(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                CampaignPage,
                NewsIndexPage,
                SupportersIndexPage,
                PetitionPage,
                UpdatesPage,
                DonatePage,
                TrackerPage,
            },
        )
        self.assertAllowedSubpageTypes(CampaignPage, {CampaignPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_allowed_parents(self):
        self.assertAllowedParentPageTypes(CampaignPage, {HomePage, CampaignPage})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})

    def test_every_page_routes_and_renders(self):
        for page in (self.home, self.campaign, self.news_index, self.news):
            with self.subTest(page=page.title):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_news_index_routes_its_feeds(self):
        self.assertPageIsRoutable(self.news_index, "feed/")
        self.assertPageIsRoutable(self.news_index, "feed/uk/")
        self.assertPageIsRenderable(self.news_index, "feed/")

    def test_editor_can_create_a_campaign_page(self):
        self.assertCanCreate(
            self.home,
            CampaignPage,
            nested_form_data(
                {
                    "title": "Next steps",
                    "slug": "next-steps",
                    "intro": "What we do now.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Still to do", "level": "h2"}),
                            (
                                "quote",
                                {"quote": "Keep going.", "attribution": "A founder", "role": ""},
                            ),
                            (
                                "timeline",
                                {
                                    "heading": "",
                                    "events": streamfield(
                                        [
                                            (
                                                "item",
                                                {
                                                    "date_label": "2013",
                                                    "title": "Launch",
                                                    "text": "",
                                                },
                                            )
                                        ]
                                    ),
                                },
                            ),
                        ]
                    ),
                }
            ),
        )

    def test_editor_can_create_a_news_item(self):
        self.assertCanCreate(
            self.news_index,
            NewsPage,
            nested_form_data(
                {
                    "title": "EU rules tighten",
                    "slug": "eu-rules-tighten",
                    "date": "2026-11-01",
                    "jurisdiction": self.uk.pk,
                    "rule_status": "proposed",
                    "in_force_from": "",
                    "summary": "A proposal.",
                    "body": streamfield([]),
                    "sources": streamfield(
                        [
                            (
                                "source",
                                {
                                    "title": "Regulator",
                                    "url": "https://example.org/",
                                    "publisher": "",
                                },
                            )
                        ]
                    ),
                    "tags": "registration, enforcement",
                }
            ),
        )
        created = NewsPage.objects.get(slug="eu-rules-tighten")
        self.assertEqual(created.date, datetime.date(2026, 11, 1))
        self.assertEqual(
            sorted(t.name for t in created.tags.all()), ["enforcement", "registration"]
        )

    def test_editor_can_create_a_news_index_under_home(self):
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanNotCreateAt(CampaignPage, NewsPage)

    def test_editor_can_preview_a_news_item_before_publishing(self):
        self.assertPageIsPreviewable(
            self.news,
            post_data=nested_form_data(
                {
                    "title": "Preview of a change",
                    "slug": self.news.slug,
                    "date": "2026-04-28",
                    "jurisdiction": self.uk.pk,
                    "rule_status": "in_force",
                    "in_force_from": "2026-04-28",
                    "summary": "Checking before publishing.",
                    "body": streamfield([("paragraph", rich_text("<p>Draft words.</p>"))]),
                    "sources": streamfield([]),
                    "tags": "",
                }
            ),
        )
