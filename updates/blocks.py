"""A sign-up form editors can place in the body of any page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class SubscribeBlock(blocks.StructBlock):
    """The updates sign-up form. On a cached page it carries no CSRF token: the site's
    script fetches one and shows the form; without JavaScript a link leads to the
    same form on its own page."""

    heading = blocks.CharBlock(max_length=120, default="Get campaign updates")
    text = blocks.TextBlock(
        required=False, help_text=_("A sentence or two on what people will receive.")
    )
    button_label = blocks.CharBlock(max_length=40, default="Sign up")

    def get_context(self, value, parent_context=None):
        from .forms import SubscribeForm

        context = super().get_context(value, parent_context=parent_context)
        page = (parent_context or {}).get("page")
        source_url = getattr(page, "url", "") or ""
        context["form"] = SubscribeForm(initial={"source_url": source_url})
        return context

    class Meta:
        icon = "mail"
        label = _("Sign-up for updates")
        template = "updates/blocks/subscribe_block.html"
