"""The moderators' side of the supporters list in the Wagtail admin.

Every change of status goes through supporters.services, which writes the
listing's history row and sends the emails after commit. The admin's own edit
form only fixes the listing's details: it never touches status, approval date or
pending changes.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import ngettext
from django_countries import countries
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusFlagColumn, StatusTagColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.widgets.button import Button
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.side_panels import SnippetStatusSidePanel
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView

from core.page_cache import clear_page_cache
from core.spreadsheets import FormulaSafeExportMixin

from . import names, services
from .admin_forms import ApproveForm, RejectForm
from .models import Category, Organisation, Status

LIST_URL_NAME = "supporters_organisation:list"
EDIT_URL_NAME = "supporters_organisation:edit"

# Columns Organisation.save() derives from the name and website.
DERIVED_FIELDS = ("normalised_name", "website_domain", "sort_name", "letter", "updated_at")


# --- Which decision fits which listing ----------------------------------------


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
    return policy_registry.get_by_type(Organisation).user_has_permission(user, "change")


def moderation_menu_items(organisation: Organisation, user, next_url: str) -> list[MenuItem]:
    if not user_can_moderate(user):
        return []
    items = []
    if can_approve(organisation):
        items.append(
            MenuItem(
                "Approve",
                moderation_url("approve", organisation, next_url),
                icon_name="check",
                priority=1,
            )
        )
    if can_reject(organisation):
        items.append(
            MenuItem(
                "Reject",
                moderation_url("reject", organisation, next_url),
                icon_name="cross",
                priority=2,
            )
        )
    return items


# --- Listing -------------------------------------------------------------------


def _export_datetime(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class OrganisationIndexView(FormulaSafeExportMixin, IndexView):
    custom_field_preprocess = {
        "approved_at": {IndexView.FORMAT_CSV: _export_datetime},
    }

    def _get_title_column(self, *args, **kwargs):
        column = super()._get_title_column(*args, **kwargs)
        column.sort_key = "sort_name"  # A-Z as the public list has it, not by raw name
        return column

    def search_queryset(self, queryset):
        """Name contains the query, ignoring case and accents ('medecins' finds 'Médecins')."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        condition = Q(name__icontains=query)
        if folded := names.normalise_name(query):
            condition |= Q(normalised_name__contains=folded)
        return queryset.filter(condition)

    @cached_property
    def listing_url(self) -> str:
        """This listing with its filters, search and page: where a decision returns to."""
        params = self.request.GET.copy()
        for private in ("_w_filter_fragment", "export"):
            params.pop(private, None)
        return f"{self.index_url}?{params.urlencode()}" if params else self.index_url

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        return [*moderation_menu_items(instance, self.request.user, self.listing_url), *buttons]


LIST_DISPLAY = [
    "name",
    StatusTagColumn(
        "status", label="Status", accessor=status_label, sort_key="status", primary=needs_review
    ),
    Column(
        "country",
        label="Country",
        accessor=lambda organisation: organisation.country.name,
        sort_key="country",
    ),
    Column("category", label="Category", accessor="get_category_display", sort_key="category"),
    StatusFlagColumn(
        "possible_duplicate_of_id", label="Duplicate?", true_label="Possible duplicate"
    ),
    DateColumn("created_at", label="Registered", sort_key="created_at"),
]


# --- Create and edit --------------------------------------------------------------


def _form_field_names(form) -> list[str]:
    model_fields = {field.name for field in Organisation._meta.get_fields()}
    return [name for name in form.fields if name in model_fields]


class OrganisationStatusSidePanel(SnippetStatusSidePanel):
    """Wagtail's side panel without its "Live" line: a listing's status is in the Moderation panel."""

    def get_status_templates(self, context):
        return [
            name
            for name in super().get_status_templates(context)
            if not name.endswith("/workflow.html")
        ]


class ModerationSidePanelsMixin:
    def get_side_panels(self):
        side_panels = super().get_side_panels()
        for panel in side_panels:
            if type(panel) is SnippetStatusSidePanel:
                panel.__class__ = OrganisationStatusSidePanel
        return side_panels


class OrganisationCreateView(ModerationSidePanelsMixin, CreateView):
    """A moderator adds a listing: it starts awaiting review, with its first history row."""

    def save_instance(self):
        data = {name: self.form.cleaned_data[name] for name in _form_field_names(self.form)}
        data.pop("possible_duplicate_of", None)  # the service looks for duplicates itself
        organisation = services.organisation_create(
            name=data.pop("name"),
            status=Status.AWAITING_REVIEW,
            actor=self.request.user,
            note="Added in the admin.",
            **data,
        )
        log(organisation, "wagtail.create", user=self.request.user)
        self.new_revision = None
        return organisation


class OrganisationEditView(ModerationSidePanelsMixin, EditView):
    """Moderators fix a listing's details; its status moves only through approve and reject."""

    def save_instance(self):
        organisation = self.form.save(commit=False)
        # Only the fields on the form (and what save() derives from them), so a
        # decision taken while this form was open is never written back over.
        organisation.save(update_fields=[*_form_field_names(self.form), *DERIVED_FIELDS])
        self.form.save_m2m()
        log(
            organisation,
            "wagtail.edit",
            user=self.request.user,
            content_changed=self.form.has_changed(),
        )
        if organisation.status == Status.APPROVED:
            transaction.on_commit(clear_page_cache)
        self.new_revision = None
        return organisation

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for item in moderation_menu_items(self.object, self.request.user, self.get_edit_url()):
            buttons.append(Button.from_menu_item(item))
        return buttons


# --- The moderation panel on the edit page --------------------------------------------


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
        return image.title if image else f"Image {image_id} (deleted)"
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
            "from": statuses.get(decision.from_status, decision.from_status) or "New",
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
                    "needs_review": needs_review(organisation),
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


# --- Bulk approve and reject ------------------------------------------------------------


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
        if not user_can_moderate(request.user):
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
    is_applicable = staticmethod(can_approve)

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
    is_applicable = staticmethod(can_reject)

    @classmethod
    def decide(cls, *, organisation, actor, note):
        services.organisation_reject(organisation=organisation, actor=actor, note=note)


# --- Dashboard ---------------------------------------------------------------------------


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
