"""Approve and reject listings in bulk, each through its service, with one note for all."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from core.admin import DecisionBulkActionMixin

from .. import services
from ..models import Organisation
from .forms import ApproveForm, RejectForm
from .moderation import status_label


class OrganisationModerationAction(DecisionBulkActionMixin, SnippetBulkAction):
    """Approve or reject the selected listings, each through its service, with one note for all."""

    models = [Organisation]
    template_name = "supporters/admin/confirm_bulk_moderation.html"

    #: Subclasses say what they do.
    question = ""
    confirm_label = ""
    not_applicable_message = ""
    button_class = ""
    noun = "organisation"
    noun_plural = "organisations"
    is_applicable: Callable[[Organisation], bool]

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" acts on the work queue, never on the whole table.
        return Organisation.objects.needing_review().values_list("pk", flat=True)

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        applicable = [
            organisation for organisation in objects if type(self).is_applicable(organisation)
        ]
        skipped = [
            organisation for organisation in objects if not type(self).is_applicable(organisation)
        ]
        return applicable, {**extra, "items_not_applicable": skipped}

    def object_context(self, organisation):
        return {**super().object_context(organisation), "status": status_label(organisation)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_title": self.display_name,
                "question": self.question,
                "confirm_label": self.confirm_label,
                "not_applicable_message": self.not_applicable_message,
                "button_class": self.button_class,
                "items_not_applicable": [
                    self.object_context(organisation)
                    for organisation in context["items_not_applicable"]
                ],
            }
        )
        return context

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "note": self.cleaned_form.cleaned_data.get("note", ""),
        }

    #: The service that takes the decision on one listing: decide(organisation=, actor=, note=).
    decide: Callable[..., Organisation]

    @classmethod
    def execute_action(cls, objects, user=None, note="", **kwargs):
        # Lock the rows and look again: a listing withdrawn since the page was
        # shown must not be approved.
        locked = (
            Organisation.objects.select_for_update()
            .filter(pk__in=[obj.pk for obj in objects])
            .order_by("pk")
        )
        done = 0
        for organisation in locked:
            if cls.is_applicable(organisation):
                cls.decide(organisation=organisation, actor=user, note=note)
                done += 1
        return done, 0


class ApproveBulkAction(OrganisationModerationAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected organisations")
    action_priority = 10
    form_class = ApproveForm
    is_applicable = staticmethod(Organisation.can_approve)
    decide = staticmethod(services.organisation_approve)
    question = _("These go on the public list (or their changes do), and each contact is told:")
    confirm_label = _("Yes, approve")
    done = _("Approved")
    not_applicable_message = _(
        "Not approved: withdrawn, unverified, or already approved with no changes to check:"
    )


class RejectBulkAction(OrganisationModerationAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected organisations")
    action_priority = 20
    form_class = RejectForm
    button_class = "serious"
    is_applicable = staticmethod(Organisation.can_reject)
    decide = staticmethod(services.organisation_reject)
    question = _(
        "New registrations stay off the public list; approved listings keep their approved version "
        "and lose the changes. Each contact is told, with your reason:"
    )
    confirm_label = _("Yes, reject")
    done = _("Rejected")
    not_applicable_message = _(
        "Not rejected: only registrations awaiting review and changes to check can be:"
    )
