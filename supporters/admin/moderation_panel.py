"""The Moderation panel on a listing's edit page: status, decisions, pending changes, history."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries
from wagtail.admin.panels import Panel
from wagtail.admin.utils import get_user_display_name
from wagtail.images import get_image_model

from ..models import Category, Organisation, Status
from .moderation import EDIT_URL_NAME, moderation_menu_items, status_label


def _display(field: str, value) -> str:
    """A public field's value, stored or proposed, as a moderator reads it."""
    if field == "country":
        code = getattr(value, "code", value) or ""
        return countries.name(code) or code
    if field == "category":
        return dict(Category.choices).get(value, value or "")
    if field == "logo":
        image_id = getattr(value, "pk", value)
        if not image_id:
            return ""
        image = get_image_model().objects.filter(pk=image_id).first()
        return image.title if image else _("Image %(id)s (deleted)") % {"id": image_id}
    return "" if value is None else str(value)


def pending_changes_rows(organisation: Organisation) -> list[dict]:
    rows = []
    for field, proposed in (organisation.pending_changes or {}).items():
        try:
            label = capfirst(Organisation._meta.get_field(field).verbose_name)
        except FieldDoesNotExist:  # proposed before the field was removed
            label = field
        rows.append(
            {
                "label": label,
                "current": _display(field, getattr(organisation, field, None)),
                "proposed": _display(field, proposed),
            }
        )
    return rows


def history_rows(organisation: Organisation) -> list[dict]:
    statuses = dict(Status.choices)
    return [
        {
            "when": decision.created_at,
            "who": get_user_display_name(decision.actor) if decision.actor else "—",
            "from": statuses.get(decision.from_status, decision.from_status)
            or pgettext("status before", "New"),
            "to": statuses.get(decision.to_status, decision.to_status),
            "note": decision.note,
        }
        for decision in organisation.decisions.select_related("actor").order_by(
            "-created_at", "-pk"
        )
    ]


class ModerationPanel(Panel):
    """Status (read only), the decisions to take, pending changes, possible duplicate and history."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "supporters/admin/moderation_panel.html"

        def is_shown(self):
            return self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            organisation = self.instance
            duplicate = organisation.possible_duplicate_of
            edit_url = reverse(EDIT_URL_NAME, args=[organisation.pk])
            context.update(
                {
                    "organisation": organisation,
                    "status_label": status_label(organisation),
                    "needs_review": organisation.needs_review,
                    "actions": moderation_menu_items(organisation, self.request.user, edit_url),
                    "duplicate": duplicate,
                    "duplicate_url": reverse(EDIT_URL_NAME, args=[duplicate.pk])
                    if duplicate
                    else "",
                    "pending_changes": pending_changes_rows(organisation),
                    "history": history_rows(organisation),
                }
            )
            return context
