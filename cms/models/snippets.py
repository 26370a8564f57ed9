from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.translatable import TranslatableQuerySet, TranslatedOriginalMixin


class Jurisdiction(TranslatedOriginalMixin, TranslatableMixin, index.Indexed, models.Model):
    """A place whose rules a news item reports: UK, EU, USA, Global, or any editors add.

    The slug is what readers see in filter links and feed addresses
    (`/news/?jurisdiction=uk`, `/news/feed/uk/`), so it should stay stable once
    published.

    Editors translate the name (Translate, in the snippet listing); the slug and
    order are the original's in every language. News items and feeds link to the
    original, in the site's default language (`Jurisdiction.objects.originals()`),
    and pages show `jurisdiction.translated.name`.
    """

    name = models.CharField(max_length=80)
    slug = models.SlugField(
        max_length=40,
        help_text=_("Used in addresses, e.g. 'uk' gives /news/?jurisdiction=uk."),
    )
    sort_order = models.PositiveSmallIntegerField(
        default=100, help_text=_("Lower numbers come first in filters.")
    )

    objects = TranslatableQuerySet.as_manager()

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("sort_order")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale"), ("name", "locale")]

    def __str__(self) -> str:
        return self.name


class SiteText(TranslatableMixin, models.Model):
    """A site's tagline and footer text in one language.

    Site settings are one row per site, so they cannot hold a text per language:
    these words live here instead, one row per site and language, and editors
    translate them like any snippet (Translate, in the listing). Pages show the
    row in the visitor's language, else the original; a site without site text
    shows the tagline and footer text of its settings (`cms.site_text.site_words`).
    """

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    tagline = models.CharField(
        max_length=160,
        blank=True,
        help_text="A short line under the site name, and the description of pages that have none.",
    )
    footer_text = models.TextField(blank=True, help_text="Shown at the foot of every page.")

    objects = TranslatableQuerySet.as_manager()

    override_translatable_fields = [SynchronizedField("site")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "site text"
        verbose_name_plural = "site text"
        unique_together = [("translation_key", "locale"), ("site", "locale")]

    def __str__(self) -> str:
        return f"Tagline and footer: {self.site.site_name or self.site.hostname}"
