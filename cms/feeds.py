"""Atom feeds of regulatory news: all of it, or one jurisdiction's.

Each translation of the news index has its own feeds under its own address
(/news/feed/, /es/noticias/feed/), in the language of that address (`xml:lang`).
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from cms.languages import language_tag

FEED_LENGTH = 30


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, *, index_page, jurisdiction=None):
        super().__init__()
        self.index_page = index_page
        self.jurisdiction = jurisdiction

    def __call__(self, request, *args, **kwargs):
        self.request = request
        # The address's language (the active one), as the index at that address is.
        self.language = language_tag(translation.get_language())
        return super().__call__(request, *args, **kwargs)

    def title(self):
        site = Site.find_for_request(self.request)
        site_name = (site.site_name if site else "") or self.index_page.title
        if self.jurisdiction:
            return f"{site_name}: {self.index_page.title} ({self.jurisdiction.name})"
        return f"{site_name}: {self.index_page.title}"

    def link(self):
        url = self.index_page.get_full_url(self.request)
        if self.jurisdiction:
            url += f"?jurisdiction={self.jurisdiction.slug}"
        return url

    def feed_url(self):
        """The feed's own address, at the site's public address as its links are (the
        Wagtail site's hostname and port), whatever host the request named."""
        return self.index_page.get_full_url(self.request) + self.request.path.removeprefix(
            self.index_page.get_url(self.request)
        )

    def subtitle(self):
        return self.index_page.intro or None

    def items(self):
        news = self.index_page.news()
        if self.jurisdiction:
            news = news.filter(jurisdiction=self.jurisdiction)
        return news[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    # Each item is dated by its news date, which editors set, not by when it was
    # published on this site: a story added today about a 2025 rule is 2025 news, and
    # correcting it later does not make it new.
    def item_pubdate(self, item):
        return item.published_datetime

    def item_updateddate(self, item):
        return item.published_datetime

    def item_categories(self, item):
        return [item.jurisdiction.name, *(tag.name for tag in item.tags.all())]
