"""Telling the CDN or Varnish in front of the site what to forget when editors change it.

Our own page cache (core/page_cache.py) forgets everything at once: a new
generation. A CDN keeps each address until it is purged (or its `s-maxage` runs
out), and Wagtail's frontend-cache module purges address by address, so each
change names every address that shows it:

- a page published, unpublished, moved, renamed or deleted: its own addresses
  (`get_cached_paths`: a listing's pages, filters and feeds) and those it has
  elsewhere (`get_other_cached_paths`: a petition's count and widget), the old ones
  too when its address changed; every ancestor's (the listings that show it: the
  news index and its feeds, the home page's latest news); the sitemap; and the
  pages that link to it (Wagtail's reference index). Wagtail's own handler purges
  the page's addresses on publish and unpublish; here everything else;
- a page in the main menu (a top-level page shown in menus), or one the site
  settings link to when its address changes: every page, as every page's header
  or footer shows it;
- site settings, a site, anything on every page: every live page with its
  addresses, the sitemap and robots.txt (`purge_site`), in batches of
  FRONTEND_CACHE_PURGE_BATCH addresses (there is no purge-all over HTTP);
  CloudFront, which charges per address, gets one wildcard instead;
- a jurisdiction: the news filed under it and the listings that show that news;
- every language: a page's translations show its address (the language switcher,
  `hreflang`), so they are purged with it, and so are the translations of its
  listings (a translated news index may list the same news); site-wide purges name
  each language's search page. Wagtail's own rewriting of each address under every
  language prefix is off (WAGTAILFRONTENDCACHE_LANGUAGES = []): translations have
  slugs of their own, so that would name addresses that do not exist.

Feature apps call `purge_pages` (the supporters list when an organisation's
listing changes). Addresses are full URLs built from the Wagtail Site (hostname
and port), as Wagtail's backends expect. The URLs are worked out when the change
happens and sent after the commit, as Wagtail's task (`purge_urls_from_cache_task`)
on the `default` queue: publishing never waits on the CDN, and a CDN that refuses
only leaves a log line or a failed task, never a failed publish. With no frontend
cache configured nothing is worked out, queued or sent.

A CDN keys each query string apart, and no list of purges can name every mix of
filters, searches and pages: listings name their usual variants in
`get_cached_paths`, and the rest live at most PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache
from wagtail.models import Page, ReferenceIndex, Site

WILDCARD_BACKENDS = ("wagtail.contrib.frontend_cache.backends.CloudfrontBackend",)


def is_configured() -> bool:
    """Whether any frontend cache is set up (WAGTAILFRONTENDCACHE, from the environment)."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


# --- What a change shows up on -------------------------------------------------


def page_changed(
    page: Page,
    *,
    own_addresses: bool = True,
    old_url_path: str = "",
    address_changed: bool = False,
    was_in_menu: bool = False,
) -> None:
    """Purge what shows `page`: see the module docstring.

    `own_addresses=False` leaves out the page's own paths (on publish and unpublish
    Wagtail's handler sends them); `old_url_path` is where the page and its
    descendants were before a move or a new slug; `address_changed` says links to it
    elsewhere changed too (unpublished, moved, renamed, deleted); `was_in_menu`
    that the version it replaces was shown in menus.
    """
    if not is_configured():
        return
    page = page.specific_deferred
    batch = PurgeBatch()
    if old_url_path:
        _add_old_addresses(batch, page, old_url_path)
    if _shows_on_every_page(page, address_changed=address_changed, was_in_menu=was_in_menu):
        _send(batch.urls)
        site_changed()
        return
    if own_addresses:
        batch.add_page(page)
    _add_other_paths(batch, page)
    batch.add_pages(_live_translations([page]))
    batch.add_pages(_with_translations(_live_ancestors([page])))
    batch.add_pages(_pages_linking_to(page))
    batch.add_urls(_site_urls(reverse("sitemap"), pages=[page], cache_object=batch))
    _send(batch.urls)


def purge_pages(
    pages: Iterable[Page], *, urls: Iterable[str] = (), site_paths: Iterable[str] = ()
) -> None:
    """Purge these pages' addresses (own and elsewhere), and their listings (ancestors),
    plus `urls` (full addresses) and `site_paths` ("/supporters/organisations.json")
    under the root of every site. For feature apps whose rows show on pages."""
    if not is_configured():
        return
    pages = [page.specific_deferred for page in pages]
    batch = PurgeBatch(urls)
    for page in [*pages, *_live_translations(pages)]:
        batch.add_page(page)
        _add_other_paths(batch, page)
    batch.add_pages(_with_translations(_live_ancestors(pages)))
    for path in site_paths:
        batch.add_urls(_site_urls(path, cache_object=batch))
    _send(batch.urls)


def jurisdiction_changed(jurisdiction) -> None:
    """A jurisdiction's name and slug show on its news, their listings and the feeds."""
    from .models import NewsIndexPage, NewsPage

    news = NewsPage.objects.live().filter(jurisdiction=jurisdiction)
    purge_pages([*news, *NewsIndexPage.objects.live()])


def site_changed() -> None:
    """Something every page shows changed (site settings, a site, the main menu): after the
    commit, a task lists every live page and purges them all (`purge_site`)."""
    if not is_configured():
        return
    from .tasks import purge_site_task

    transaction.on_commit(purge_site_task.enqueue)


