"""The petition page editors publish: what is asked, of whom, and how signing works."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.models import SitePage

DEFAULT_CONSENT_TEXT = (
    "I agree that the campaign may keep my name, email address and the details above "
    "to count my signature, and show my name only if I ask it to."
)
DEFAULT_UPDATES_TEXT = (
    "Send me occasional campaign updates by email (you can unsubscribe at any time)."
)
DEFAULT_CONFIRMATION_TEXT = (
    "Thank you for signing. Your signature counts once you confirm it: open the link "
    "below and press the button on the page it opens."
)
DEFAULT_ALREADY_SIGNED_TEXT = (
    "Someone, probably you, tried to sign this petition again with this email address. "
    "Each person can sign once, so nothing has changed."
)


class CountMode(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed signatures only"
    ALL = "all", "All signatures, confirmed or not"


class PetitionPageForm(WagtailAdminPageForm):
    """The page editor's form: two milestones may not share a number."""

    def is_valid(self) -> bool:
        # The milestone forms are validated with the page's, after `clean`.
        valid = super().is_valid()
        formset = self.formsets.get("milestones")
        if formset is None:
            return valid
        seen = set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            threshold = data.get("threshold")
            if not threshold or data.get("DELETE"):
                continue
            if threshold in seen:
                form.add_error("threshold", "Another milestone already has this number.")
                valid = False
            seen.add(threshold)
        return valid


def source_petitions(petitions: models.QuerySet | None = None) -> models.QuerySet:
    """Of `petitions` (all of them by default), those every translation signs: the
    first page of each translation group (`PetitionPage.petition_for_signatures`).
    A subquery, so still one query."""
    petitions = PetitionPage.objects.all() if petitions is None else petitions
    firsts = (
        PetitionPage.objects.order_by()
        .values("translation_key")
        .annotate(first=models.Min("pk"))
        .values("first")
    )
    return petitions.filter(pk__in=firsts)


