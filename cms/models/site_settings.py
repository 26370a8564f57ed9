from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from cms.blocks import SocialLinkBlock


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What every page of a site shares: footer, contact, privacy page, social links."""

    tagline = models.CharField(
        max_length=160,
        blank=True,
        help_text=_(
            "A short line under the site name, and the description of pages that have "
            "none. Once the site has Site text (Snippets), that is used instead, in each language."
        ),
    )
    footer_text = models.TextField(
        blank=True,
        help_text=_(
            "Shown at the foot of every page, unless the site has Site text (Snippets), "
            "which editors translate."
        ),
    )
    contact_email = models.EmailField(blank=True)
    privacy_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown when a page is shared and has no image of its own (1200×630 works best)."
        ),
    )

    panels = [
        FieldPanel("tagline"),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("contact_email"),
                FieldPanel("privacy_policy_page"),
            ],
            heading=_("Footer"),
        ),
        FieldPanel("social_links"),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = _("Site settings")
