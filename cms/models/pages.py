"""The pages editors publish: the home page, campaign pages and regulatory news."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, Site
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.blocks import (
    CallToActionBlock,
    CampaignStreamBlock,
    FigureBlock,
    NewsStreamBlock,
    SourceBlock,
    links_offered,
)
from cms.calls_to_action import calls_to_action
from core.page_cache import mark_cacheable
from core.translatable import active_language_code, default_language_code, in_default_language

from .snippets import Jurisdiction


class SitePage(Page):
    """What every public page shares: a short name for the main menu and an optional
    image for sharing on social media."""

    menu_title = models.CharField(
        max_length=30,
        blank=True,
        help_text=_("A short name for the main menu, e.g. “News”. Empty: the page's title."),
    )
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared (1200×630 works best)."),
    )

    promote_panels = [
        # Wagtail's own two panels, with the menu title beside "show in menus".
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading=_("For search engines"),
        ),
        MultiFieldPanel(
            [FieldPanel("show_in_menus"), FieldPanel("menu_title")], heading=_("For site menus")
        ),
        FieldPanel("share_image"),
    ]

    # Every query parameter the page's rendering reads (filters, page number): the
    # whole-page cache keys the page on these alone and serves any other parameter,
    # such as `?fbclid=` or `?utm_source=`, from the same entry (core/page_cache.py).
    # A page that reads a parameter must name it here.
    page_cache_query_params: tuple[str, ...] = ()

    # A header button may lead here (cms/calls_to_action.py: the featured petition, the
    # donate page), so publishing it changes every page's header (cms/purge.py).
    header_button_target: bool = False

    class Meta:
        abstract = True

    def get_other_cached_paths(self) -> list[str]:
        """Addresses outside this page's own path that show it and that caches keep
        (site-relative, "/petitions/3/count.json"): purged with the page (cms/purge.py).
        Its own path and sub-paths are Wagtail's `get_cached_paths`."""
        return []

    @property
    def menu_label(self) -> str:
        """What the main menu calls this page: its menu title, else its title."""
        return self.menu_title or self.title

    def is_offered(self) -> bool:
        """Whether the site's menu, buttons and calls to action may lead here now.

        A page that cannot do its job yet says no (the donate page while payments are
        not set up), and every link inviting visitors to it is left out: the main menu,
        the header's buttons and the calls to action editors place (`LinkValue.is_offered`).
        """
        return True

    @property
    def meta_description(self) -> str:
        """The description search engines and link previews show."""
        return self.search_description or getattr(self, "listing_summary", "") or ""

    def listing_canonical_url(self, request, filters: dict, page_number: int) -> str:
        """The canonical address of one view of a listing: its active filters and page, nothing else."""
        query = {key: value for key, value in filters.items() if value}
        if page_number > 1:
            query["page"] = page_number
        base = self.get_full_url(request) or request.build_absolute_uri(request.path)
        return f"{base}?{urlencode(query)}" if query else base


