"""Which decision fits which listing, who may take it, and the links to take it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from wagtail.admin.ui.menus import MenuItem

from core.admin import user_can

from ..models import Organisation, Status

LIST_URL_NAME = "supporters_organisation:list"
EDIT_URL_NAME = "supporters_organisation:edit"


def needs_review(organisation: Organisation) -> bool:
    """Organisation.objects.needing_review(), for one listing already in hand."""
    return organisation.status == Status.AWAITING_REVIEW or (
        organisation.status == Status.APPROVED and bool(organisation.pending_changes)
    )


def can_approve(organisation: Organisation) -> bool:
    """A registration awaiting review, changes to an approved listing, or a rejection reconsidered.

    Never a withdrawn listing (the organisation asked to leave) nor one whose
    contact has not verified their email yet.
    """
    return needs_review(organisation) or organisation.status == Status.REJECTED


def can_reject(organisation: Organisation) -> bool:
    """A registration awaiting review, or changes to an approved listing (which then stays as it was).

    Not an approved listing without changes: taking a listing off the public
    list is not a rejection, and the contact's email would say otherwise.
    """
    return needs_review(organisation)


def status_label(organisation: Organisation) -> str:
    label = organisation.get_status_display()
    if organisation.pending_changes:
        label += " · changes pending"
    return label


def moderation_url(action_type: str, organisation: Organisation, next_url: str = "") -> str:
    """The confirmation page of a bulk action, for this one listing."""
    url = reverse("wagtail_bulk_action", args=["supporters", "organisation", action_type])
    query = [("id", organisation.pk)]
    if next_url:
        query.append(("next", next_url))
    return f"{url}?{urlencode(query)}"


def user_can_moderate(user) -> bool:
    return user_can(user, Organisation, "change")


#: The decisions a moderator can take on one listing: (label, bulk action, icon, fits the listing).
DECISIONS = (
    ("Approve", "approve", "check", can_approve),
    ("Reject", "reject", "cross", can_reject),
)


def moderation_menu_items(organisation: Organisation, user, next_url: str) -> list[MenuItem]:
    """The decisions that fit this listing, each a link to its confirmation page."""
    if not user_can_moderate(user):
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
