"""The signatures panel on the admin home page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from ..abuse import refusals_in_last_hour
from ..models import Signature, Status
from .filters import awaiting_review
from .links import PETITIONS_URL_NAMESPACE, awaiting_review_url


class SignaturesPanel(Component):
    """Today's confirmed signatures, the flagged ones waiting for an editor (and how many
    of those have had no email yet), and what the ceiling refused in the last hour."""

    name = "petitions_signatures"
    template_name = "petitions/admin/signatures_panel.html"
    order = 60

    def get_context_data(self, parent_context=None):
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        waiting = awaiting_review(Signature.objects.all())
        return {
            "confirmed_today": Signature.objects.filter(
                status=Status.CONFIRMED, confirmed_at__gte=midnight
            ).count(),
            "awaiting_review": waiting.count(),
            "held": waiting.filter(confirmation_held=True, status=Status.PENDING).count(),
            "refused": refusals_in_last_hour(),
            "awaiting_review_url": awaiting_review_url(),
            "petitions_url": reverse(f"{PETITIONS_URL_NAMESPACE}:index"),
        }