class HomePage(SitePage):
    """The front page: what the campaign wants, the numbers behind it, what to do, latest news."""

    statement = models.CharField(
        max_length=200, help_text=_("The campaign in one sentence, shown large at the top.")
    )
    intro = models.TextField(blank=True, help_text=_("A paragraph under the statement."))
    figures = StreamField([("figure", FigureBlock())], blank=True, max_num=6)
    actions = StreamField(
        [("action", CallToActionBlock())],
        blank=True,
        max_num=4,
        help_text=_("What a visitor can do: sign the petition, get updates, donate."),
    )
    body = StreamField(CampaignStreamBlock(), blank=True)
    latest_news_count = models.PositiveSmallIntegerField(default=3)

    content_panels = [
        *Page.content_panels,
        FieldPanel("statement"),
        FieldPanel("intro"),
        FieldPanel("figures"),
        FieldPanel("actions"),
        FieldPanel("body"),
        FieldPanel("latest_news_count"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("statement"),
        index.SearchField("intro"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.CampaignPage",
        "cms.NewsIndexPage",
        "supporters.SupportersIndexPage",
        "petitions.PetitionPage",
        "updates.UpdatesPage",
        "donations.DonatePage",
        "trials.TrackerPage",
    ]

    @property
    def listing_summary(self) -> str:
        return self.intro or self.statement

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the feature apps ask visitors to do (the petition with its live count):
        # a page showing a count is cached no longer than the count may lag.
        asks = calls_to_action(Site.find_for_request(request))
        context["featured_asks"] = [ask for ask in asks if ask.panel]
        lifetimes = [ask.cache_seconds for ask in asks if ask.cache_seconds is not None]
        if lifetimes:
            mark_cacheable(request, seconds=min(lifetimes))
        offered = links_offered([action.value["link"] for action in self.actions])
        context["offered_actions"] = [
            action for action, ok in zip(self.actions, offered, strict=True) if ok
        ]
        news_index = NewsIndexPage.objects.live().descendant_of(self).first()
        context["news_index"] = news_index
        # The index's news: in a translated home page, the English items it lists too.
        context["latest_news"] = (
            news_index.news()[: self.latest_news_count] if news_index is not None else []
        )
        return context


class CampaignPage(SitePage):
    """A page of the campaign's argument: why it matters, what comes next, the policy."""

    intro = models.TextField(blank=True, help_text=_("The opening paragraph, shown large."))
    body = StreamField(CampaignStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.CampaignPage"]
    subpage_types = ["cms.CampaignPage"]

    @property
    def listing_summary(self) -> str:
        return self.intro


class NewsIndexPage(RoutablePageMixin, SitePage):
    """Regulatory news, newest first, filterable by jurisdiction and tag, with Atom feeds.

    Filters are plain query parameters (`?jurisdiction=uk&tag=enforcement`) so a
    filtered list is a link a reader can share; feeds live at `feed/` (all news)
    and `feed/<jurisdiction>/`.
    """

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    page_cache_query_params = ("jurisdiction", "tag", "page")

    @property
    def listing_summary(self) -> str:
        return self.intro

    def get_cached_paths(self) -> list[str]:
        """What a CDN may hold of this listing: each page of it, each jurisdiction's
        and tag's view, and the feeds (purged when any news under it changes). Every
        jurisdiction, not only those with news: an item moved to another one leaves
        the old one's view changed (there are a handful)."""
        news = self.news()
        pages = Paginator(news, settings.NEWS_PER_PAGE).num_pages
        jurisdictions = Jurisdiction.objects.originals()
        tags = Tag.objects.filter(cms_newspagetag_items__content_object__in=news).distinct()
        feed = self.reverse_subpage("feed")
        return [
            "/",
            *(f"?{urlencode({'page': number})}" for number in range(2, pages + 1)),
            *(f"?{urlencode({'jurisdiction': j.slug})}" for j in jurisdictions),
            *(f"?{urlencode({'tag': tag.slug})}" for tag in tags),
            feed,
            *(self.reverse_subpage("jurisdiction_feed", args=[j.slug]) for j in jurisdictions),
        ]

    def news(self):
        """The news listed here: this index's own, and where this index is a translation,
        the original index's items not translated into its language (listed in their own
        language, marked: `news_from_original` in the context)."""
        news = NewsPage.objects.listing()
        original = self.original_index
        if original is None:
            return news.child_of(self)
        translated_keys = NewsPage.objects.child_of(self).values("translation_key")
        return news.filter(
            news.child_of_q(self)
            | (news.child_of_q(original) & ~models.Q(translation_key__in=translated_keys))
        )

    @cached_property
    def original_index(self) -> NewsIndexPage | None:
        """The live index in the site's default language, when this one is a translation of it.

        A page is served in its own language, so in the default language this index is
        the original and no query is needed.
        """
        if active_language_code() == default_language_code():
            return None
        return (
            NewsIndexPage.objects.live()
            .filter(
                translation_key=self.translation_key, locale__language_code=default_language_code()
            )
            .exclude(pk=self.pk)
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = self.news()
        jurisdictions = list(Jurisdiction.objects.filter(news_items__in=news).distinct())
        tags = list(
            Tag.objects.filter(cms_newspagetag_items__content_object__in=news)
            .distinct()
            .order_by("name")
        )

        chosen, notices = {}, []
        for param, options, unknown in (
            (
                "jurisdiction",
                jurisdictions,
                gettext("There is no news for a jurisdiction called “%(name)s”."),
            ),
            ("tag", tags, gettext("There is no news tagged “%(name)s”.")),
        ):
            slug = request.GET.get(param, "").strip()
            if slug:
                match = next((option for option in options if option.slug == slug), None)
                if match is None:
                    notices.append(unknown % {"name": slug[:40]})
                    news = news.none()
                else:
                    chosen[param] = match
        jurisdiction, tag = chosen.get("jurisdiction"), chosen.get("tag")
        if jurisdiction:
            news = news.filter(jurisdiction=jurisdiction)
        if tag:
            news = news.filter(tags__slug=tag.slug)
        filters = {param: option.slug for param, option in chosen.items()}

        paginator = Paginator(news, settings.NEWS_PER_PAGE)
        # get_page() turns a missing, non-numeric or out-of-range number into a real page.
        page_of_news = paginator.get_page(request.GET.get("page", 1))

        context.update(
            news_page=page_of_news,
            news_from_original=any(item.locale_id != self.locale_id for item in page_of_news),
            paginator=paginator,
            jurisdictions=jurisdictions,
            tags=tags,
            active_jurisdiction=jurisdiction,
            active_tag=tag,
            filter_notices=notices,
            filter_query=urlencode(filters),
            filter_links=self._filter_links(filters, jurisdictions, tags),
            canonical_url=self.listing_canonical_url(request, filters, page_of_news.number),
            feed_url=self.url + self.reverse_subpage("jurisdiction_feed", args=[jurisdiction.slug])
            if jurisdiction
            else self.url + self.reverse_subpage("feed"),
        )
        return context

    def _filter_links(self, filters, jurisdictions, tags):
        """Plain links for each filter value, each keeping the other active filter."""

        def link(**change):
            query = {**filters, **change}
            query = {key: value for key, value in query.items() if value}
            return f"{self.url}?{urlencode(query)}" if query else self.url

        return {
            "all_jurisdictions": link(jurisdiction=None),
            "jurisdictions": [(j, link(jurisdiction=j.slug)) for j in jurisdictions],
            "all_tags": link(tag=None),
            "tags": [(t, link(tag=t.slug)) for t in tags],
        }

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @path("feed/", name="feed")
    def feed(self, request):
        from cms.feeds import NewsFeed

        return NewsFeed(index_page=self)(request)

    @re_path(r"^feed/(?P<slug>[-\w]+)/$", name="jurisdiction_feed")
    def jurisdiction_feed(self, request, slug):
        from cms.feeds import NewsFeed

        jurisdiction = Jurisdiction.objects.originals().filter(slug=slug).first()
        if jurisdiction is None:
            raise Http404("No such jurisdiction")
        return NewsFeed(index_page=self, jurisdiction=jurisdiction)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class RuleStatus(models.TextChoices):
    """How far along the rule a news item reports is."""

    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    IN_FORCE = "in_force", _("In force")
    ENFORCED = "enforced", _("Enforced")


class NewsPageQuerySet(PageQuerySet):
    def listing(self):
        """Live, public news, newest first, with what a listing shows in a fixed number of queries."""
        return (
            self.live()
            .public()
            .select_related("jurisdiction", "locale")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )


class NewsPageManager(PageManager.from_queryset(NewsPageQuerySet)):
    pass


class NewsPage(SitePage):
    """One piece of regulatory news: what a jurisdiction decided and where the rule stands."""

    date = models.DateField(_("Publication date"), default=datetime.date.today)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="news_items",
        # The original, in the site's default language: its translations are for display.
        limit_choices_to=in_default_language,
    )
    rule_status = models.CharField(
        _("Status of the rule"),
        max_length=20,
        choices=RuleStatus.choices,
        default=RuleStatus.ADOPTED,
    )
    in_force_from = models.DateField(
        null=True, blank=True, help_text=_("When the rule takes or took effect, if known.")
    )
    summary = models.TextField(
        max_length=400,
        help_text=_("Two or three sentences shown in lists, feeds and link previews."),
    )
    body = StreamField(NewsStreamBlock(), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)
    sources = StreamField([("source", SourceBlock())], blank=True)

    objects = NewsPageManager()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel(
                    # A short list: a plain select beats the snippet chooser.
                    [FieldPanel("date"), FieldPanel("jurisdiction", widget=forms.Select)]
                ),
                FieldRowPanel([FieldPanel("rule_status"), FieldPanel("in_force_from")]),
            ],
            heading=_("About this news"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("sources"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("jurisdiction", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []
    # A translated news item keeps the original jurisdiction (filters and feeds use it).
    override_translatable_fields = [SynchronizedField("jurisdiction")]

    @property
    def listing_summary(self) -> str:
        return self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = self.get_parent()
        context["tags"] = list(self.tags.all())
        return context

    @cached_property
    def published_datetime(self) -> datetime.datetime:
        """The publication date as a moment, for feeds and Open Graph."""
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(9, 0)))
