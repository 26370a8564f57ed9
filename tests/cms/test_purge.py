"""The CDN in front of the site forgets what editors change (cms/purge.py).

Wagtail's real HTTP backend sends PURGE requests to a stand-in for Varnish on
127.0.0.1 (tests/fakes/varnish.py), which records the address each one names.
"""

from __future__ import annotations

import logging

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.models import Locale

from cms.models import SiteSettings
from supporters import services
from supporters.models import Status
from tests.factories import (
    CampaignPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    PetitionPageFactory,
    SupportersIndexPageFactory,
)
from tests.fakes.varnish import FakeVarnish

pytestmark = pytest.mark.django_db

SITE = "http://localhost"


@pytest.fixture
def varnish(settings):
    fake = FakeVarnish().start()
    settings.WAGTAILFRONTENDCACHE = fake.settings()
    yield fake
    fake.stop()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block schedules after commit, as a request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def news(site_tree):
    index, uk = site_tree["news_index"], site_tree["jurisdictions"]["uk"]
    return NewsPageFactory(parent=index, title="UK rules", slug="uk-rules", jurisdiction=uk)


def test_publishing_news_purges_the_item_its_listings_the_feeds_home_and_sitemap(
    varnish, committed, news
):
    with committed():
        news.save_revision().publish()

    purged = varnish.purged()
    assert {
        f"{SITE}/news/uk-rules/",  # the page itself (Wagtail's own handler)
        f"{SITE}/news/",
        f"{SITE}/news/?jurisdiction=uk",
        f"{SITE}/news/feed/",
        f"{SITE}/news/feed/uk/",
        f"{SITE}/",  # the home page's latest news
        f"{SITE}/sitemap.xml",
    } <= purged
    # Each request went to the cache's own address, naming the site's host.
    assert {host for _, host, _ in varnish.requests} == {"localhost"}
    assert {method for method, _, _ in varnish.requests} == {"PURGE"}


def test_the_news_index_purges_each_of_its_pages(varnish, committed, site_tree, settings):
    settings.NEWS_PER_PAGE = 2
    index, uk = site_tree["news_index"], site_tree["jurisdictions"]["uk"]
    for _ in range(5):
        NewsPageFactory(parent=index, jurisdiction=uk, publish=True)
    item = NewsPageFactory(parent=index, jurisdiction=uk)
    varnish.forget()

    with committed():
        item.save_revision().publish()

    assert {f"{SITE}/news/?page=2", f"{SITE}/news/?page=3"} <= varnish.purged()


def test_unpublishing_purges_the_listings_and_the_old_page(varnish, committed, news):
    news.save_revision().publish()
    varnish.forget()

    with committed():
        news.unpublish()

    assert {f"{SITE}/news/uk-rules/", f"{SITE}/news/", f"{SITE}/news/feed/"} <= varnish.purged()


def test_a_new_slug_purges_the_old_address_and_its_descendants(varnish, committed, site_tree):
    page = CampaignPageFactory(parent=site_tree["home"], title="Why", slug="why", publish=True)
    CampaignPageFactory(parent=page, title="Detail", slug="detail", publish=True)
    varnish.forget()

    with committed():
        page.slug = "why-it-matters"
        page.save_revision().publish()

    purged = varnish.purged()
    assert {f"{SITE}/why/", f"{SITE}/why/detail/", f"{SITE}/why-it-matters/"} <= purged


def test_moving_a_page_purges_both_places(varnish, committed, site_tree):
    home = site_tree["home"]
    first = CampaignPageFactory(parent=home, title="First", slug="first", publish=True)
    second = CampaignPageFactory(parent=home, title="Second", slug="second", publish=True)
    page = CampaignPageFactory(parent=first, title="Moving", slug="moving", publish=True)
    varnish.forget()

    with committed():
        page.move(second, pos="last-child")

    purged = varnish.purged()
    assert {f"{SITE}/first/moving/", f"{SITE}/second/moving/"} <= purged
    assert {f"{SITE}/first/", f"{SITE}/second/"} <= purged