class PetitionPage(SitePage):
    """A petition: an ask addressed to someone, signed by the public, with a live count.

    Several petitions can run at once; each has its own signatures, count, widget and
    opening times. The count comes from petitions/counts.py and never from a column
    on this page, so signing never writes to the petition.
    """

    ask = models.TextField(help_text="What the petition asks for, in a sentence or two.")
    addressed_to = models.CharField(
        max_length=200,
        help_text="Who the petition is addressed to, e.g. “Governments and regulators”.",
    )
    body = RichTextField(blank=True, help_text="Why it matters: shown under the ask.")
    goal = models.PositiveIntegerField(
        default=100_000, help_text="The count the progress bar aims for."
    )
    opens_at = models.DateTimeField(
        null=True, blank=True, help_text="Signing opens at this time. Empty: open on publishing."
    )
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Signing closes at this time. Empty: no closing date."
    )
    count_mode = models.CharField(
        max_length=10,
        choices=CountMode.choices,
        default=CountMode.CONFIRMED,
        help_text="Which signatures the public count shows.",
    )
    # Signatures collected before this site (on paper, on an earlier site): a number
    # with its source, and rows imported from a CSV (petitions/imports.py). One switch
    # decides whether the public count includes both.
    earlier_signatures = models.PositiveIntegerField(
        default=0,
        help_text=(
            "Signatures collected before this site that are not imported as rows (a "
            "total from paper forms or an earlier site). Do not include rows you import "
            "from a CSV: they are counted on their own."
        ),
    )
    earlier_signatures_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where they come from, e.g. “Collected on paper and on the earlier site, 2013–2024”.",
    )
    include_earlier_signatures = models.BooleanField(
        default=True,
        verbose_name="Include earlier signatures in the public count",
        help_text="Adds the number above and any imported signatures to the count, the page and the widget.",
    )

    ask_country = models.BooleanField(default=True, help_text="Ask for (and require) a country.")
    ask_postcode = models.BooleanField(default=False, help_text="Ask for an optional postcode.")
    ask_comment = models.BooleanField(default=False, help_text="Ask for an optional comment.")
    consent_text = models.TextField(
        default=DEFAULT_CONSENT_TEXT,
        help_text="The statement a signer must tick. Each signature records the version it agreed to.",
    )
    updates_text = models.CharField(
        max_length=300,
        default=DEFAULT_UPDATES_TEXT,
        help_text="The label of the optional “send me campaign updates” box.",
    )

    thank_you_text = RichTextField(
        default="<p>Thank you: your signature now counts. Please share the petition.</p>",
        help_text="Shown once a signer has confirmed.",
    )
    confirmation_email_subject = models.CharField(
        max_length=150, default="Please confirm your signature"
    )
    confirmation_email_text = models.TextField(
        default=DEFAULT_CONFIRMATION_TEXT,
        help_text="The confirmation email, before the link we add to it.",
    )
    already_signed_email_text = models.TextField(
        default=DEFAULT_ALREADY_SIGNED_TEXT,
        help_text="Sent when someone signs again with an address that has already signed.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("ask"),
        FieldPanel("addressed_to"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("goal"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("count_mode"),
            ],
            heading="Goal, dates and count",
        ),
        InlinePanel(
            "milestones",
            heading="Milestones",
            label="Milestone",
            help_text="Counts on the way to the goal and what happens at each. The page "
            "shows the next one; editors get an email when one is reached.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("earlier_signatures"),
                FieldPanel("earlier_signatures_note"),
                FieldPanel("include_earlier_signatures"),
            ],
            heading="Signatures collected before this site",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("ask_country"),
                        FieldPanel("ask_postcode"),
                        FieldPanel("ask_comment"),
                    ]
                ),
                FieldPanel("consent_text"),
                FieldPanel("updates_text"),
            ],
            heading="Signing form",
        ),
        MultiFieldPanel(
            [
                FieldPanel("thank_you_text"),
                FieldPanel("confirmation_email_subject"),
                FieldPanel("confirmation_email_text"),
                FieldPanel("already_signed_email_text"),
            ],
            heading="Thank-you page and emails",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("ask"),
        index.SearchField("addressed_to"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    base_form_class = PetitionPageForm
    template = "petitions/petition_page.html"
    header_button_target = True  # the header's Sign button (petitions/calls_to_action.py)

    class Meta:
        verbose_name = "petition"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The petition must close after it opens."})

    @property
    def listing_summary(self) -> str:
        return self.ask

    @property
    def counts_pending(self) -> bool:
        return self.count_mode == CountMode.ALL

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def state(self, now: datetime.datetime | None = None) -> str:
        """“not-open-yet”, “open” or “closed”, for templates."""
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return "not-open-yet"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"

    def petition_for_signatures(self) -> PetitionPage:
        """The one petition every translation of this one signs: its source page.

        A translation (wagtail-localize) is a page of its own sharing the source's
        `translation_key`, and is always created after it, so the group's first page is
        the source. Signatures, the count, its history, milestones reached, imports and
        share codes all belong to that page, so the (petition, email) constraint holds
        across languages, and every translation shows one count. A process remembers
        the answer per cache generation (publishing renews it); the views' `_petition`
        hands it over with the page itself.
        """
        known = self.__dict__.get("_for_signatures")
        if known is not None:
            return known
        from core.page_cache import LOCAL_CACHE, current_generation

        local = caches[LOCAL_CACHE]
        key = f"petitions:source:{self.translation_key}:{current_generation()}"
        source = local.get(key)
        if source is None:
            source = (
                PetitionPage.objects.filter(translation_key=self.translation_key)
                .order_by("pk")
                .first()
            ) or self
            local.set(key, source, 60)
        self._for_signatures = self if source.pk == self.pk else source
        return self._for_signatures

    def in_language(self, language: str) -> PetitionPage:
        """This petition as shown in `language`: its live translation, else itself."""
        with translation.override(language):
            page = self.localized
        if page.pk != self.pk:
            page._for_signatures = self.petition_for_signatures()
        return page

    @property
    def is_translation(self) -> bool:
        """A translation of another petition, whose signatures count on that one."""
        return self.petition_for_signatures().pk != self.pk

    def tally(self):
        from petitions.counts import petition_tally

        return petition_tally(self.petition_for_signatures().pk)

    def sign_url(self) -> str:
        return reverse("petitions:sign", args=[self.pk])

    def resend_url(self) -> str:
        return reverse("petitions:resend", args=[self.pk])

    def count_json_url(self) -> str:
        return reverse("petitions:count", args=[self.pk])

    def widget_url(self) -> str:
        return reverse("petitions:widget", args=[self.pk])

    def history_json_url(self) -> str:
        return reverse("petitions:history_json", args=[self.pk])

    def history_csv_url(self) -> str:
        return reverse("petitions:history_csv", args=[self.pk])

    def get_other_cached_paths(self) -> list[str]:
        """The count and widget partners embed, the page after signing, and the count's
        history files, all showing the petition's title and state: a CDN may keep them
        (cms/purge.py). They are under the page's own language's address (/es/...),
        and the count and widget also as partners ask for them in each language
        (`?lang=`)."""
        with translation.override(self.locale.language_code if self.locale_id else None):
            widget, count = self.widget_url(), self.count_json_url()
            paths = [
                count,
                widget,
                f"{widget}?size=compact",
                reverse("petitions:check_email", args=[self.pk]),
                self.history_json_url(),
                self.history_csv_url(),
            ]
        for code, _name in settings.LANGUAGES:
            paths += [f"{count}?lang={code}", f"{widget}?lang={code}"]
        return paths

    def get_context(self, request, *args, **kwargs):
        from petitions.forms import SignatureForm
        from petitions.history import petition_growth_context

        context = super().get_context(request, *args, **kwargs)
        context["tally"] = self.tally()
        context["form"] = SignatureForm(petition=self)
        context["cached_form"] = True
        context.update(petition_growth_context(self, context["tally"]))
        return context

    def serve(self, request, *args, **kwargs):
        from core.page_cache import mark_cacheable
        from petitions.counts import page_cache_seconds

        response = super().serve(request, *args, **kwargs)
        # The count on the cached page may be no older than the configured lag.
        mark_cacheable(request, seconds=page_cache_seconds())
        return response
