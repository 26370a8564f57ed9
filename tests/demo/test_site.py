"""`manage.py load_demo_content`: the campaign's tree, facts as the seed states them, safe to rerun."""

import datetime
import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.models import CampaignPage, HomePage, Jurisdiction, NewsIndexPage, NewsPage, SiteSettings

pytestmark = pytest.mark.django_db


def _load(*args) -> str:
    # The Spanish and German pages are half the load; tests/demo/test_translations.py
    # is about them.
    out = io.StringIO()
    call_command("load_demo_content", *args, "--no-translations", stdout=out)
    return out.getvalue()


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_builds_the_campaign_tree(client):
    output = _load()

    assert "Translations: left out (--no-translations)." in output
    assert set(
        Page.objects.filter(depth__gt=1).values_list("locale__language_code", flat=True)
    ) == {"en-gb"}

    home = HomePage.objects.get(locale__language_code="en-gb")
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
    slugs = set(Jurisdiction.objects.originals().values_list("slug", flat=True))
    assert slugs >= {"uk", "eu", "usa", "global"}
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


def test_home_page_has_statement_figures_actions_and_latest_news(client, settings):
    _load()
    home = _text(client, "/")
    for link in ('href="/petition/"', 'href="/updates/"'):
        assert link in home
    # Donations are not set up in a fresh install: nothing invites visitors to give yet.
    assert 'href="/donate/"' not in home
    settings.STRIPE_SECRET_KEY = "sk_test_configured"
    caches["default"].clear()
    assert 'href="/donate/"' in _text(client, "/")
    assert "Latest regulatory news" in home
    assert home.count('class="news-card"') == 3
    assert 'class="figure"' in home


def test_running_twice_changes_nothing_and_keeps_editors_changes():
    _load()
    why = CampaignPage.objects.get(slug="why-it-matters", locale__language_code="en-gb")
    why.title = "Edited by an editor"
    why.save_revision().publish()
    counts = (Page.objects.count(), Jurisdiction.objects.count(), NewsPage.objects.count())

    output = _load()

    assert (Page.objects.count(), Jurisdiction.objects.count(), NewsPage.objects.count()) == counts
    assert (
        CampaignPage.objects.get(slug="why-it-matters", locale__language_code="en-gb").title
        == "Edited by an editor"
    )
    assert "0 pages created" in output


def test_if_empty_leaves_an_existing_site_alone():
    _load()
    NewsPage.objects.filter(jurisdiction__slug="eu").delete()

    output = _load("--if-empty")

    assert "nothing loaded" in output
    assert not NewsPage.objects.filter(jurisdiction__slug="eu").exists()


def test_demo_site_answers_at_base_url_and_every_full_address_uses_it(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://campaign.example"
    _load()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "campaign.example",
        443,
        "https://campaign.example",
    )
    # Whatever host the request names (a dev server on 127.0.0.1:8765), the site's
    # public address is what canonical links, Open Graph, the sitemap and feeds give.
    page = client.get("/news/", HTTP_HOST="127.0.0.1").content.decode()
    assert '<link rel="canonical" href="https://campaign.example/news/">' in page
    assert '<meta property="og:url" content="https://campaign.example/news/">' in page
    assert '<meta property="og:image" content="https://campaign.example/media/' in page
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1").content.decode()
    assert "<loc>https://campaign.example/news/</loc>" in sitemap
    assert "127.0.0.1" not in sitemap
    feed = client.get("/news/feed/", HTTP_HOST="127.0.0.1").content.decode()
    assert 'href="https://campaign.example/news/feed/"' in feed
    assert "127.0.0.1" not in feed


def test_demo_site_keeps_an_address_an_editor_chose(settings):
    _load()
    Site.objects.filter(is_default_site=True).update(hostname="trials.example.org", port=443)
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    _load()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("trials.example.org", 443)


def test_demo_has_a_default_share_image_of_its_own(client):
    _load()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    image = settings.default_share_image
    assert (image.width, image.height) == (1200, 630)
    assert image.title.startswith("AllTrials: Campaigning for every clinical trial")
    # A page with no image of its own is shared with it.
    page = _text(client, "/why-it-matters/")
    assert '<meta property="og:image:width" content="1200">' in page
    assert f'<meta property="og:image:alt" content="{image.title}">' in page
    _load()  # made once
    assert SiteSettings.for_site(Site.objects.get()).default_share_image_id == image.pk


def test_the_demo_is_searchable_and_its_references_are_indexed(client):
    """Loading indexes nothing per save; both indexes are rebuilt once at the end."""
    from wagtail.models import ReferenceIndex

    _load()
    found = _text(client, "/search/?q=Helsinki")
    assert "/news/declaration-of-helsinki-2024-update/" in found
    # What the admin's "usage" of a jurisdiction lists: the news filed under it.
    eu = Jurisdiction.objects.get(slug="eu", locale__language_code="en-gb")
    assert ReferenceIndex.get_references_to(eu).exists()
    # Search and references follow saves again once the demo is loaded.
    page = NewsPage.objects.get(slug="eu-ctis-single-gateway")
    page.title = "Zanzibarian gateway"
    page.save_revision().publish()
    assert "/news/eu-ctis-single-gateway/" in _text(client, "/search/?q=Zanzibarian")