def test_deleting_a_page_purges_it_and_its_listing(varnish, committed, news):
    news.save_revision().publish()
    varnish.forget()

    with committed():
        news.delete()

    assert {f"{SITE}/news/uk-rules/", f"{SITE}/news/", f"{SITE}/news/feed/"} <= varnish.purged()


def test_a_petition_purges_its_count_and_widget(varnish, committed, site_tree):
    petition = PetitionPageFactory(parent=site_tree["home"], title="Sign", slug="sign-it")
    with committed():
        petition.save_revision().publish()

    assert {
        f"{SITE}/sign-it/",
        f"{SITE}{petition.count_json_url()}",
        f"{SITE}{petition.widget_url()}",
        f"{SITE}{petition.widget_url()}?size=compact",
    } <= varnish.purged()


def test_a_page_in_the_main_menu_purges_every_page(varnish, committed, site_tree, news):
    news.save_revision().publish()
    page = CampaignPageFactory(parent=site_tree["home"], title="About", show_in_menus=True)
    varnish.forget()

    with committed():
        page.title = "About us"
        page.save_revision().publish()

    # The menu is in every page's header.
    assert {f"{SITE}/news/uk-rules/", f"{SITE}/about/", f"{SITE}/"} <= varnish.purged()


def test_a_petition_a_header_button_may_lead_to_purges_every_page(
    varnish, committed, site_tree, news
):
    news.save_revision().publish()
    varnish.forget()

    with committed():
        # Not in the menu, but the header's Sign button now leads to it.
        PetitionPageFactory(parent=site_tree["home"], title="Sign it", publish=True)

    assert {f"{SITE}/news/uk-rules/", f"{SITE}/"} <= varnish.purged()


def test_saving_site_settings_purges_every_page_the_feeds_and_the_sitemap(
    varnish, committed, site_tree, news, settings
):
    settings.FRONTEND_CACHE_PURGE_BATCH = 3
    news.save_revision().publish()
    campaign = CampaignPageFactory(parent=site_tree["home"], title="Why", publish=True)
    varnish.forget()

    site_settings = SiteSettings.for_site(site_tree["home"].get_site())
    with committed():
        site_settings.footer_text = "New footer"
        site_settings.save()

    assert {
        f"{SITE}/",
        f"{SITE}/news/",
        f"{SITE}/news/feed/",
        f"{SITE}/news/uk-rules/",
        f"{SITE}{campaign.url}",
        f"{SITE}/sitemap.xml",
        f"{SITE}/robots.txt",
    } <= varnish.purged()


def test_saving_a_jurisdiction_purges_its_news_and_feeds(varnish, committed, site_tree, news):
    news.save_revision().publish()
    other = NewsPageFactory(
        parent=site_tree["news_index"],
        slug="eu-rules",
        jurisdiction=site_tree["jurisdictions"]["eu"],
        publish=True,
    )
    varnish.forget()

    uk = site_tree["jurisdictions"]["uk"]
    with committed():
        uk.name = "United Kingdom"
        uk.save()

    purged = varnish.purged()
    assert {
        f"{SITE}/news/uk-rules/",
        f"{SITE}/news/",
        f"{SITE}/news/feed/uk/",
        f"{SITE}/",
    } <= purged
    assert f"{SITE}{other.url}" not in purged


def test_approving_an_organisation_purges_the_supporters_list_and_json(
    varnish, committed, site_tree, admin_user
):
    SupportersIndexPageFactory(parent=site_tree["home"], publish=True)
    organisation = OrganisationFactory(
        name="Medics for Trials", status=Status.AWAITING_REVIEW, country="DE"
    )
    varnish.forget()

    with committed():
        services.organisation_approve(organisation=organisation, actor=admin_user)

    assert {
        f"{SITE}/supporters/",
        f"{SITE}/supporters/?letter=M",
        f"{SITE}/supporters/?country=DE",
        f"{SITE}/supporters/organisations.json",
        f"{SITE}/supporters/organisations.json?country=DE",
    } <= varnish.purged()


