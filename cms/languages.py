"""Where the site says the same thing in another language.

The language comes from the address alone (config/urls.py): English, the default,
keeps the addresses it always had and every other language lives under /<code>/.
So a cached copy of an address is always in that address's language.

A Wagtail page in another language is another page, its translation (pages that
share a `translation_key`, one per locale, made by wagtail-localize). Every other
view (a petition's sign form, the supporters' register form, search) has the same
address under each prefix, which `translate_url` finds.

`language_links` says, for the page being shown, where each offered language
(`settings.LANGUAGES`) is: the header's language switcher, the `hreflang` links in
`<head>` and the sitemap use it. A page with no live translation in a language
links to that language's home page instead, marked as not the same page (the
switcher says so, `hreflang` leaves it out); a language with no live home page
either is left out, as it has nothing to show yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page, Site

REQUEST_ATTR = "_language_links"


@dataclass(frozen=True)
class LanguageLink:
    code: str  # as in settings.LANGUAGES: "en-gb", "es"
    name: str  # the language's name in that language: "Español"
    url: str  # the address, site-relative when the site is the current one
    full_url: str  # the address with scheme and host, for hreflang and the sitemap
    current: bool  # the language this page is shown in
    same_page: bool  # this page in that language (False: that language's home page)

    @property
    def tag(self) -> str:
        return language_tag(self.code)

    @property
    def bidi(self) -> bool:
        return translation.get_language_info(self.code)["bidi"]


def localized_home(site: Site) -> Page:
    """The site's home page in the active language: its live translation, else the
    site's own root (an untranslated site shows its default language everywhere).
    No query in the default language."""
    home = site.root_page
    code = translation.get_language()
    if not code or code == settings.LANGUAGE_CODE:
        return home
    translated = (
        Page.objects.live()
        .filter(translation_key=home.translation_key, locale__language_code=code)
        .first()
    )
    return translated or home


def language_tag(code: str) -> str:
    """The BCP 47 tag HTML's `lang` and `hreflang` use: "en-gb" -> "en-GB", "zh-hans" -> "zh-Hans"."""
    language, *subtags = code.replace("_", "-").split("-")
    parts = [language.lower()]
    for subtag in subtags:
        if len(subtag) == 2:
            parts.append(subtag.upper())
        elif len(subtag) == 4:
            parts.append(subtag.title())
        else:
            parts.append(subtag.lower())
    return "-".join(parts)


def is_page_view(request: HttpRequest | None) -> bool:
    """Whether Wagtail's page-serving view answered this request (pages, their routes)."""
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name == "wagtail_serve")


def language_links(request: HttpRequest | None, page: Page | None = None) -> list[LanguageLink]:
    """Each language the visitor may switch to, for `page` if a Wagtail page is shown.

    Empty when the site offers one language, or when there is nowhere to go but here.
    Worked out once per request: the head's `hreflang` links and the switcher share it.
    """
    if request is None or len(settings.LANGUAGES) < 2:
        return []
    remembered = getattr(request, REQUEST_ATTR, None)
    key = page.pk if page is not None else None
    if remembered is not None and remembered[0] == key:
        return remembered[1]
    if isinstance(page, Page) and page.pk and is_page_view(request):
        links = _page_links(request, page)
    else:
        links = _view_links(request)
    if not any(not link.current for link in links):
        links = []
    setattr(request, REQUEST_ATTR, (key, links))
    return links


def alternates(links: list[LanguageLink]) -> list[tuple[str, str]]:
    """(hreflang, full address) for each language with this very page, plus `x-default`
    (the default language's), as search engines want them: none for a page alone."""
    same = [link for link in links if link.same_page]
    if len(same) < 2:
        return []
    pairs = [(link.tag, link.full_url) for link in same]
    default = next((link for link in same if link.code == settings.LANGUAGE_CODE), None)
    if default:
        pairs.append(("x-default", default.full_url))
    return pairs


def _page_links(request: HttpRequest, page: Page) -> list[LanguageLink]:
    """The page's live translations; where there is none, that language's home page.
    One query for both: the page's translations and the site root's."""
    site = Site.find_for_request(request)
    if not _has_home_in_other_languages(site):
        return []  # nothing is published in another language yet: no query
    keys = {page.translation_key, site.root_page.translation_key}
    found = Page.objects.live().filter(translation_key__in=keys).select_related("locale")
    translations, homes = {}, {}
    for each in found:
        code = each.locale.language_code
        if each.translation_key == page.translation_key:
            translations[code] = each
        if each.translation_key == site.root_page.translation_key:
            homes[code] = each
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        same_page = target is not None
        if target is None:
            target = homes.get(code)
        if target is None:
            continue
        parts = target.get_url_parts(request=request)
        if not parts or parts[2] is None:
            continue
        _, root_url, path = parts
        url = target.get_url(request=request) or path
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                full_url=root_url + path,
                current=code == current,
                same_page=same_page,
            )
        )
    return links


def _home_languages(site: Site | None) -> set[str]:
    """The languages the site's home page is in, from Wagtail's list of site roots (kept
    in the cache, which page URLs read anyway): no query on most requests."""
    if site is None:
        return set()
    return {root.language_code for root in Site.get_site_root_paths() if root.site_id == site.pk}


def _has_home_in_other_languages(site: Site | None) -> bool:
    return len(_home_languages(site)) > 1


def _view_links(request: HttpRequest) -> list[LanguageLink]:
    """Any other view is at the same address under each language's prefix. An address
    that names no view (a 404, or Wagtail's with no page) leads to each language's
    home page instead, where it has one."""
    current = translation.get_language()
    resolvable = request.resolver_match is not None and not is_page_view(request)
    site = Site.find_for_request(request)
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(request.path, code) if resolvable else None
        same_page = bool(url) and (url != request.path or code == current)
        if not same_page:
            if code != current and code not in _home_languages(site):
                continue
            with translation.override(code):
                url = reverse("wagtail_serve", args=[""])
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                full_url=site.root_url + url if site else request.build_absolute_uri(url),
                current=code == current,
                same_page=same_page,
            )
        )
    return links
