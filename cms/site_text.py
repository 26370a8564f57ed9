"""The words every page shows (tagline, footer text) in the visitor's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from wagtail.models import Site

from .models import SiteSettings, SiteText


@dataclass(frozen=True)
class SiteWords:
    tagline: str
    footer_text: str


def site_words(request: HttpRequest) -> SiteWords:
    """The site's tagline and footer text in the active language.

    The site text translated into the active language, field by field falling back
    to the original site text, and then to the site settings, so a site that has
    not made any site text yet shows its settings as before.
    """
    site = Site.find_for_request(request)
    if site is None:
        return SiteWords(tagline="", footer_text="")
    # for_request: the same (cached) row the templates' `settings` reads.
    settings = SiteSettings.for_request(request)
    original = SiteText.objects.originals().filter(site=site).first()
    if original is None:
        return SiteWords(tagline=settings.tagline, footer_text=settings.footer_text)
    translated = original.localized
    return SiteWords(
        tagline=translated.tagline or original.tagline or settings.tagline,
        footer_text=translated.footer_text or original.footer_text or settings.footer_text,
    )