def test_withdrawing_an_organisation_purges_the_supporters_list(
    varnish, committed, site_tree, admin_user
):
    SupportersIndexPageFactory(parent=site_tree["home"], publish=True)
    organisation = OrganisationFactory(name="Medics for Trials")
    varnish.forget()

    with committed():
        services.organisation_withdraw(organisation=organisation, actor=admin_user)

    assert f"{SITE}/supporters/" in varnish.purged()


def test_an_import_purges_the_list_once(varnish, committed, site_tree):
    from supporters.importing.apply import organisations_import
    from supporters.importing.reading import ImportRow

    SupportersIndexPageFactory(parent=site_tree["home"], publish=True)
    rows = [ImportRow(line=n + 2, name=f"Group {n}") for n in range(5)]
    varnish.forget()

    with committed():
        organisations_import(rows=rows)

    purges_of_the_list = [path for _, _, path in varnish.requests if path == "/supporters/"]
    assert purges_of_the_list == ["/supporters/"]


def test_with_no_frontend_cache_nothing_is_sent(settings, committed, news):
    fake = FakeVarnish().start()
    try:
        settings.WAGTAILFRONTENDCACHE = {}
        with committed():
            news.save_revision().publish()
            SiteSettings.for_site(news.get_site()).save()
        assert fake.requests == []
    finally:
        fake.stop()


def test_a_refused_purge_does_not_stop_publishing(varnish, committed, news, caplog):
    varnish.fail_with(500)
    with caplog.at_level(logging.ERROR, logger="core.frontend_cache"), committed():
        news.save_revision().publish()

    news.refresh_from_db()
    assert news.live
    assert varnish.requests  # it was asked, and said no
    assert "The cache refused to purge" in caplog.text


def test_an_unreachable_cache_does_not_stop_publishing(settings, committed, news):
    fake = FakeVarnish().start()
    settings.WAGTAILFRONTENDCACHE = fake.settings()
    fake.stop()  # nothing listens at its address any more

    with committed():
        news.save_revision().publish()

    news.refresh_from_db()
    assert news.live


# The worker closes and reopens database connections, which a test inside one
# rolled-back transaction cannot survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_purges_run_on_the_default_queue_of_the_database_queue(varnish, settings, news):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    varnish.forget()  # what building the site sent
    news.save_revision().publish()
    assert varnish.requests == []  # queued, not sent from the editor's request

    queued = DBTaskResult.objects.filter(task_path=purge_urls_from_cache_task.module_path)
    assert set(queued.values_list("queue_name", flat=True)) == {"default"}
    assert any("default" in group for group in settings.TASK_WORKER_GROUPS)  # a worker serves it

    call_command("db_worker", batch=True, queue_name="default", startup_delay=False, reload=False)

    assert {f"{SITE}/news/uk-rules/", f"{SITE}/news/"} <= varnish.purged()


def test_an_interest_changes_every_sign_up_form_so_every_page(varnish, committed, news):
    from tests.factories import InterestFactory

    news.save_revision().publish()
    interest = InterestFactory(name="Policy news")
    varnish.forget()

    with committed():
        interest.name = "Policy and law"
        interest.save()

    assert {f"{SITE}/", f"{SITE}/news/", f"{SITE}/news/uk-rules/"} <= varnish.purged()


