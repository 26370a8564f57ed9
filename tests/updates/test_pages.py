"""The /updates/ page: where it may stand, that editors can create it, and the demo loader."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cms.models import HomePage
from demo.updates import updates_demo_load
from tests.factories import HomePageFactory
from updates.models import UpdatesPage


class TestUpdatesPageInTheAdmin(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node(), publish=True)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": cls.home},
        )

    def setUp(self):
        self.login()

    def test_editors_can_create_it_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, UpdatesPage)
        self.assertCanCreate(
            self.home,
            UpdatesPage,
            nested_form_data(
                {
                    "title": "Stay in touch",
                    "slug": "stay-in-touch",
                    "intro": rich_text("News by email."),
                    "thank_you_text": "",
                }
            ),
        )

    def test_there_is_only_one(self):
        updates_demo_load()
        self.assertFalse(UpdatesPage.can_create_at(self.home))


@pytest.mark.django_db
def test_the_demo_loader_makes_the_page_once(site_tree):
    assert updates_demo_load() == "page at /updates/"
    updates_demo_load()
    assert UpdatesPage.objects.count() == 1
    page = UpdatesPage.objects.get()
    assert page.live and page.url == "/updates/"


@pytest.mark.django_db
def test_the_demo_loader_without_a_home_page_does_nothing():
    assert "no /updates/ page" in updates_demo_load()
    assert not UpdatesPage.objects.exists()


@pytest.mark.django_db
def test_load_demo_content_reports_the_updates_page(site_tree, capsys):
    call_command("load_demo_content", "--no-translations")
    assert "Updates: page at" in capsys.readouterr().out
