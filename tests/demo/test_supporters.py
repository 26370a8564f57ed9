"""The demo's supporters: the campaign's 320 organisations, imported once, with guessed fields."""

import pytest

from demo.supporters import DEMO_ORGANISATIONS, supporters_demo_load
from supporters import names
from supporters.models import Category, Organisation, SupportersIndexPage

pytestmark = pytest.mark.django_db


def test_demo_seed_list_has_320_distinct_organisations():
    names_in_file = [
        line.strip() for line in DEMO_ORGANISATIONS.read_text("utf-8").splitlines() if line.strip()
    ]

    assert len(names_in_file) == 320
    # No two lines are the same organisation, so none is merged away on import.
    assert len({names.normalise_name(name) for name in names_in_file}) == 320


def test_demo_imports_every_seed_organisation_once_and_publishes_the_page(site_tree):
    report = supporters_demo_load()

    assert len(report.created) == 320
    assert report.skipped == [] and report.updated == []
    assert Organisation.objects.approved().count() == 320
    assert Organisation.objects.count() == 320
    registry = Organisation.objects.get(name="German Clinical Trials Register")
    assert (registry.country.code, registry.category) == ("DE", Category.RESEARCH)
    assert Organisation.objects.exclude(country="").count() >= 128

    page = SupportersIndexPage.objects.get()
    assert page.get_parent().specific == site_tree["home"]
    assert page.live and page.show_in_menus
    assert page.url == "/supporters/"
    assert page.title == "Supporting organisations"
    assert page.intro and page.register_text

    again = supporters_demo_load()

    assert again.created == [] and again.updated == []
    assert len(again.skipped) == 320
    assert all(reason.startswith("already listed as ") for _, reason in again.skipped)
    assert Organisation.objects.count() == 320
    assert SupportersIndexPage.objects.count() == 1


def test_demo_without_a_home_page_imports_organisations_only():
    report = supporters_demo_load()

    assert len(report.created) == 320
    assert not SupportersIndexPage.objects.exists()
