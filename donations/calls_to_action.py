"""The header's Donate button (cms/calls_to_action.py, named in CMS_CALLS_TO_ACTION)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cms.calls_to_action import CallToAction

from .models import DonatePage
from .stripe_gateway import stripe_is_configured


def donate(site) -> CallToAction | None:
    """Donate, on the site's donate page; nothing while payments are not set up
    (as `DonatePage.is_offered`), since the page could only say so."""
    if not stripe_is_configured():
        return None
    page = DonatePage.objects.live().public().descendant_of(site.root_page).first()
    if page is None:
        return None
    return CallToAction(
        name="donate", label=_("Donate"), url=page.get_url(current_site=site), page_id=page.pk
    )
