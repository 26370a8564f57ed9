"""Approve and reject listings in bulk, each through its service, with one note for all."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .. import services
from ..models import Organisation
from .forms import ApproveForm, RejectForm
from .moderation import status_label


class OrganisationModerationAction(SnippetBulkAction):
    """Approve or reject the selected listings, each through its service, with one note for all."""

    models = [Organisation]
    template_name = "supporters/admin/confirm_bulk_moderation.html"

    #: Subclasses say what they do.
    title = ""
    question = ""
    confirm_label = ""
    not_applicable_message = ""
    button_class = ""
    is_applicable: Callable[[Organisation], bool]

    def dispatch(self, request, *args, **kwargs):
        if not Organisation.user_can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, organisation):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", organisation
        )

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
                "action_title": self.title,
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
            "user": self.request.user,
            "note": self.cleaned_form.cleaned_data.get("note", ""),
        }

    @classmethod
    def decide(cls, *, organisation: Organisation, actor, note: str) -> None:
        raise NotImplementedError

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

    def get_success_message(self, num_parent_objects, num_child_objects):
        noun = ngettext("organisation", "organisations", num_parent_objects)
        return f"{self.done} {num_parent_objects} {noun}."


class ApproveBulkAction(OrganisationModerationAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected organisations"
    action_priority = 10
    form_class = ApproveForm
    title = "Approve"
    question = "These go on the public list (or their changes do), and each contact is told:"
    confirm_label = "Yes, approve"
    done = "Approved"
    not_applicable_message = (
        "Not approved: withdrawn, unverified, or already approved with no changes to check:"
    )
    is_applicable = staticmethod(Organisation.can_approve)

    @classmethod
    def decide(cls, *, organisation, actor, note):
        services.organisation_approve(organisation=organisation, actor=actor, note=note)


class RejectBulkAction(OrganisationModerationAction):
    display_name = "Reject"
    action_type = "reject"
    aria_label = "Reject the selected organisations"
    action_priority = 20
    form_class = RejectForm
    title = "Reject"
    question = (
        "New registrations stay off the public list; approved listings keep their approved version "
        "and lose the changes. Each contact is told, with your reason:"
    )
    confirm_label = "Yes, reject"
    done = "Rejected"
    button_class = "serious"
    not_applicable_message = (
        "Not rejected: only registrations awaiting review and changes to check can be:"
    )
    is_applicable = staticmethod(Organisation.can_reject)

    @classmethod
    def decide(cls, *, organisation, actor, note):
        services.organisation_reject(organisation=organisation, actor=actor, note=note)
