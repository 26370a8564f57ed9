"""`manage.py load_demo_content`: the campaign's tree, facts as the seed states them, safe to rerun."""

import datetime
import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.models import CampaignPage, HomePage, Jurisdiction, NewsIndexPage, NewsPage, SiteSettings

pytestmark = pytest.mark.django_db


def _load(*args) -> str:
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_builds_the_campaign_tree(client):
    output = _load()

    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert site.site_name == "AllTrials"
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    assert set(CampaignPage.objects.child_of(home).values_list("slug", flat=True)) == {
        "why-it-matters",
        "next-steps",
        "privacy",
    }
    index = NewsIndexPage.objects.child_of(home).get()
    assert index.url == "/news/"
    assert {n.jurisdiction.slug for n in NewsPage.objects.child_of(index)} == {
        "uk",
        "eu",
        "usa",
        "global",
    }
    assert set(Jurisdiction.objects.values_list("slug", flat=True)) >= {"uk", "eu", "usa", "global"}
    assert all(page.live for page in Page.objects.filter(depth__gte=2))
    assert "9 pages created" in output
    settings = SiteSettings.for_site(site)
    assert settings.privacy_policy_page.specific.slug == "privacy"
    assert settings.footer_text and settings.contact_email

    for url in ("/", "/why-it-matters/", "/next-steps/", "/privacy/", "/news/", "/news/feed/"):
        _text(client, url)


def test_facts_and_dates_are_as_the_seed_states_them(client):
    _load()
    news = {n.jurisdiction.slug: n for n in NewsPage.objects.all()}

    uk = news["uk"]
    assert uk.in_force_from == datetime.date(2026, 4, 28)
    assert uk.rule_status == "in_force"
    uk_text = _text(client, uk.url)
    for fact in (
        "28 April 2026",
        "MHRA",
        "Health Research Authority",
        "ISRCTN",
        "fines",
        "imprisonment",
    ):
        assert fact in uk_text, fact
    for part in ("regist", "summar", "participant", "enforc"):
        assert part in uk_text.lower()

    eu = news["eu"]
    assert eu.in_force_from == datetime.date(2023, 1, 31)
    eu_text = _text(client, eu.url)
    assert "31 January 2023" in eu_text and "CTIS" in eu_text

    usa_text = _text(client, news["usa"].url)
    for fact in (
        "2007",
        "21 days",
        "2023",
        "Government Accountability Office",
        "235",
        "July",
        "November 2022",
    ):
        assert fact in usa_text, fact

    global_text = _text(client, news["global"].url)
    for fact in ("Declaration of Helsinki", "October 2024", "75th"):
        assert fact in global_text, fact

    why = _text(client, "/why-it-matters/")
    assert "Ben Goldacre" in why
    assert "Sile Lane" in why or "Sile Lane" in _text(client, "/next-steps/")


def test_home_page_has_statement_figures_actions_and_latest_news(client):
    _load()
    home = _text(client, "/")
    for link in ('href="/petition/"', 'href="/updates/"', 'href="/donate/"'):
        assert link in home
    assert "Latest regulatory news" in home
    assert home.count('class="news-card"') == 3
    assert 'class="figure"' in home


def test_running_twice_changes_nothing_and_keeps_editors_changes():
    _load()
    why = CampaignPage.objects.get(slug="why-it-matters")
    why.title = "Edited by an editor"
    why.save_revision().publish()
    counts = (Page.objects.count(), Jurisdiction.objects.count(), NewsPage.objects.count())

    output = _load()

    assert (Page.objects.count(), Jurisdiction.objects.count(), NewsPage.objects.count()) == counts
    assert CampaignPage.objects.get(slug="why-it-matters").title == "Edited by an editor"
    assert "0 pages created" in output


def test_if_empty_leaves_an_existing_site_alone():
    _load()
    NewsPage.objects.filter(jurisdiction__slug="eu").delete()

    output = _load("--if-empty")

    assert "nothing loaded" in output
    assert not NewsPage.objects.filter(jurisdiction__slug="eu").exists()
