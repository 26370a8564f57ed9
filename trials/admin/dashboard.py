"""How many sponsor names wait for review, on the admin home page."""

from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse
from wagtail.admin.ui.components import Component

from ..models import SponsorMapping
from .mappings import LIST_URL_NAME


class MappingsToReviewPanel(Component):
    name = "trials_mappings_to_review"
    template_name = "trials/admin/mappings_panel.html"
    order = 70

    def get_context_data(self, parent_context=None):
        waiting = SponsorMapping.objects.filter(review=SponsorMapping.Review.UNREVIEWED)
        totals = waiting.aggregate(trials=Sum("trial_count"))
        return {
            "count": waiting.count(),
            "trials": totals["trials"] or 0,
            "list_url": reverse(LIST_URL_NAME),
        }
