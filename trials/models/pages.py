"""The tracker's public pages: the league table with its sponsors and trials, and the
methodology editors write.

`TrackerPage` (at /trials/ when its slug is "trials") is one page with routes of its
own: the league table at its address, a sponsor's page at `sponsors/<slug>/`, a trial's
page at `<NCT number>/`. The JSON and CSV of the league and of each sponsor are plain
Django views (trials/views.py, at `league.json`, `sponsors/<slug>.csv`, ... under the
page's address) since Wagtail's page addresses cannot hold a dot. `MethodologyPage`
stands under it and explains the rules; its template adds every registered rule set's
name, summary and published source, so the sources show whatever editors write.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import CampaignStreamBlock
from cms.models import SitePage

from .. import charts, rules, selectors
from .records import ReportingStatus, SponsorClass

NCT_PATTERN = r"NCT\d{8}"
# A sponsor's page lists this many of its trials at a time.
SPONSOR_TRIALS_PER_PAGE = 50


class TrackerPage(RoutablePageMixin, SitePage):
    """The trial-reporting tracker: how well each sponsor reports its trials' results.

    The league lists sponsors with at least `minimum_due_trials` trials due under the
    chosen rule set, from the counts the last import made (`SponsorRecord`), so a page
    of it costs the same few queries with ten sponsors or fifty thousand.
    """

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the league table: what the tracker measures, in a few lines."),
    )
    minimum_due_trials = models.PositiveIntegerField(
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A sponsor appears in the league once at least this many of its trials are due."
        ),
    )
    per_page = models.PositiveSmallIntegerField(
        default=50,
        validators=[MinValueValidator(10), MaxValueValidator(500)],
        help_text=_("Sponsors on each page of the league table."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("minimum_due_trials"), FieldPanel("per_page")],
            heading=_("League table"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["trials.MethodologyPage"]
    # One per home page, and so one per language (each language has its own home).
    max_count_per_parent = 1
    # Every parameter any of its routes reads: the page cache keys on these alone.
    page_cache_query_params = ("rules", "class", "sort", "status", "page")
    template = "trials/tracker_page.html"

    class Meta:
        verbose_name = _("trial tracker")

    @property
    def listing_summary(self) -> str:
        return strip_tags(self.intro)

    def get_cached_paths(self) -> list[str]:
        """The league's first view and its open data, purged when the page is published."""
        return ["/", "/league.json", "/league.csv"]

    # --- Addresses --------------------------------------------------------------

    def _base_url(self, request=None) -> str:
        return self.get_url(request) or "/"

    def sponsor_url(self, slug: str, request=None) -> str:
        return self._base_url(request) + self.reverse_subpage("sponsor", args=[slug])

    def trial_url(self, nct_id: str, request=None) -> str:
        return self._base_url(request) + self.reverse_subpage("trial", args=[nct_id])

    def league_export_url(self, fmt: str, request=None) -> str:
        return f"{self._base_url(request)}league.{fmt}"

    def sponsor_export_url(self, slug: str, fmt: str, request=None) -> str:
        return f"{self._base_url(request)}sponsors/{slug}.{fmt}"

    def methodology(self) -> MethodologyPage | None:
        return MethodologyPage.objects.live().public().child_of(self).first()

    def minimum_due(self) -> int:
        return max(1, self.minimum_due_trials or 1)

    # --- Routes -----------------------------------------------------------------

    def _common_context(self, request, filters: selectors.Filters) -> dict:
        return {
            "filters": filters,
            "rule_set": filters.rule_set,
            "rule_sets": list(rules.RULE_SETS.values()),
            "methodology": self.methodology(),
            "licence": selectors.licence(),
            "data_timestamp": selectors.data_timestamp(),
        }

    @path("", name="league")
    def league(self, request):
        filters = selectors.read_filters(request.GET)
        rows = selectors.league_rows(filters, minimum_due=self.minimum_due())
        paginator = Paginator(rows, max(1, self.per_page or 50))
        # get_page() turns a missing, non-numeric or out-of-range number into a real page.
        page_of_rows = paginator.get_page(request.GET.get("page", 1))
        context = self._common_context(request, filters)
        context.update(
            rows=page_of_rows,
            paginator=paginator,
            sponsor_classes=SponsorClass.choices,
            sorts=[
                {"key": key, "label": label, "active": key == filters.sort}
                for key, label in (
                    ("percent", _("Percentage reported")),
                    ("due", _("Due trials")),
                    ("overdue", _("Overdue trials")),
                    ("name", _("Name")),
                )
            ],
            filter_query=urlencode(filters.query()),
            **self._export_urls(
                self.league_export_url("json", request),
                self.league_export_url("csv", request),
                filters.query(with_sort=True),
            ),
            shows_sample=any(row.sponsor.is_sample for row in page_of_rows),
            canonical_url=self.listing_canonical_url(request, filters.query(), page_of_rows.number),
        )
        return self.render(request, context_overrides=context)

    @path("sponsors/<slug:slug>/", name="sponsor")
    def sponsor(self, request, slug: str):
        sponsor = selectors.sponsor_for_page(slug)
        if sponsor is None:
            raise Http404("No such sponsor")
        filters = selectors.read_filters(request.GET, statuses=True)
        paginator = Paginator(selectors.sponsor_trials(sponsor, filters), SPONSOR_TRIALS_PER_PAGE)
        page_of_trials = paginator.get_page(request.GET.get("page", 1))
        organisation = sponsor.organisation
        if organisation is not None and not organisation.is_public:
            organisation = None  # only an approved listing is shown anywhere in public
        base = self.sponsor_url(sponsor.slug, request)
        context = self._common_context(request, filters)
        context.update(
            sponsor=sponsor,
            records=selectors.sponsor_records(sponsor),
            trials=page_of_trials,
            paginator=paginator,
            statuses=ReportingStatus.choices,
            chart=charts.percent_chart(selectors.sponsor_snapshots(sponsor, filters.rule_set_key)),
            organisation=organisation,
            supporters_url=_supporters_search_url(organisation),
            filter_query=urlencode(filters.query()),
            **self._export_urls(
                self.sponsor_export_url(sponsor.slug, "json", request),
                self.sponsor_export_url(sponsor.slug, "csv", request),
                filters.query(with_class=False, with_sort=False),
            ),
            shows_sample=sponsor.is_sample or any(t.is_sample for t in page_of_trials),
            canonical_url=self._canonical(request, base, filters.query(), page_of_trials.number),
            page_title=sponsor.name,
        )
        return self.render(request, template="trials/sponsor.html", context_overrides=context)

    @re_path(rf"^(?P<nct_id>{NCT_PATTERN})/$", name="trial")
    def trial(self, request, nct_id: str):
        trial = selectors.trial_for_page(nct_id)
        if trial is None:
            raise Http404("No such trial")
        filters = selectors.read_filters({})
        context = self._common_context(request, filters)
        sponsor = trial.sponsor
        context.update(
            trial=trial,
            judgements=selectors.trial_judgements(trial),
            sponsor=sponsor,
            shows_sample=trial.is_sample or bool(sponsor and sponsor.is_sample),
            canonical_url=self.trial_url(trial.nct_id, request),
            page_title=f"{trial.nct_id}: {trial.brief_title}"
            if trial.brief_title
            else trial.nct_id,
        )
        return self.render(request, template="trials/trial.html", context_overrides=context)

    @staticmethod
    def _export_urls(json_url: str, csv_url: str, query: dict) -> dict[str, str]:
        """The open data of what the page shows: the same filters, every row."""
        suffix = f"?{urlencode(query)}" if query else ""
        return {"json_url": json_url + suffix, "csv_url": csv_url + suffix}

    def _canonical(self, request, base: str, query: dict, page_number: int) -> str:
        query = {key: value for key, value in query.items() if value}
        if page_number > 1:
            query["page"] = page_number
        absolute = request.build_absolute_uri(base)
        return f"{absolute}?{urlencode(query)}" if query else absolute


