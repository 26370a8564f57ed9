"""The petition page: where it may stand, that it renders, and that editors can create it."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.models import HomePage
from petitions.models import PetitionPage
from tests.factories import HomePageFactory, PetitionPageFactory


class PetitionPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node(), publish=True)
        Site.objects.filter(is_default_site=True).update(root_page=cls.home)
        cls.petition = PetitionPageFactory(parent=cls.home, slug="petition", publish=True)

    def setUp(self):
        super().setUp()
        self.login()

    def test_petitions_stand_under_the_home_page(self):
        self.assertAllowedParentPageTypes(PetitionPage, {HomePage})
        self.assertAllowedSubpageTypes(PetitionPage, set())

    def test_it_routes_and_renders(self):
        self.assertPageIsRoutable(self.petition)
        self.assertPageIsRenderable(self.petition)

    def test_several_petitions_can_run_at_once(self):
        second = PetitionPageFactory(parent=self.home, slug="second", publish=True)
        for page in (self.petition, second):
            self.assertEqual(self.client.get(page.url).status_code, 200)
            self.assertEqual(self.client.get(page.sign_url()).status_code, 200)

    def test_editor_can_create_a_petition(self):
        self.assertCanCreate(
            self.home,
            PetitionPage,
            nested_form_data(
                {
                    "title": "Report every result",
                    "slug": "report-every-result",
                    "ask": "Report the results of every trial.",
                    "addressed_to": "The regulator",
                    "body": rich_text("<p>Why.</p>"),
                    "goal": 5000,
                    "count_mode": "confirmed",
                    "earlier_signatures": 0,
                    "include_earlier_signatures": "on",
                    "ask_country": "on",
                    "consent_text": "I agree.",
                    "updates_text": "Send me updates.",
                    "thank_you_text": rich_text("<p>Thanks!</p>"),
                    "confirmation_email_subject": "Please confirm",
                    "confirmation_email_text": "Confirm below.",
                    "already_signed_email_text": "You signed already.",
                    "milestones": inline_formset([]),
                }
            ),
        )

    def test_a_petition_must_close_after_it_opens(self):
        now = timezone.now()
        page = PetitionPage(
            title="x",
            ask="x",
            addressed_to="x",
            opens_at=now,
            closes_at=now - datetime.timedelta(days=1),
        )
        with self.assertRaises(ValidationError):
            page.clean()

    def test_open_closed_and_not_yet_open(self):
        now = timezone.now()
        page = PetitionPage(opens_at=now + datetime.timedelta(hours=1))
        self.assertEqual(page.state(now), "not-open-yet")
        page = PetitionPage(closes_at=now)
        self.assertEqual(page.state(now), "closed")
        self.assertFalse(page.is_open(now))
        self.assertTrue(PetitionPage().is_open(now))
