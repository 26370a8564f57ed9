"""The "needs review" count on the admin home page."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from ..models import Organisation
from .moderation import LIST_URL_NAME


class NeedsReviewPanel(Component):
    """How many listings wait for a moderator, with a link to exactly those."""

    name = "supporters_needing_review"
    template_name = "supporters/admin/needs_review_panel.html"
    order = 50

    def get_context_data(self, parent_context=None):
        return {
            "count": Organisation.objects.needing_review().count(),
            "list_url": f"{reverse(LIST_URL_NAME)}?needs_review=true",
        }