def _supporters_search_url(organisation) -> str:
    """The organisation's entry in the supporters list: its name searched there. The
    list's page is found by its type's name, since trials may not import supporters'
    models (pyproject.toml's contracts)."""
    if organisation is None:
        return ""
    index_page = (
        Page.objects.live()
        .public()
        .filter(content_type__app_label="supporters", content_type__model="supportersindexpage")
        .first()
    )
    if index_page is None or not index_page.url:
        return ""
    return f"{index_page.url}?{urlencode({'q': organisation.name})}"


class MethodologyPage(SitePage):
    """How the tracker judges trials: what editors write, then each rule set's source.

    The rule sets' names, summaries and published sources come from the code
    (`trials.rules.RULE_SETS`), so they show whatever the body says or leaves out.
    """

    intro = models.TextField(blank=True, help_text=_("The opening paragraph, shown large."))
    body = StreamField(CampaignStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["trials.TrackerPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "trials/methodology_page.html"

    class Meta:
        verbose_name = _("tracker methodology")

    @property
    def listing_summary(self) -> str:
        return self.intro

    def get_other_cached_paths(self) -> list[str]:
        """The tracker's pages link here by this page's title: purge the league with it."""
        parent = self.get_parent()
        if parent is None:
            return []
        parts = parent.get_url_parts()
        return [parts[2]] if parts else []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rule_sets"] = list(rules.RULE_SETS.values())
        context["default_rule_set"] = rules.DEFAULT_RULE_SET
        context["tracker"] = self.get_parent()
        return context
