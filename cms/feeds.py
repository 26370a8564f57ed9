"""Atom feeds of regulatory news: all of it, or one jurisdiction's."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

FEED_LENGTH = 30


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, *, index_page, jurisdiction=None):
        super().__init__()
        self.index_page = index_page
        self.jurisdiction = jurisdiction

    def __call__(self, request, *args, **kwargs):
        self.request = request
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

    def item_pubdate(self, item):
        return item.first_published_at or item.published_datetime

    def item_updateddate(self, item):
        return item.last_published_at or item.published_datetime

    def item_categories(self, item):
        return [item.jurisdiction.name, *(tag.name for tag in item.tags.all())]