def test_cloudfront_gets_one_wildcard_for_the_whole_site(varnish, committed, settings, news):
    from unittest import mock

    from wagtail.contrib.frontend_cache.backends import CloudfrontBackend

    settings.WAGTAILFRONTENDCACHE = {
        **varnish.settings(),
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": "E123",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
        },
    }
    news.save_revision().publish()
    varnish.forget()

    # CloudFront's API is not called: the invalidation it would be asked for is recorded.
    with mock.patch.object(CloudfrontBackend, "_create_invalidation") as invalidation, committed():
        SiteSettings.for_site(news.get_site()).save()

    invalidation.assert_called_once_with("E123", ["/*"])
    assert f"{SITE}/news/uk-rules/" in varnish.purged()  # Varnish gets every address


# --- Every language --------------------------------------------------------------


def _translate(page, language_code, slug):
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    copy = page.copy_for_translation(locale)
    copy.slug = slug
    copy.save_revision().publish()
    return copy


@pytest.fixture
def in_three_languages(site_tree):
    """Home and news index in Spanish (/es/noticias/) and German (/de/nachrichten/)."""
    home, index = site_tree["home"], site_tree["news_index"]
    for code, home_slug, news_slug in [
        ("es", "inicio", "noticias"),
        ("de", "start", "nachrichten"),
    ]:
        _translate(home, code, home_slug)
        _translate(index, code, news_slug)
    return site_tree


def test_publishing_a_translation_purges_the_other_languages_that_link_to_it(
    varnish, committed, in_three_languages
):
    """Every translation's switcher and hreflang links name the new Spanish page."""
    home = in_three_languages["home"]
    why = CampaignPageFactory(parent=home, title="Why", slug="why", publish=True)
    spanish_home = home.get_translation(Locale.objects.get(language_code="es"))
    varnish.forget()

    with committed():
        spanish = why.copy_for_translation(Locale.objects.get(language_code="es"))
        spanish.slug = "por-que"
        spanish.save_revision().publish()

    assert spanish_home.url == "/es/"
    purged = varnish.purged()
    assert {f"{SITE}/es/por-que/", f"{SITE}/why/", f"{SITE}/es/"} <= purged
    # Each address as it is: none made up under other prefixes (Wagtail's rewriting is off).
    assert not {url for url in purged if "/en-gb/" in url or "/de/por-que/" in url}


def test_news_purges_the_listings_and_feeds_of_every_language(
    varnish, committed, in_three_languages, news
):
    """A translated news index may list the same news (demo content keeps news English)."""
    with committed():
        news.save_revision().publish()

    assert {
        f"{SITE}/news/",
        f"{SITE}/news/feed/",
        f"{SITE}/es/noticias/",
        f"{SITE}/es/noticias/feed/",
        f"{SITE}/es/noticias/feed/uk/",
        f"{SITE}/de/nachrichten/",
        f"{SITE}/de/nachrichten/feed/",
        f"{SITE}/",
        f"{SITE}/es/",
        f"{SITE}/de/",
        f"{SITE}/sitemap.xml",
    } <= varnish.purged()


def test_a_translated_page_in_the_menu_purges_every_page(varnish, committed, in_three_languages):
    spanish_news = in_three_languages["news_index"].get_translation(
        Locale.objects.get(language_code="es")
    )
    varnish.forget()

    with committed():
        spanish_news.show_in_menus = True
        spanish_news.save_revision().publish()

    assert {f"{SITE}/es/", f"{SITE}/de/nachrichten/", f"{SITE}/news/"} <= varnish.purged()


def test_a_site_wide_purge_covers_every_language(varnish, committed, in_three_languages):
    varnish.forget()
    site_settings = SiteSettings.for_site(in_three_languages["home"].get_site())
    with committed():
        site_settings.footer_text = "New footer"
        site_settings.save()

    assert {
        f"{SITE}/",
        f"{SITE}/es/",
        f"{SITE}/de/",
        f"{SITE}/news/feed/",
        f"{SITE}/es/noticias/feed/",
        f"{SITE}/de/nachrichten/feed/",
        f"{SITE}/search/",
        f"{SITE}/es/search/",
        f"{SITE}/de/search/",
        f"{SITE}/sitemap.xml",
    } <= varnish.purged()
