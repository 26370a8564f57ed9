"""The links to take a decision on a listing, offered when it fits and the user may take it.

Which decision fits which listing, and who may take it, are rules on the model:
`Organisation.can_approve()`, `can_reject()`, `needs_review`, `user_can_moderate`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.menus import MenuItem

from ..models import Organisation

LIST_URL_NAME = "supporters_organisation:list"
EDIT_URL_NAME = "supporters_organisation:edit"


def status_label(organisation: Organisation) -> str:
    if organisation.pending_changes:
        return _("%(status)s · changes pending") % {"status": organisation.get_status_display()}
    return str(organisation.get_status_display())


def moderation_url(action_type: str, organisation: Organisation, next_url: str = "") -> str:
    """The confirmation page of a bulk action, for this one listing."""
    url = reverse("wagtail_bulk_action", args=["supporters", "organisation", action_type])
    query = [("id", organisation.pk)]
    if next_url:
        query.append(("next", next_url))
    return f"{url}?{urlencode(query)}"


#: The decisions a moderator can take on one listing: (label, bulk action, icon, fits the listing).
DECISIONS = (
    (gettext_lazy("Approve"), "approve", "check", Organisation.can_approve),
    (gettext_lazy("Reject"), "reject", "cross", Organisation.can_reject),
)


def moderation_menu_items(organisation: Organisation, user, next_url: str) -> list[MenuItem]:
    """The decisions that fit this listing, each a link to its confirmation page."""
    if not Organisation.user_can_moderate(user):
        return []
    return [
        MenuItem(
            label,
            moderation_url(action_type, organisation, next_url),
            icon_name=icon_name,
            priority=priority,
        )
        for priority, (label, action_type, icon_name, fits) in enumerate(DECISIONS, start=1)
        if fits(organisation)
    ]
