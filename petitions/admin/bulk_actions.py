"""Invalidate and accept signatures in bulk, through petitions.services, after a confirmation."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from core.admin import DecisionBulkActionMixin

from .. import services
from ..models import Signature
from .display import display_email, display_name, flag_label
from .filters import filtered_signatures
from .links import SIGNATURES_INSPECT_URL_NAME
from .permissions import can_review_signatures

#: How many selected signatures the confirmation page names; the rest are counted.
PREVIEW_LIMIT = 100


class SignatureReviewAction(DecisionBulkActionMixin, SnippetBulkAction):
    """Decide on the selected signatures in one go, through the service, after a confirmation.

    "Select all in listing" sends the listing's own filters and search along, and
    this action applies them again, so it acts on exactly the rows the editor was
    looking at (all of them, not just one page). The selection stays a query: it
    is neither loaded into memory nor spelt out as a list of ids, so ten thousand
    flagged signatures are decided in one UPDATE.
    """

    models = [Signature]
    template_name = "petitions/admin/confirm_bulk_review.html"

    #: Subclasses say what they do.
    question = ""
    not_applicable_message = ""
    confirm_label = ""
    noun = "signature"
    noun_plural = "signatures"

    @classmethod
    def applicable(cls, signatures: QuerySet) -> QuerySet:
        raise NotImplementedError

    @classmethod
    def decide(cls, *, signatures: QuerySet, actor) -> int:
        raise NotImplementedError

    @cached_property
    def selected(self) -> QuerySet:
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            return filtered_signatures(self.request.GET)
        ids = [value for value in ids if value.isdigit()]
        return Signature.objects.filter(pk__in=ids)

    #: True while the confirmation page is built: it loads only the rows it names.
    confirming = False

    @cached_property
    def applicable_rows(self) -> QuerySet:
        """The selected signatures this decision changes, newest first."""
        selected = self.selected.select_related("petition").order_by("-created_at")
        return type(self).applicable(selected)

    def get_actionable_objects(self):
        # The permission is checked once for all in dispatch(); nothing is per row.
        # Wagtail's confirmation page loads and renders every actionable row: here
        # it gets the first PREVIEW_LIMIT applicable ones, and the rest are counted.
        # Deciding (confirming False) acts on the whole selection, in one query.
        rows = self.applicable_rows[:PREVIEW_LIMIT] if self.confirming else self.selected
        return rows, {"items_with_no_access": []}

    def object_context(self, signature):
        return {
            "item": signature,
            "name": display_name(signature),
            "email": display_email(signature),
            "status": signature.get_status_display(),
            "flag": flag_label(signature),
            "url": reverse(SIGNATURES_INSPECT_URL_NAME, args=[signature.pk]),
        }

    def decision_context(self, applicable: QuerySet) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        self.confirming = True
        try:
            context = super().get_context_data(**kwargs)
        finally:
            self.confirming = False
        applicable_count = self.applicable_rows.count()
        context.update(
            {
                "applicable_count": applicable_count,
                "not_shown_count": max(0, applicable_count - PREVIEW_LIMIT),
                "not_applicable_count": self.selected.count() - applicable_count,
                "action_title": self.display_name,
                "question": self.question,
                "not_applicable_message": self.not_applicable_message,
                "confirm_label": self.confirm_label,
                "button_class": " ".join(sorted(self.classes)),
                **self.decision_context(self.applicable_rows),
            }
        )
        return context

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return cls.decide(signatures=cls.applicable(objects), actor=user), 0


class InvalidateBulkAction(SignatureReviewAction):
    display_name = _("Invalidate")
    action_type = "invalidate"
    aria_label = _("Invalidate the selected signatures")
    action_priority = 20
    classes = {"serious"}
    question = _(
        "These signatures stop counting and can no longer be confirmed. Their signers are not told."
    )
    not_applicable_message = _("already invalid, and stay as they are.")
    confirm_label = _("Yes, invalidate")
    done = _("Invalidated")

    @classmethod
    def applicable(cls, signatures):
        return signatures.not_invalid()

    @classmethod
    def decide(cls, *, signatures, actor):
        return services.signatures_invalidate(signatures=signatures, actor=actor)


class AcceptBulkAction(SignatureReviewAction):
    display_name = _("Accept (clear flag)")
    action_type = "accept"
    aria_label = _("Accept the selected flagged signatures")
    action_priority = 10
    question = _(
        "The flag is cleared and these signatures count like any other "
        "(once confirmed, on a petition that counts confirmed signatures only)."
    )
    not_applicable_message = _("not flagged, or invalid, and stay as they are.")
    confirm_label = _("Yes, accept")
    done = _("Accepted")

    @classmethod
    def applicable(cls, signatures):
        return signatures.awaiting_review()

    def decision_context(self, applicable):
        # Held past a limit: accepting is what sends their confirmation link.
        return {"held_count": applicable.confirmation_withheld().count()}

    @classmethod
    def decide(cls, *, signatures, actor):
        return services.signatures_clear_flag(signatures=signatures, actor=actor)


def bulk_action_buttons(user) -> list[ListingButton]:
    """The bar under the list offers invalidate and accept, never Wagtail's generic delete."""
    if not can_review_signatures(user):
        return []
    return [
        ListingButton(
            action.display_name,
            reverse("wagtail_bulk_action", args=["petitions", "signature", action.action_type]),
            attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
            priority=action.action_priority,
            classname=" ".join(sorted({"bulk-action-btn", *action.classes})),
        )
        for action in (AcceptBulkAction, InvalidateBulkAction)
    ]
