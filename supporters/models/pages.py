"""The public list of supporting organisations."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from wagtail.admin.panels import FieldPanel
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from cms.models import SitePage
from core.page_cache import current_generation

from .. import names
from .organisations import Category, Organisation


class SupportersIndexPage(SitePage):
    """The public list of organisations that support the campaign (approved ones only)."""

    intro = models.TextField(blank=True)
    register_text = models.TextField(
        blank=True, help_text="Shown beside the link inviting organisations to register."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("register_text")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    page_cache_query_params = ("q", "country", "category", "letter", "page")

    @property
    def listing_summary(self) -> str:
        return self.intro

    def get_cached_paths(self) -> list[str]:
        """The views of the list a CDN most likely holds: the first one and each letter
        (purged with every change to the list; see supporters/purge.py for the rest)."""
        return ["/", *(f"?{urlencode({'letter': letter})}" for letter in self.LETTERS)]

    @staticmethod
    def register_url() -> str:
        return reverse("supporters:register")

    # A page of the list is never the whole list (at most one letter, 100 names), so it
    # renders in about the same time with 300 organisations as with 10,000.
    LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ#")
    DEFAULT_PER_PAGE = 100
    SEARCH_MAX_LENGTH = 100
    # Must match the {% image %} spec in supporters/components/organisation.html, so the
    # renditions fetched with a page of organisations are the ones it shows.
    LOGO_SPEC = "max-160x80"

    def organisations(self):
        """Everything this page may show: approved listings only, whatever the filters."""
        return Organisation.objects.approved()

    @staticmethod
    def a_to_z(organisations):
        """The list's order: by letter, names outside A-Z ('#') last, then by name.

        Letter first keeps each letter in one group whatever the database's
        collation does with punctuation or other scripts.
        """
        outside_a_to_z = models.Case(
            models.When(letter="#", then=models.Value(1)), default=models.Value(0)
        )
        return organisations.order_by(outside_a_to_z, "letter", "sort_name", "pk")

    @staticmethod
    def name_matches(query: str) -> Q:
        """Names containing the query, ignoring case, accents, punctuation and a leading 'The'."""
        condition = Q(name__icontains=query)
        normalised = names.normalise_name(query)
        if normalised:
            condition |= Q(normalised_name__contains=normalised)
        return condition

    def get_context(self, request, *args, **kwargs):
        """The list filtered by plain query parameters, so any view of it is a shareable link:
        `?country=DE&category=journal&q=trials&letter=M&page=2`."""

        context = super().get_context(request, *args, **kwargs)
        approved = self.organisations()
        countries, categories, total = self._filter_options(approved)
        chosen = self._read_filters(request.GET, countries, categories)

        matching = approved
        if chosen["country"]:
            matching = matching.filter(country=chosen["country"]["code"])
        if chosen["category"]:
            matching = matching.filter(category=chosen["category"]["code"])
        if chosen["notices"] or chosen["search_error"]:
            matching = matching.none()
        elif chosen["q"]:
            matching = matching.filter(self.name_matches(chosen["q"]))
        per_letter = dict(
            matching.order_by().values_list("letter").annotate(count=models.Count("pk"))
        )
        letter = chosen["letter"]

        # Links keep the other filters and the search; choosing a country or category
        # starts again from A, since the chosen letter may have nobody left.
        filters = {
            "country": chosen["country"] and chosen["country"]["code"],
            "category": chosen["category"] and chosen["category"]["code"],
            "q": chosen["q"] if not chosen["search_error"] else "",
        }
        # A new page in preview has no address yet: its links stay on the preview.
        base_url = self.get_url(request) or request.path

        def link(**change) -> str:
            query = {key: value for key, value in {**filters, **change}.items() if value}
            return f"{base_url}?{urlencode(query)}" if query else base_url

        for param, options in (("country", countries), ("category", categories)):
            for option in options:
                option["url"] = link(**{param: option["code"]})
                option["active"] = option is chosen[param]
        letters = [
            {
                "letter": each,
                "count": per_letter.get(each, 0),
                "url": link(letter=each),
                "active": each == letter,
            }
            for each in self.LETTERS
        ]

        listed = matching.filter(letter=letter) if letter else matching
        paginator = Paginator(
            self._with_logos(self.a_to_z(listed)),
            getattr(settings, "SUPPORTERS_PER_PAGE", self.DEFAULT_PER_PAGE),
        )
        # Known from the letter counts already: spares a COUNT over the whole list.
        paginator.count = per_letter.get(letter, 0) if letter else sum(per_letter.values())
        # get_page() turns a missing, non-numeric or out-of-range number into a real page.
        organisations_page = paginator.get_page(request.GET.get("page", 1))
        self._with_trial_records(organisations_page)

        listing_query = {
            key: value for key, value in {**filters, "letter": letter}.items() if value
        }

        context.update(
            organisations_page=organisations_page,
            paginator=paginator,
            total_count=total,
            countries=countries,
            categories=categories,
            active_country=chosen["country"],
            active_category=chosen["category"],
            active_letter=letter,
            letters=letters,
            all_countries_url=link(country=None),
            all_categories_url=link(category=None),
            all_letters_url=link(),
            clear_search_url=link(q=None),
            search_query=chosen["q"],
            search_error=chosen["search_error"],
            search_hidden_fields={
                key: value for key, value in filters.items() if value and key != "q"
            },
            filter_notices=chosen["notices"],
            filter_query=urlencode(listing_query),
            canonical_url=self.listing_canonical_url(
                request, listing_query, organisations_page.number
            ),
        )
        return context

    def _read_filters(self, params, countries, categories) -> dict:
        """The visitor's filters, checked against what the list offers.

        Only values found among the options reach the database (the search words
        aside); anything else becomes a notice and an empty list, never an error.
        """
        chosen = {"notices": [], "search_error": ""}
        for param, options, unknown in (
            (
                "country",
                countries,
                gettext_lazy("No organisations from “%(value)s” are on the list."),
            ),
            (
                "category",
                categories,
                gettext_lazy("There is no category called “%(value)s” on the list."),
            ),
        ):
            value = params.get(param, "").strip()
            chosen[param] = None
            if value:
                match = next((o for o in options if o["code"].lower() == value.lower()), None)
                if match is None:
                    chosen["notices"].append(unknown % {"value": value[:40]})
                chosen[param] = match

        letter = params.get("letter", "").strip().upper()
        if letter and letter not in self.LETTERS:
            chosen["notices"].append(
                _("There is no letter “%(letter)s” in the list.") % {"letter": letter[:10]}
            )
            letter = ""
        chosen["letter"] = letter

        # NUL is never part of a name, and PostgreSQL refuses it in a query.
        query = " ".join(params.get("q", "").replace("\x00", "").split())
        if len(query) > self.SEARCH_MAX_LENGTH:
            chosen["search_error"] = _(
                "Please search for something shorter (at most %(limit)s characters)."
            ) % {"limit": self.SEARCH_MAX_LENGTH}
        chosen["q"] = query
        return chosen

    @staticmethod
    def _with_trial_records(organisations_page) -> None:
        """Each listed organisation's trial-reporting record, if it is a sponsor the
        trials tracker names (`organisation.trial_record`, else None): one query a page.

        Records change with each recount, which clears the page cache and purges this
        page from the CDN (trials.services.records)."""
        # Imported here: trials.services reaches supporters.services, which needs these models.
        from trials import services as trials_services

        listed = list(organisations_page.object_list)
        records = trials_services.organisation_records([o.pk for o in listed])
        for organisation in listed:
            organisation.trial_record = records.get(organisation.pk)
        organisations_page.object_list = listed

    def _with_logos(self, organisations):
        """Each organisation's logo and its one rendition, in two queries for any number of rows."""

        renditions = (
            get_image_model().get_rendition_model().objects.filter(filter_spec=self.LOGO_SPEC)
        )
        return organisations.select_related("logo").prefetch_related(
            models.Prefetch("logo__renditions", queryset=renditions)
        )

    def _filter_options(self, approved):
        """Countries and categories that approved listings have, with counts, and the total.

        Counting them reads every approved row, the one part of the page that grows
        with the list, and every view of the list (each letter, page, search) shows
        the same answer. So while the page cache is on the counts by code are kept under its
        generation, which every change to the public list replaces.
        """

        if not settings.PAGE_CACHE_ENABLED:
            return self._named_filter_options(*self._count_filter_options(approved))
        key = f"supporters:filter-counts:{self.pk}:{current_generation()}"
        counts = cache.get(key)
        if counts is None:
            counts = self._count_filter_options(approved)
            cache.set(key, counts, settings.PAGE_CACHE_SECONDS)
        return self._named_filter_options(*counts)

    @staticmethod
    def _count_filter_options(approved):

        by_country, by_category, total = {}, {}, 0
        pairs = (
            approved.order_by()
            .values_list("country", "category")
            .annotate(count=models.Count("pk"))
        )
        for country, category, count in pairs:
            total += count
            if country:
                by_country[country] = by_country.get(country, 0) + count
            if category:
                by_category[category] = by_category.get(category, 0) + count
        return by_country, by_category, total

    @staticmethod
    def _named_filter_options(by_country: dict, by_category: dict, total: int):
        """The counts by code (the same in every language) as options named in the
        visitor's language, countries in the alphabetical order of that language."""
        country_options = sorted(
            (
                {"code": code, "name": str(countries.name(code) or code), "count": count}
                for code, count in by_country.items()
            ),
            key=lambda option: names.fold(option["name"]),
        )
        category_options = [
            {"code": code, "name": str(label), "count": by_category[code]}
            for code, label in Category.choices
            if code in by_category
        ]
        return country_options, category_options, total
