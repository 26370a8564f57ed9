from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Jurisdiction(index.Indexed, models.Model):
    """A place whose rules a news item reports: UK, EU, USA, Global, or any editors add.

    The slug is what readers see in filter links and feed addresses
    (`/news/?jurisdiction=uk`, `/news/feed/uk/`), so it should stay stable once
    published.
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=40,
        unique=True,
        help_text=_("Used in addresses, e.g. 'uk' gives /news/?jurisdiction=uk."),
    )
    sort_order = models.PositiveSmallIntegerField(
        default=100, help_text=_("Lower numbers come first in filters.")
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name