def purge_site() -> None:
    """Purge every live page's addresses (every language's), the sitemap, robots.txt and
    each language's search, on every site."""
    if not is_configured():
        return
    batch = PurgeBatch()
    for page in Page.objects.live().filter(depth__gt=1).specific(defer=True).iterator():
        batch.add_page(page)
        _add_other_paths(batch, page)
    roots = {site.root_url for site in Site.objects.all()}
    for root in roots:
        batch.add_urls(root + reverse(name) for name in ("sitemap", "robots_txt"))
        batch.add_urls(root + path for path in _in_every_language("search"))
    _send(batch.urls, whole_sites=roots)


# --- Addresses ----------------------------------------------------------------


def _root_url(page: Page, cache_object) -> str | None:
    parts = page.get_url_parts(request=cache_object)
    return parts[1] if parts else None


def _add_other_paths(batch: PurgeBatch, page: Page) -> None:
    """The page's addresses outside its own path (SitePage.get_other_cached_paths)."""
    other = getattr(page.specific_deferred, "get_other_cached_paths", None)
    paths = other() if other else []
    root = _root_url(page, batch) if paths else None
    if root:
        batch.add_urls(root + path for path in paths)


def _add_old_addresses(batch: PurgeBatch, page: Page, old_url_path: str) -> None:
    """Where the page and its live descendants were: their paths under the old url_path."""
    for each in [page, *page.get_descendants().live().specific(defer=True)]:
        was_here = Page(url_path=old_url_path + each.url_path[len(page.url_path) :])
        parts = was_here.get_url_parts(request=batch)
        if not parts or parts[1] is None:
            continue
        _, root, path = parts
        batch.add_urls(root + path + cached.lstrip("/") for cached in each.get_cached_paths())


def _site_urls(path: str, *, pages: Iterable[Page] = (), cache_object=None) -> set[str]:
    """`path` under the root of the sites these pages are on, or of every site."""
    pages = list(pages)
    if pages:
        roots = {_root_url(page, cache_object) for page in pages} - {None}
    else:
        roots = {site.root_url for site in Site.objects.all()}
    return {root + path for root in roots}


def _in_every_language(url_name: str) -> set[str]:
    """A view's path under each language's prefix: "/search/", "/es/search/", ..."""
    paths = set()
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            paths.add(reverse(url_name))
    return paths


def _live_translations(pages: list[Page]):
    """The other live translations of these pages, in one query."""
    return (
        Page.objects.live()
        .filter(translation_key__in={page.translation_key for page in pages})
        .exclude(pk__in=[page.pk for page in pages])
        .specific(defer=True)
    )


def _with_translations(pages) -> list[Page]:
    """These pages and their live translations."""
    pages = list(pages)
    return [*pages, *_live_translations(pages)] if pages else []


def _live_ancestors(pages: list[Page]):
    """The live ancestors of these pages (not the tree's root), in one query."""
    paths = {page.path[: depth * Page.steplen] for page in pages for depth in range(2, page.depth)}
    return Page.objects.live().filter(path__in=paths).specific(defer=True)


def _pages_linking_to(page: Page):
    """Live pages whose content links to or shows this page (Wagtail's reference index)."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(page)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().filter(pk__in=[int(pk) for pk in ids]).specific(defer=True)


def _shows_on_every_page(page: Page, *, address_changed: bool, was_in_menu: bool) -> bool:
    """In the main menu, now or before (a top-level page shown in menus: every page's
    header lists it), a top-level page a header button may lead to (the featured
    petition, the donate page: `SitePage.header_button_target`), or linked from the
    site settings (the footer) and now at another address."""
    in_header = page.show_in_menus or was_in_menu
    in_header = in_header or getattr(page.specific_class, "header_button_target", False)
    if in_header and page.depth > 2 and _is_top_level(page):
        return True
    if address_changed:
        from .models import SiteSettings

        settings_type = ContentType.objects.get_for_model(SiteSettings)
        return ReferenceIndex.get_references_to(page).filter(content_type=settings_type).exists()
    return False


def _is_top_level(page: Page) -> bool:
    """Whether the page's parent is a site's home page, in any language."""
    parent_path = page.path[: (page.depth - 1) * Page.steplen]
    parent_key = Page.objects.filter(path=parent_path).values("translation_key")
    return Site.objects.filter(root_page__translation_key__in=parent_key).exists()


# --- Sending ------------------------------------------------------------------


def _send(urls: Iterable[str], *, whole_sites: Iterable[str] = ()) -> None:
    """Queue the purge after the commit, in tasks of FRONTEND_CACHE_PURGE_BATCH addresses.

    CDNs that take a wildcard (CloudFront, which charges per address) get one per site
    (`whole_sites`, site roots) instead of the full list.
    """
    urls = sorted(set(urls))
    whole_sites = sorted(set(whole_sites))
    if is_configured() and (urls or whole_sites):
        transaction.on_commit(lambda: _enqueue(urls, whole_sites))


def _enqueue(urls: list[str], whole_sites: list[str]) -> None:
    backends = settings.WAGTAILFRONTENDCACHE
    by_address = list(backends)
    if whole_sites:
        wildcard = [name for name, conf in backends.items() if conf["BACKEND"] in WILDCARD_BACKENDS]
        if wildcard:
            purge_urls_from_cache([root + "/*" for root in whole_sites], backends=wildcard)
            by_address = [name for name in by_address if name not in wildcard]
    if not by_address:
        return
    size = max(1, settings.FRONTEND_CACHE_PURGE_BATCH)
    for start in range(0, len(urls), size):
        purge_urls_from_cache(urls[start : start + size], backends=by_address)
