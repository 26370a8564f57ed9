"""/sitemap.xml: every live public page in every language, each with its translations.

Wagtail's sitemap lists the pages under the site's root page, which is the home page
in the default language; a translated home page is that page's sibling, so its pages
would be missing. Here every translation of the root counts, and each address carries
`<xhtml:link rel="alternate" hreflang>` for the same page in the other languages (and
`x-default`, the default language's), the form search engines read.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

from cms.languages import language_tag


class TranslatedSitemap(Sitemap):
    def _root_paths(self) -> list[str]:
        """The url_path of the site's home page in each language, from Wagtail's cached
        list of site roots (no query)."""
        site = self.get_wagtail_site()
        return [root.root_path for root in Site.get_site_root_paths() if root.site_id == site.pk]

    def items(self):
        under_a_root = Q()
        for root_path in self._root_paths():
            under_a_root |= Q(url_path__startswith=root_path)
        return (
            Page.objects.live()
            .public()
            .filter(under_a_root)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        translations = self._translations(items)
        urls, last_mods = [], set()
        for item in items:
            own = item.get_full_url(self.request)
            for url_info in item.get_sitemap_urls(self.request):
                if url_info.get("location") == own:
                    url_info = {
                        **url_info,
                        "alternates": translations.get(item.translation_key, []),
                    }
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _translations(self, items) -> dict:
        """translation_key -> the alternates of every page with translations, in one query."""
        if len(self._root_paths()) < 2:
            return {}  # one language: nothing to list
        found = (
            Page.objects.live()
            .public()
            .filter(translation_key__in={item.translation_key for item in items})
            .select_related("locale")
            .order_by("path")
        )
        by_key = defaultdict(list)
        for each in found:
            url = each.get_full_url(self.request)
            if url:
                by_key[each.translation_key].append((each.locale.language_code, url))
        alternates = {}
        for key, pages in by_key.items():
            if len(pages) < 2:
                continue
            links = [{"lang_code": language_tag(code), "location": url} for code, url in pages]
            links += [
                {"lang_code": "x-default", "location": url}
                for code, url in pages
                if code == settings.LANGUAGE_CODE
            ]
            alternates[key] = links
        return alternates
