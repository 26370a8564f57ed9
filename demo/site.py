"""Build the demo site from demo/site_data.py: the campaign's pages and regulatory news.

Safe to run again: what exists (found by slug) is left as editors have it, and only
what is missing is created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import QuerySet
from wagtail.models import Locale, Page, Site

from cms.models import (
    CampaignPage,
    HomePage,
    Jurisdiction,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
    SiteText,
)

from . import site_data as demo_data
from .share_image import share_image_create

WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"
# The address Wagtail's first migration gives its site: nobody chose it.
PLACEHOLDER_HOSTNAME, PLACEHOLDER_PORT = "localhost", 80


def site_address() -> tuple[str, int]:
    """The (hostname, port) of BASE_URL, the site's public address.

    Wagtail builds every full address of a page (canonical links, Open Graph, the
    sitemap, feeds) from its Site record's hostname and port, not from the request, so
    the demo's site answers at BASE_URL. Wagtail writes https only for port 443.
    """
    address = urlsplit(django_settings.WAGTAILADMIN_BASE_URL)
    default_port = 443 if address.scheme == "https" else 80
    return address.hostname or PLACEHOLDER_HOSTNAME, address.port or default_port


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def _publish_child(parent: Page, page: Page, report: DemoReport) -> Page:
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        report.existing.append(existing.url_path)
        return existing.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.created.append(page.url_path)
    return page


def home_child_page_ensure(
    existing: QuerySet, *, slug: str, build: Callable[[], Page]
) -> Page | None:
    """A demo page under the home page: the first of `existing`, else `build()` added
    at `slug` and published.

    None when the site has no home page yet, or when another page already uses the
    slug (left for an editor to sort out). Each app's demo loader uses this.
    """
    page = existing.first()
    if page is not None:
        return page
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None or home.get_children().filter(slug=slug).exists():
        return None
    page = build()
    page.slug = slug
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _seo(data: dict) -> dict:
    return {key: data.get(key, "") for key in ("seo_title", "search_description", "menu_title")}


def _action(data: dict) -> dict:
    return {
        "heading": data["heading"],
        "text": data["text"],
        "button_label": data["button_label"],
        "link": {"page": None, "url": data["url"]},
    }


def _remove_wagtail_welcome_page(root: Page) -> None:
    """A fresh Wagtail database has a placeholder home page; the campaign's replaces it."""
    for child in root.get_children().filter(title=WAGTAIL_WELCOME_TITLE):
        if child.specific_class is Page and not child.get_children().exists():
            child.delete()


@transaction.atomic
def demo_content_load() -> DemoReport:
    report = DemoReport()

    jurisdictions = {}
    for slug, name, sort_order in demo_data.JURISDICTIONS:
        jurisdictions[slug], _ = Jurisdiction.objects.originals().get_or_create(
            slug=slug,
            defaults={"name": name, "sort_order": sort_order, "locale": Locale.get_default()},
        )

    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        _remove_wagtail_welcome_page(root)
        data = demo_data.HOME
        home = _publish_child(
            root,
            HomePage(
                title=data["title"],
                slug="home",
                statement=data["statement"],
                intro=data["intro"],
                figures=[("figure", {"source_url": "", **figure}) for figure in data["figures"]],
                actions=[("action", _action(action)) for action in data["actions"]],
                body=data["body"],
                **_seo(data),
            ),
            report,
        )
    else:
        report.existing.append(home.url_path)

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        site = Site(hostname=PLACEHOLDER_HOSTNAME, port=PLACEHOLDER_PORT, is_default_site=True)
    if (site.hostname, site.port) == (PLACEHOLDER_HOSTNAME, PLACEHOLDER_PORT):
        site.hostname, site.port = site_address()
    site.root_page = home
    site.site_name = site.site_name or demo_data.SITE_NAME
    site.save()

    pages = {}
    for data in demo_data.CAMPAIGN_PAGES:
        pages[data["slug"]] = _publish_child(
            home,
            CampaignPage(
                title=data["title"],
                slug=data["slug"],
                show_in_menus=data["show_in_menus"],
                intro=data["intro"],
                body=data["body"],
                **_seo(data),
            ),
            report,
        )

    data = demo_data.NEWS_INDEX
    news_index = _publish_child(
        home,
        NewsIndexPage(
            title=data["title"],
            slug=data["slug"],
            show_in_menus=data["show_in_menus"],
            intro=data["intro"],
            **_seo(data),
        ),
        report,
    )
    for data in demo_data.NEWS:
        news = NewsPage(
            title=data["title"],
            slug=data["slug"],
            date=data["date"],
            jurisdiction=jurisdictions[data["jurisdiction"]],
            rule_status=data["rule_status"],
            in_force_from=data["in_force_from"],
            summary=data["summary"],
            body=data["body"],
            sources=[("source", source) for source in data["sources"]],
            **_seo(data),
        )
        news.tags.add(*data["tags"])
        _publish_child(news_index, news, report)

    settings = SiteSettings.for_site(site)
    for key in ("tagline", "footer_text", "contact_email"):
        if not getattr(settings, key):
            setattr(settings, key, demo_data.SITE_SETTINGS[key])
    if not settings.social_links:
        settings.social_links = [("link", link) for link in demo_data.SITE_SETTINGS["social_links"]]
    if settings.privacy_policy_page_id is None and "privacy" in pages:
        settings.privacy_policy_page = pages["privacy"]
    if settings.default_share_image_id is None:
        settings.default_share_image = share_image_create(site.site_name, settings.tagline)
    settings.save()
    # The words every page shows, as a snippet editors can translate (cms.SiteText).
    if not SiteText.objects.originals().filter(site=site).exists():
        SiteText.objects.create(
            site=site,
            locale=Locale.get_default(),
            tagline=settings.tagline,
            footer_text=settings.footer_text,
        )
    return report
